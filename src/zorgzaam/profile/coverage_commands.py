"""``zorgzaam data coverage``: what data do I have? Added to the ``data`` group of the sources module
(registered after it: the computation needs the indicator catalogue, which lives a floor higher)."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language


def register(subparsers: argparse._SubParsersAction) -> None:
    data = subparsers.choices.get("data")
    if data is None:  # the data group is made by zorgzaam.sources.commands
        data = subparsers.add_parser("data", help="officiële open data / official open data")
    group = next((a for a in data._actions if isinstance(a, argparse._SubParsersAction)), None)
    if group is None:
        group = data.add_subparsers(dest="data_command", metavar="ACTION")
    parser = group.add_parser("coverage", help="welke gegevens heb je? / what data do I have?")
    parser.add_argument("--workspace", help="ook de eigen gegevens van deze werkruimte / also this workspace's own")
    add_json_flag(parser)
    parser.set_defaults(handler=run_coverage)


def run_coverage(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.profile.coverage_service import workspace_coverage

    workspace = None
    if args.workspace:
        from zorgzaam.areas.neighbourhood_service import get_workspace

        workspace = get_workspace(args.workspace)
    lang = current_language()
    result = workspace_coverage(workspace, lang)
    emit(args, result.as_dict(), text(result, lang))
    return 0


def text(result, lang: str) -> str:
    nl = lang == "nl"
    if not result.families:
        return ("Er zijn nog geen gegevens. Begin met `zorgzaam data download statbel-population` en "
                "`zorgzaam import statbel-population BESTAND`." if nl else
                "There is no data yet. Start with `zorgzaam data download statbel-population` and "
                "`zorgzaam import statbel-population FILE`.")
    lines = ["GEGEVENS PER FAMILIE" if nl else "DATA PER FAMILY"]
    for family in result.families:
        lines.append(f"  {family['label']} ({family['measures']} " + ("meetwaarden)" if nl else "measures)"))
        for cell in family["coverage"]:
            version = f" {'versie' if nl else 'version'} {cell['vintage']}" if cell["vintage"] else ""
            areas = cell["areas"]
            word = ("gebied" if areas == 1 else "gebieden") if nl else ("area" if areas == 1 else "areas")
            lines.append(f"    {cell['level_label']}{version}: {cell['periods_text']} ({areas} {word})")
    lines += ["", "WELKE CIJFERS KAN JE BEREKENEN?" if nl else "WHICH FIGURES CAN YOU COMPUTE?"]
    for indicator in result.indicators:
        where = "; ".join(f"{', '.join(c['levels'])}: {c['periods_text']}" for c in indicator["summary"])
        lines.append(f"  {indicator['label']}: {where or ('nog nergens' if nl else 'nowhere yet')}")
    if result.gaps:
        lines += ["", "WAT KAN JE NOG IMPORTEREN?" if nl else "WHAT COULD YOU IMPORT?"]
        for gap in result.gaps:
            lines.append(f"  • {gap['text']}")
            lines += [f"      {command}" for command in gap["commands"]]
    return "\n".join(lines)
