"""``zorgzaam report action-plan --workspace SLUG --format docx|xlsx|pdf --out FILE [--lang en] [--json]``:
the action plan as an editable Word file, a PDF or a workbook (hung under ``zorgzaam report``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from zorgzaam.console import add_json_flag, emit, setup_django


def register(kinds) -> None:
    from zorgzaam.reports.action_plan import FORMATS

    plan = kinds.add_parser("action-plan", help="the action plan: Word, PDF or XLSX")
    plan.add_argument("--workspace", help="workspace slug (default: the first)")
    plan.add_argument("--format", choices=FORMATS, default="docx")
    plan.add_argument("--out", metavar="FILE", required=True)
    plan.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)  # keeps zorgzaam --lang
    add_json_flag(plan)
    plan.set_defaults(handler=run_action_plan)


def run_action_plan(args) -> int:
    setup_django()
    from zorgzaam.areas.neighbourhood_service import get_workspace
    from zorgzaam.messages import current_language
    from zorgzaam.reports.action_plan import render

    workspace = get_workspace(args.workspace)
    data = render(workspace, args.format, lang=getattr(args, "lang", None) or current_language())
    Path(args.out).write_bytes(data)
    emit(args, {"file": args.out, "format": args.format, "bytes": len(data)}, args.out)
    return 0
