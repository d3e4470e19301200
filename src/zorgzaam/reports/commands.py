"""Report commands: ``zorgzaam report buurtanalyse BUURT… --format docx|pdf|html --out FILE [--json]``.

Every report made here is also kept as a new version in the workspace (as on the screen), with the inputs it
used; ``--out`` gets a copy. With ``--json`` the progress goes to stderr as one JSON object per line and the
result to stdout."""

from __future__ import annotations

import argparse
import json
import sys

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import gettext_noop
from zorgzaam.messages import register as register_messages

register_messages({"report_workspace_unclear": gettext_noop(
    "Buurt '{name}' bestaat in meer dan één werkruimte: kies er één met --workspace.")})


def register(subparsers: argparse._SubParsersAction) -> None:
    from zorgzaam.reports.buurtanalyse import FORMATS, SECTIONS

    report = subparsers.add_parser("report", help="documents to hand in / documenten om in te dienen")
    kinds = report.add_subparsers(dest="report_command", metavar="KIND")
    analysis = kinds.add_parser("buurtanalyse", help="the neighbourhood analysis with the decree checklist")
    analysis.add_argument("neighbourhoods", metavar="BUURT", nargs="*",
                          help="neighbourhood names (none: every neighbourhood of the workspace)")
    analysis.add_argument("--workspace", help="workspace slug (needed when a name is in several workspaces)")
    analysis.add_argument("--format", choices=FORMATS, default="docx")
    analysis.add_argument("--out", metavar="FILE", help="where to write a copy of the report")
    analysis.add_argument("--section", action="append", choices=SECTIONS, dest="sections",
                          help="a section to include (repeat; default: all)")
    analysis.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)  # keeps zorgzaam --lang
    add_json_flag(analysis)
    analysis.set_defaults(handler=run_buurtanalyse)

    from zorgzaam.reports.action_plan_commands import register as register_action_plan

    register_action_plan(kinds)  # zorgzaam report action-plan --format docx|xlsx|pdf --out FILE

    from zorgzaam.reports.one_page_commands import register as register_one_page

    register_one_page(kinds)  # zorgzaam report profile-page|residents BUURT --format pdf|docx|html --out FILE



def _workspace(args):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.areas.neighbourhood_service import get_workspace
    from zorgzaam.messages import ZorgzaamError

    if args.workspace:
        return get_workspace(args.workspace)
    if not args.neighbourhoods:
        raise ZorgzaamError("workspace_not_found", slug="")
    found = list(Neighbourhood.objects.filter(name=args.neighbourhoods[0]).select_related("workspace"))
    if not found:
        raise ZorgzaamError("neighbourhood_not_found", name=args.neighbourhoods[0])
    if len({n.workspace_id for n in found}) > 1:
        raise ZorgzaamError("report_workspace_unclear", name=args.neighbourhoods[0])
    return found[0].workspace


def run_buurtanalyse(args: argparse.Namespace) -> int:
    setup_django()
    import getpass
    import shutil
    from pathlib import Path

    from django.conf import settings

    from zorgzaam.messages import current_language
    from zorgzaam.reports.buurtanalyse import SECTIONS, export

    lang = args.lang or current_language()
    workspace = _workspace(args)

    def progress(fraction: float, step: str) -> None:
        if args.json:
            print(json.dumps({"progress": round(fraction, 2), "step": step}), file=sys.stderr, flush=True)

    row = export(workspace, args.neighbourhoods or None, args.format, sections=args.sections or SECTIONS,
                 lang=lang, actor=getpass.getuser(), progress=progress)
    stored = Path(settings.DATA_DIR) / row.file
    if args.out:
        shutil.copyfile(stored, args.out)
    result = {"export_id": row.pk, "version": row.version, "format": row.format, "draft": row.draft,
              "sha256": row.sha256, "size": row.size, "file": str(stored), "out": args.out or "",
              "inputs": row.inputs}
    text = (f"{row.title} — versie {row.version} ({row.format}, {row.size} bytes)"
            + (" — ONTWERP: de checklist heeft nog to-do's" if row.draft else "")
            + f"\n  {args.out or stored}")
    emit(args, result, text)
    return 0
