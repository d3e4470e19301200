"""Summary-table commands: ``zorgzaam findings list BUURT`` and ``zorgzaam findings decide ID``."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, gettext, gettext_noop


def register(subparsers: argparse._SubParsersAction) -> None:
    findings = subparsers.add_parser("findings", help="the summary table / de samenvattende tabel")
    actions = findings.add_subparsers(dest="findings_command", metavar="ACTION")
    listing = actions.add_parser("list", help="findings of a neighbourhood (--refresh: from a new profile)")
    listing.add_argument("target", metavar="BUURT")
    listing.add_argument("--workspace")
    listing.add_argument("--refresh", action="store_true", help="compute the profile and record its signals")
    listing.add_argument("--xlsx", metavar="FILE")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)
    decide = actions.add_parser("decide", help="accept, reject or annotate a finding")
    decide.add_argument("id", type=int)
    decide.add_argument("--status", choices=["open", "accepted", "rejected"])
    decide.add_argument("--note")
    add_json_flag(decide)
    decide.set_defaults(handler=run_decide)

    from zorgzaam.plan.tree_commands import register as register_plan

    register_plan(subparsers)  # zorgzaam plan tree|add|move|action|norm|measure|check


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.plan.findings import refresh_neighbourhood, summary_rows
    from zorgzaam.profile.service import resolve_target

    neighbourhood, area, workspace = resolve_target(args.target, args.workspace)
    if neighbourhood is None:
        from zorgzaam.messages import ZorgzaamError

        raise ZorgzaamError("neighbourhood_not_found", name=args.target)
    lang = current_language()
    counts = None
    if args.refresh:
        counts = refresh_neighbourhood(neighbourhood)
    rows = summary_rows(neighbourhood.workspace, neighbourhood, lang)
    if args.xlsx:
        import pandas as pd

        from zorgzaam.spreadsheets import frame_to_xlsx

        frame_to_xlsx(pd.DataFrame([{k: v for k, v in row.items() if k != "evidence"} for row in rows]), args.xlsx)
    if args.json:
        emit(args, {"neighbourhood": neighbourhood.name, "recorded": counts, "findings": rows})
        return 0
    status_words = {"open": gettext_noop("te bekijken"), "accepted": gettext_noop("aanvaard"),
                    "rejected": gettext_noop("verworpen")}
    lines = [f"{neighbourhood.name}: {len(rows)} " + (gettext("bevindingen", lang))]
    for source, result in (counts or {}).items():
        if isinstance(result, dict):
            lines.append(f"{source}: " + (gettext("nieuw {new}, bijgewerkt {updated}, niet meer "
                                                  "gevonden {not_current}", lang)).format(**result))
        else:
            lines.append(f"{source}: {result}")
    for row in rows:
        status = gettext(status_words[row["status"]], lang)
        stale = "" if row["current"] else (gettext(" (niet meer gevonden)", lang))
        where = " · ".join(part for part in (row["theme_label"], row["block_label"]) if part)
        lines.append(f"  [{row['id']}] {status}{stale} — {row['statement']}" + (f" ({where})" if where else ""))
        if row["note"]:
            lines.append(f"        {row['note']}")
    emit(args, None, "\n".join(lines))
    return 0


def run_decide(args: argparse.Namespace) -> int:
    setup_django()
    import getpass

    from zorgzaam.plan.findings import decide

    finding = decide(args.id, status=args.status, note=args.note, user=getpass.getuser())
    emit(args, {"id": finding.pk, "status": finding.status, "note": finding.note},
         f"[{finding.pk}] {finding.status}: {finding.statement(current_language())}")
    return 0
