"""``zorgzaam report profile-page BUURT --workspace SLUG --format pdf|docx|html --out FILE`` (the one-page
neighbourhood profile) and ``zorgzaam report residents BUURT …`` (the residents' version), hung under
``zorgzaam report``. Each file written is audited, as a download on the screen is. With ``--json`` the result
is printed as JSON (with the plain-words check of the one-page profile)."""

from __future__ import annotations

import argparse
from pathlib import Path

from zorgzaam.console import add_json_flag, emit, setup_django


def register(kinds) -> None:
    from zorgzaam.reports.one_page import FORMATS

    for name, help_text, handler in (
            ("profile-page", "the one-page neighbourhood profile (A4, two sides at most)", run_profile_page),
            ("residents", "the residents' version: what we heard, found and do next (large type)", run_residents)):
        parser = kinds.add_parser(name, help=help_text)
        parser.add_argument("neighbourhood", metavar="BUURT", help="the neighbourhood's name")
        parser.add_argument("--workspace", help="workspace slug (needed when the name is in several workspaces)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--out", metavar="FILE", required=True)
        # SUPPRESS: when not given here, the global ``zorgzaam --lang`` stays in force
        parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)
        add_json_flag(parser)
        parser.set_defaults(handler=handler)


def _neighbourhood(args):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.areas.neighbourhood_service import get_workspace
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.reports.collect import neighbourhoods_of

    if args.workspace:
        return neighbourhoods_of(get_workspace(args.workspace), [args.neighbourhood])[0]
    found = list(Neighbourhood.objects.filter(name=args.neighbourhood).select_related("workspace"))
    if not found:
        raise ZorgzaamError("neighbourhood_not_found", name=args.neighbourhood)
    if len({n.workspace_id for n in found}) > 1:
        raise ZorgzaamError("report_workspace_unclear", name=args.neighbourhood)
    return found[0]


def _write(args, action: str, content: bytes, neighbourhood, extra: dict, *, kind: str, title: str,
           lang: str) -> int:
    """Write ``--out`` (audited) and keep the same file as the next version of ``kind`` in the workspace, as the
    screen does (``reports.versions``)."""
    import getpass

    from zorgzaam.reports.one_page import AUDIT_ACTIONS
    from zorgzaam.reports.versions import store_page
    from zorgzaam.workspaces.audit import record, register_actions

    register_actions(AUDIT_ACTIONS)
    Path(args.out).write_bytes(content)
    record(actor=getpass.getuser(), action=action, workspace=neighbourhood.workspace, obj=neighbourhood,
           fmt=args.format, target=Path(args.out).name)
    row = store_page(neighbourhood, kind, args.format, content, title=title, lang=lang, actor=getpass.getuser())
    emit(args, {"file": args.out, "format": args.format, "bytes": len(content), "neighbourhood": neighbourhood.name,
                "version": row.version, "export_id": row.pk} | extra, args.out)
    return 0


def run_profile_page(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.messages import current_language
    from zorgzaam.reports import one_page

    neighbourhood = _neighbourhood(args)
    lang = getattr(args, "lang", None) or current_language()
    data = one_page.gather(neighbourhood, lang)
    report = one_page.build_report(data)
    content = one_page.render(report, args.format)
    check = one_page.plain_check(report, data)
    return _write(args, "profile_page_export", content, neighbourhood, {"plain_words": check.as_dict()},
                  kind="profile_page", title=report.title, lang=lang)


def run_residents(args: argparse.Namespace) -> int:
    import getpass

    setup_django()
    from zorgzaam.messages import current_language
    from zorgzaam.reports import residents_version

    neighbourhood = _neighbourhood(args)
    lang = getattr(args, "lang", None) or current_language()
    report = residents_version.build_report(residents_version.gather(neighbourhood, lang, getpass.getuser()))
    content = residents_version.render(report, args.format)
    return _write(args, "residents_export", content, neighbourhood, {}, kind="residents", title=report.title,
                  lang=lang)
