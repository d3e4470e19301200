"""Follow-up commands: ``zorgzaam followup assessment|radar|signals|signal|check-text`` (with ``--json``).

    zorgzaam followup assessment --workspace demo-overbos
    zorgzaam followup assessment --add --date 2026-10-06 --person praktijkwerker --score detection=4 --score inclusion=2
    zorgzaam followup radar --out zelfevaluatie.svg
    zorgzaam followup signals --year 2025
    zorgzaam followup signal --date 2026-01-05 --theme wonen --description "…" --to OCMW --to "Dienst Wonen"
    zorgzaam followup check-text tekst.txt --street Kerkstraat
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, gettext


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return ""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum (JJJJ-MM-DD) / not a date (YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    followup = subparsers.add_parser("followup", help="follow-up: self-assessment, signals to policy / opvolging")
    verbs = followup.add_subparsers(dest="followup_command", metavar="ACTION")

    def verb(name: str, text: str, handler, workspace: bool = True) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=text)
        if workspace:
            parser.add_argument("--workspace", help="workspace slug (default: the first)")
        add_json_flag(parser)
        parser.set_defaults(handler=handler)
        return parser

    assess = verb("assessment", "self-assessment rounds, the two perspectives and the routes; --add a round",
                  run_assessment)
    assess.add_argument("--add", action="store_true")
    assess.add_argument("--date", type=_date)
    assess.add_argument("--person", default="", help="who scored (empty: the team together)")
    assess.add_argument("--score", action="append", default=[], metavar="BLOCK=1..5")
    radar = verb("radar", "the latest scores as a radar chart (SVG)", run_radar)
    radar.add_argument("--out", type=Path, required=True)
    signals = verb("signals", "the signal register with counts and the yearly share with a result", run_signals)
    signals.add_argument("--year", type=int)
    signals.add_argument("--theme", default="")
    signals.add_argument("--to", default="", help="addressee")
    signal = verb("signal", "record a signal to policy", run_signal)
    signal.add_argument("--date", type=_date, required=True)
    signal.add_argument("--theme", required=True)
    signal.add_argument("--description", required=True)
    signal.add_argument("--source", default="other")
    signal.add_argument("--kind", default="collective", choices=["individual", "collective"])
    signal.add_argument("--to", action="append", default=[], help="addressee (repeatable)")
    check = verb("check-text", "find personal data in a text meant for a public page", run_check, workspace=False)
    check.add_argument("file", help="a text file, or - for standard input")
    check.add_argument("--street", action="append", default=[], help="a street name of the municipality")


def _workspace(args):
    setup_django()
    from zorgzaam.areas.neighbourhood_service import get_workspace

    return get_workspace(args.workspace)


def run_assessment(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import assessment as am
    from zorgzaam.followup import services

    lang = current_language()
    if args.add:
        scores = dict(item.split("=", 1) for item in args.score if "=" in item)
        services.add_assessment(workspace, date=args.date or dt.date.today(), scores=scores,
                                scope="person" if args.person else "team", person=args.person, user=_user())
    overview = services.assessment_overview(workspace, lang)
    data = {"rounds": [{"date": r.date, "perspective": r.perspective, "scores": r.scores} for r in overview["rounds"]],
            "comparison": None, "routes": {}}
    lines = [f"{r.date} {r.perspective}: " + " ".join(f"{k}={v if v is not None else '-'}" for k, v in r.scores.items())
             for r in overview["rounds"]]
    if overview["comparison"]:
        comparison = overview["comparison"]
        data["comparison"] = {"date": comparison["date"], "first": comparison["first"],
                              "second": comparison["second"],
                              "rows": [vars(row) for row in comparison["rows"]]}
        lines.append(f"{comparison['date']}: {comparison['first']} ↔ {comparison['second']}")
        lines += [f"  {am.block_label(r.block, lang)}: {r.first} / {r.second}{' !' if r.flagged else ''}"
                  for r in comparison["rows"]]
    if overview["routes"]:
        data["routes"] = {part: [{"block": r.block, "score": r.score, "route": r.route, "prompts": list(r.prompts)}
                                 for r in rows] for part, rows in overview["routes"].items()}
    emit(args, data, "\n".join(lines) or gettext("(nog geen rondes)", lang))
    return 0


def run_radar(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import assessment as am
    from zorgzaam.followup import services

    lang = current_language()
    latest = services.assessment_overview(workspace, lang)["latest"]
    args.out.write_text(am.radar_svg({name: r.scores for name, r in latest.items()}, lang=lang), encoding="utf-8")
    emit(args, {"file": str(args.out), "perspectives": list(latest)}, str(args.out))
    return 0


def run_signals(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services
    from zorgzaam.followup import signals as sg

    lang = current_language()
    facts = services.signal_facts(workspace)
    shown = [f for f in facts if sg.matches(f, theme=args.theme, addressee=args.to, year=args.year)]
    shares = [{"year": y.year, "signals": y.signals, "with_result": y.with_result, "partial": y.partial,
               "percent": y.percent} for y in sg.yearly_share(facts)]
    data = {"signals": [{"date": f.date, "theme": f.theme, "status": f.status, "addressees": list(f.addressees),
                         "neighbourhood": f.neighbourhood, "result_date": f.result_date, "id": f.extra["pk"]}
                        for f in shown],
            "by_theme": sg.count_by(shown, "theme"), "by_addressee": sg.count_by(shown, "addressee"),
            "by_status": sg.count_by(shown, "status"), "yearly_share": shares}
    lines = [f"{f.date} {f.theme} → {', '.join(f.addressees) or '-'}: {sg.status_label(f.status, lang)}" for f in shown]
    lines += [f"{y['year']}: {y['with_result']}/{y['signals']} ({y['percent']} %)" for y in shares]
    emit(args, data, "\n".join(lines))
    return 0


def run_signal(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services

    signal = services.add_signal(workspace, date=args.date, theme=args.theme, description=args.description,
                                 source=args.source, kind=args.kind, addressees=args.to, user=_user())
    warnings = services.signal_warnings(workspace, signal.description)
    emit(args, {"id": signal.pk, "warnings": [w.kind for w in warnings]},
         f"{signal.pk}: {signal.theme}" + (f" (!: {', '.join(w.label() for w in warnings)})" if warnings else ""))
    return 0


def run_check(args) -> int:
    from zorgzaam.followup import privacy

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    found = privacy.find_personal_data(text, args.street)
    lang = current_language()
    emit(args, [{"kind": f.kind, "start": f.start, "end": f.end, "text": f.text} for f in found],
         "\n".join(f"{f.start}-{f.end} {f.label(lang)}: {f.text}" for f in found) or "-")
    return 1 if found else 0
