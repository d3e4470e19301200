"""Profile commands: ``zorgzaam indicators list``, ``zorgzaam profile …``, ``zorgzaam signals …``."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import (
    ZorgzaamError,
    current_language,
    format_number,
    gettext,
    gettext_noop,
    register,
    render,
)

register({
    "profile_bad_periods": gettext_noop("Periodes opgeven als JAAR of JAAR..JAAR, niet '{value}'."),
})


def register(subparsers: argparse._SubParsersAction) -> None:
    indicators = subparsers.add_parser("indicators", help="the indicator catalogue / de indicatorencatalogus")
    indicators_sub = indicators.add_subparsers(dest="indicators_command", metavar="ACTION")
    listing = indicators_sub.add_parser("list", help="list every indicator with its definition")
    listing.add_argument("--workspace", help="also the workspace's own indicators")
    add_json_flag(listing)
    listing.set_defaults(handler=run_indicators_list)
    add = indicators_sub.add_parser("add", help="define a team indicator over the team's own counts")
    add.add_argument("id", help="e.g. ocmw_steun_per_100")
    add.add_argument("--name", required=True, help="Dutch name")
    add.add_argument("--name-en", default="")
    add.add_argument("--numerator", nargs="+", required=True, metavar="MEASURE")
    add.add_argument("--denominator", nargs="*", default=[], metavar="MEASURE")
    add.add_argument("--scale", type=float, default=100.0)
    add.add_argument("--unit", default="")
    add.add_argument("--workspace")
    add_json_flag(add)
    add.set_defaults(handler=run_indicators_add)
    load = indicators_sub.add_parser("import", help="team indicators from a TOML file ([[indicator]] …)")
    load.add_argument("file")
    load.add_argument("--workspace")
    add_json_flag(load)
    load.set_defaults(handler=run_indicators_import)

    profile = subparsers.add_parser("profile", help="profile of a neighbourhood or area / profiel van een buurt")
    _target_arguments(profile)
    profile.add_argument("--compare", nargs="+", metavar="CODE", help="comparison areas instead of the defaults")
    profile.add_argument("--period", help="one period, e.g. 2024")
    profile.add_argument("--periods", help="a range, e.g. 2020..2025")
    profile.add_argument("--indicator", nargs="+", metavar="ID", help="only these indicators")
    profile.add_argument("--xlsx", metavar="FILE", help="write the profile as a spreadsheet")
    profile.add_argument("--docx", metavar="FILE", help="write the profile as an editable Word section")
    profile.add_argument("--csv", metavar="FILE", help="write every figure as CSV")
    add_json_flag(profile)
    profile.set_defaults(handler=run_profile)

    export = subparsers.add_parser("export", help="files for other tools / bestanden voor andere programma's")
    export_sub = export.add_subparsers(dest="export_command", metavar="FORMAT")
    gpkg = export_sub.add_parser("gpkg", help="GeoPackage (EPSG:31370) of the neighbourhoods and sectors with "
                                              "their indicator values, for QGIS")
    gpkg.add_argument("file", help="the .gpkg to write (replaced when it exists)")
    gpkg.add_argument("--workspace", help="workspace slug (default: the only or first one)")
    add_json_flag(gpkg)
    gpkg.set_defaults(handler=run_export_gpkg)

    signals = subparsers.add_parser("signals", help="signals of a neighbourhood or area / signalen")
    _target_arguments(signals)
    add_json_flag(signals)
    signals.set_defaults(handler=run_signals)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="AREA_OR_BUURT", help="a neighbourhood name or an area code")
    parser.add_argument("--workspace", help="workspace slug (default: the only or first one)")
    parser.add_argument("--level", help="area level when a code exists at several levels")


def _workspace(slug):
    from zorgzaam.areas.neighbourhood_service import get_workspace

    return get_workspace(slug)


def run_indicators_add(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.profile.service import add_team_indicators

    workspace = _workspace(args.workspace)
    rows = add_team_indicators(workspace, [{"id": args.id, "name_nl": args.name, "name_en": args.name_en,
                                            "numerator": args.numerator, "denominator": args.denominator,
                                            "scale": args.scale, "unit": args.unit}])
    emit(args, {"workspace": workspace.slug, "indicators": [r.indicator_id for r in rows]},
         (gettext("Opgeslagen in ")) + f"{workspace.name}: {rows[0].indicator_id}")
    return 0


def run_indicators_import(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.profile.service import add_team_indicators, read_team_indicator_file

    workspace = _workspace(args.workspace)
    rows = add_team_indicators(workspace, read_team_indicator_file(args.file))
    emit(args, {"workspace": workspace.slug, "indicators": [r.indicator_id for r in rows]},
         (gettext("Opgeslagen in ")) +
         f"{workspace.name}: {', '.join(r.indicator_id for r in rows)}")
    return 0


def run_indicators_list(args: argparse.Namespace) -> int:
    from zorgzaam.profile.catalogue import load_catalogue

    if args.workspace:
        setup_django()
        from zorgzaam.profile.service import workspace_catalogue

        catalogue = workspace_catalogue(_workspace(args.workspace))
    else:
        catalogue = load_catalogue()
    lang = current_language()
    if args.json:
        emit(args, {"version": catalogue.version, "themes": catalogue.themes,
                    "indicators": [i.as_dict() for i in catalogue]})
        return 0
    lines = []
    for theme, labels in catalogue.themes.items():
        members = [i for i in catalogue if i.theme == theme and not i.group]
        if not members:
            continue
        lines.append(labels.get(lang, theme).upper())
        for indicator in members:
            formula = " + ".join(indicator.numerator)
            if indicator.subtract:
                formula += " − " + " − ".join(indicator.subtract)
            if indicator.denominator:
                formula = f"({formula}) / ({' + '.join(indicator.denominator)})"
            if indicator.scale != 1:
                formula = f"{format_number(indicator.scale, lang)} × {formula}"
            note = "" if indicator.aggregable else (gettext(" [niet optelbaar]", lang))
            lines.append(f"  {indicator.id:<38} {indicator.label(lang)}{note}")
            lines.append(f"  {'':<38} {formula}")
        lines.append("")
    emit(args, None, "\n".join(lines))
    return 0


def _periods(args) -> list[str] | None:
    if getattr(args, "period", None):
        return [str(args.period)]
    value = getattr(args, "periods", None)
    if not value:
        return None
    if ".." not in value:
        raise ZorgzaamError("profile_bad_periods", value=value)
    start, end = value.split("..", 1)
    if not (start.isdigit() and end.isdigit()):
        raise ZorgzaamError("profile_bad_periods", value=value)
    return [str(year) for year in range(int(start), int(end) + 1)]


def _references(codes: list[str] | None):
    if not codes:
        return None
    from zorgzaam.areas.queries import find_area

    references = []
    for code in codes:
        area = find_area(code)
        references.append((area.level, area.code, area.vintage))
    return references


def build(args: argparse.Namespace):
    setup_django()
    from zorgzaam.profile.service import area_profile, neighbourhood_profile, resolve_target

    neighbourhood, area, workspace = resolve_target(args.target, args.workspace, args.level)
    options = {"references": _references(getattr(args, "compare", None)),
               "indicator_ids": getattr(args, "indicator", None), "periods": _periods(args)}
    if neighbourhood is not None:
        return neighbourhood_profile(neighbourhood, **options)
    return area_profile(area, workspace=workspace, **options)


def run_profile(args: argparse.Namespace) -> int:
    profile = build(args)
    from zorgzaam.profile.service import resolve_target
    lang = current_language()
    written = []
    if args.xlsx:
        from zorgzaam.profile.documents import profile_xlsx

        profile_xlsx(profile, args.xlsx, lang)
        written.append(args.xlsx)
    if args.docx:
        from zorgzaam.profile.documents import profile_docx

        maps = None
        neighbourhood, _, _ = resolve_target(args.target, args.workspace, args.level)
        if neighbourhood is not None:
            from zorgzaam.profile.service import sector_map

            drawn = sector_map(neighbourhood, "share_65plus", lang)
            maps = [drawn] if drawn else None
        profile_docx(profile, args.docx, lang, maps=maps)
        written.append(args.docx)
    if args.csv:
        from zorgzaam.profile.documents import profile_csv

        profile_csv(profile, args.csv, lang, for_people=False)  # machine output: comma and decimal point
        written.append(args.csv)
    if args.json:
        emit(args, {"area": profile.name, "focus": dict(zip(("level", "code", "vintage"), profile.focus,
                                                             strict=True)),
                    "fictional": profile.is_fictional, "sectors": profile.sectors,
                    "references": [{"level": r[0], "code": r[1], "vintage": r[2], "name": profile.names.get(r, r[1])}
                                   for r in profile.references],
                    "notes": profile.notes, "figures": profile.records(lang),
                    "ranks": profile.ranks.to_dict("records"), "change": profile.change.to_dict("records"),
                    "signals": [s.as_dict() for s in profile.signals], "written": written})
        return 0
    emit(args, None, profile_text(profile, lang) + ("\n" + "\n".join(
        (gettext("Geschreven: ", lang)) + w for w in written) if written else ""))
    return 0


def run_export_gpkg(args: argparse.Namespace) -> int:
    """``zorgzaam export gpkg FILE``: the GeoPackage the profile screen offers (``profile.gpkg``)."""
    setup_django()
    import pyogrio

    from zorgzaam.profile.gpkg import workspace_gpkg

    workspace = _workspace(args.workspace)
    workspace_gpkg(workspace, args.file, current_language())
    layers = {str(name): int(pyogrio.read_info(args.file, layer=str(name))["features"])
              for name, _ in pyogrio.list_layers(args.file)}
    lang = current_language()
    emit(args, {"workspace": workspace.slug, "file": args.file, "crs": "EPSG:31370", "layers": layers},
         (gettext("Geschreven: ", lang)) + f"{args.file} (EPSG:31370; " +
         ", ".join(f"{name}: {count}" for name, count in layers.items()) + ")")
    return 0


def profile_text(profile, lang: str) -> str:
    """A readable summary: the latest figure per indicator beside the comparison areas."""
    from zorgzaam.profile.service import reference_label

    own = profile.focus_results()
    lines = [f"{profile.name}" + (gettext(" (fictief)", lang) if profile.is_fictional else ""),
             (gettext("Sectoren: ", lang)) + ", ".join(profile.sectors)]
    headers = [reference_label(r, profile.names, lang) for r in profile.references]
    lines.append((gettext("Vergeleken met: ", lang)) + "; ".join(headers))
    lines.append("")
    comparisons = profile.comparisons
    for indicator in profile.catalogue:
        if indicator.group:
            continue
        rows = own[own["indicator"] == indicator.id]
        ok = rows[rows["status"] == "ok"]
        if len(ok):
            row = ok.sort_values("period").iloc[-1]
            value = _shown(row["value"], indicator, lang)
            refs = comparisons[(comparisons["indicator"] == indicator.id) & (comparisons["period"] == row["period"])]
            ref_text = " | ".join(_shown(v, indicator, lang) for v in refs["ref_value"])
            flag = " (!)" if row["reliability"] else ""
            lines.append(f"  {indicator.label(lang):<52} {row['period']}  {value:>12}{flag}   {ref_text}")
        else:
            row = rows.sort_values("period").iloc[-1] if len(rows) else None
            reason = render(row["reason_code"], row["reason_params"], lang=lang) if row is not None else ""
            shown = "< 5" if row is not None and row["status"] == "suppressed" else "–"
            lines.append(f"  {indicator.label(lang):<52} {'':>4}  {shown:>12}   {reason}")
    if profile.signals:
        lines += ["", gettext("SIGNALEN", lang)]
        for signal in profile.signals:
            lines.append("  • " + signal.statement[lang])
            lines.append("    " + signal.question[lang])
    if profile.notes:
        lines += [""] + profile.notes
    return "\n".join(lines)


def _shown(value, indicator, lang: str) -> str:
    return indicator.format(value, lang)


def run_signals(args: argparse.Namespace) -> int:
    profile = build(args)
    lang = current_language()
    if args.json:
        emit(args, [s.as_dict() for s in profile.signals])
        return 0
    if not profile.signals:
        emit(args, None, gettext("Geen opvallende cijfers.", lang))
        return 0
    lines = []
    for signal in profile.signals:
        lines += ["• " + signal.statement[lang], "  " + signal.question[lang]]
        for pitfall in signal.pitfalls:
            lines.append((gettext("  Let op: ", lang)) + pitfall[lang])
    emit(args, None, "\n".join(lines))
    return 0
