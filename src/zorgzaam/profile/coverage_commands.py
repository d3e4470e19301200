"""``zorgzaam data coverage``: what data do I have? Added to the ``data`` group of the sources module
(registered after it: the computation needs the indicator catalogue, which lives a floor higher)."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, gettext, ngettext


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
    if not result.families:
        return (gettext("Er zijn nog geen gegevens. Begin met `zorgzaam data download "
                        "statbel-population` en `zorgzaam import statbel-population BESTAND`.", lang))
    lines = [gettext("GEGEVENS PER FAMILIE", lang)]
    for family in result.families:
        lines.append(f"  {family['label']} ({family['measures']} " + (gettext("meetwaarden)", lang)))
        for cell in family["coverage"]:
            version = f" {gettext('versie', lang)} {cell['vintage']}" if cell["vintage"] else ""
            areas = cell["areas"]
            word = ngettext("gebied", "gebieden", areas, lang)
            lines.append(f"    {cell['level_label']}{version}: {cell['periods_text']} ({areas} {word})")
    lines += ["", gettext("WELKE CIJFERS KAN JE BEREKENEN?", lang)]
    for indicator in result.indicators:
        where = "; ".join(f"{', '.join(c['levels'])}: {c['periods_text']}" for c in indicator["summary"])
        lines.append(f"  {indicator['label']}: {where or (gettext('nog nergens', lang))}")
    if result.gaps:
        lines += ["", gettext("WAT KAN JE NOG IMPORTEREN?", lang)]
        for gap in result.gaps:
            lines.append(f"  • {gap['text']}")
            lines += [f"      {command}" for command in gap["commands"]]
    return "\n".join(lines)
