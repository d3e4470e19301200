"""``zorgzaam plan import FILE [--map kolom=veld …] [--dry-run] --json`` (an existing action list) and
``zorgzaam plan decidim export|import`` (Decidim's accountability CSV), hung under ``zorgzaam plan``."""

from __future__ import annotations

import sys
from pathlib import Path

from zorgzaam.console import emit
from zorgzaam.messages import current_language


def register(verb) -> None:
    """``verb(name, help, handler)`` is the plan command's own helper (adds --workspace and --json)."""
    imported = verb("import", "import an existing action list (XLSX/CSV) into the tree", run_import)
    imported.add_argument("file", metavar="FILE")
    imported.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                          help="which column is which field (number, title, strategic, operational, "
                               "working_group, measure, status; empty: not used)")
    imported.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    decidim = verb("decidim", "Decidim accountability CSV: export the results, or import progress and status",
                   run_decidim)
    decidim.add_argument("what", choices=["export", "import"])
    decidim.add_argument("file", metavar="FILE", help="the CSV to write (export; '-' for stdout) or read (import)")
    decidim.add_argument("--dry-run", action="store_true")


def _workspace(args):
    from zorgzaam.plan.tree_commands import _user
    from zorgzaam.plan.tree_commands import _workspace as find

    return find(args), _user()


def run_import(args) -> int:
    workspace, user = _workspace(args)
    from zorgzaam.messages import render
    from zorgzaam.plan.plan_import import run_import as go

    lang = current_language()
    report = go(workspace, Path(args.file), overrides=args.map, dry_run=args.dry_run, user=user, lang=lang)
    lines = [f"{column} → {field or '-'}" for column, field in report["columns"].items()]
    lines += [f"! {w['message']}" for w in report["warnings"]]
    lines += [f"✗ {e['message']}" for e in report["errors"]]
    if report["refused"]:
        lines.append(render("import_refused", {"count": len({e["line"] for e in report["errors"]})}, lang=lang))
        emit(args, report, "\n".join(lines))
        return 1
    lines += [f"{p['label']}  {p['title']}" for p in report["preview"]]
    emit(args, report, "\n".join(lines))
    return 0


def run_decidim(args) -> int:
    workspace, user = _workspace(args)
    from zorgzaam.plan import decidim

    if args.what == "export":
        data = decidim.export_csv(workspace)
        if args.file == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(args.file).write_bytes(data)
            emit(args, {"file": args.file, "bytes": len(data)}, args.file)
        return 0
    report = decidim.import_results(workspace, Path(args.file).read_bytes(), name=Path(args.file).name,
                                    dry_run=args.dry_run, user=user, lang=current_language())
    lines = [f"{c['id']} {c['title']}: {c['field']} {c.get('old_label', c['old'])} → {c.get('new_label', c['new'])}"
             for c in report["changes"]] + [f"! {w['message']}" for w in report["warnings"]]
    emit(args, report, "\n".join(lines) or "-")
    return 0
