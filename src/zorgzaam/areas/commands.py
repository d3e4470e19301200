"""Area commands: ``zorgzaam areas load`` and ``zorgzaam areas show``; see zorgzaam.cli."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, gettext, pgettext


def register(subparsers) -> None:
    parser = subparsers.add_parser("areas", help="gebiedsindelingen / area levels")
    commands = parser.add_subparsers(dest="areas_command", metavar="SUBCOMMAND")

    load = commands.add_parser("load", help="gebiedsbestanden laden / load area files")
    load.add_argument("paths", nargs="+", metavar="DIR_OR_FILE",
                      help="map of bestand: hiërarchietabellen, grenzen, sectorcentroïden, Statbel-sectoren")
    add_json_flag(load)
    load.set_defaults(handler=_load)

    show = commands.add_parser("show", help="één gebied tonen / show one area")
    show.add_argument("code")
    show.add_argument("--vintage", help="versie van de codes, bv. 2025 / code vintage, e.g. 2025")
    show.add_argument("--level", help="niveau, bv. district / level, e.g. district")
    add_json_flag(show)
    show.set_defaults(handler=_show)
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def _load(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas.store import load_and_save_areas

    data = load_and_save_areas(args.paths)
    emit(args, data, _load_text(data))
    return 0


def _load_text(data: dict) -> str:
    lines = [(gettext("Geladen: {areas} gebieden, {links} koppelingen, {crosswalk} rijen in de "
                      "codetabel 2024→2025"))
             .format(**data["saved"])]
    lines.append(f"{'niveau/level':<16} {'versie':<7} {'aantal':>7} {'lokaliseerbaar':>14}  geometrie/geometry")
    for row in data["counts"]:
        kinds = ", ".join(f"{k} {v}" for k, v in row["geometry"].items())
        lines.append(f"{row['level']:<16} {row['vintage']:<7} {row['areas']:>7} {row['locatable']:>14}  {kinds}")
    for note in data["notes"]:
        if note["code"] == "sectors_without_location":
            lines.append(gettext("Let op: {count} sectoren ({vintage}) zonder gekende ligging").format(count=note['count'], vintage=note['vintage']))
        elif note["code"] == "crosswalk":
            methods = ", ".join(f"{k} {v}" for k, v in note["by_method"].items())
            lines.append(f"{gettext('Codetabel')}: {methods}; "
                         f"{gettext('niet gekoppeld')}: 2024 {note['old_codes_unpaired']}, "
                         f"2025 {note['new_codes_unpaired']}")
    lines.append(gettext("Benaderde sectorvlakken zijn Voronoi-cellen binnen de wijk, geen "
                         "officiële grenzen."))
    lines.append((gettext("Duur")) + ": " + ", ".join(f"{k} {v:.2f} s" for k, v in data["seconds"].items()))
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas.levels import LEVEL_ORDER, level_label
    from zorgzaam.areas.queries import children, crosswalk, find_area, parents, sectors_of

    lang = current_language()
    area = find_area(args.code, level=args.level, vintage=args.vintage)
    data = {"code": area.code, "name": area.name, "level": area.level, "level_label": level_label(area.level, lang),
            "vintage": area.vintage, "valid_from": area.valid_from, "valid_to": area.valid_to,
            "geometry_kind": area.geometry_kind, "is_locatable": area.is_locatable, "source": area.source,
            "parents": [{"level": p.level, "vintage": p.vintage, "code": p.code, "name": p.name}
                        for p in parents(area)]}
    counts = {}
    for level in LEVEL_ORDER[:LEVEL_ORDER.index(area.level)] if area.level in LEVEL_ORDER else []:
        total = children(area, level.value).count()
        if total:
            counts[level.value] = {"total": total, "locatable": children(area, level.value, locatable_only=True).count()}
    data["children"] = counts
    other = {"2024": "2025", "2025": "2024"}.get(area.vintage)
    entries = []
    if other:
        sectors = list(sectors_of(area).values_list("code", flat=True))
        for code in sectors:
            for row in crosswalk(code, area.vintage, other):
                if row["code"] != code:
                    entries.append({"from": code, "vintage_from": area.vintage, "to": row["code"],
                                    "vintage_to": other, "share": row["share"], "source": row["source"]})
        data["crosswalk_changed"] = entries
        data["crosswalk_unchanged"] = sum(
            1 for code in sectors if any(r["code"] == code for r in crosswalk(code, area.vintage, other)))
    emit(args, data, _show_text(data, lang))
    return 0


def _show_text(data: dict, lang: str) -> str:
    from zorgzaam.areas.levels import level_label

    kind = data["geometry_kind"] or (gettext("geen", lang))
    if kind == "approximate":
        kind += gettext(" (benaderd, geen officiële grens)", lang)
    lines = [f"{data['name']} ({data['code']})",
             f"{gettext('niveau', lang)}: {data['level_label']}, {pgettext('area vintage', 'versie', lang)} {data['vintage']}"
             + (f" ({data['valid_from']} – {data['valid_to'] or ''})" if data["valid_from"] or data["valid_to"] else ""),
             f"{gettext('geometrie', lang)}: {kind}"
             + ("" if data["is_locatable"] else (gettext(" — niet te lokaliseren", lang)))]
    if data["parents"]:
        lines.append((gettext("ligt in", lang)) + ":")
        for p in data["parents"]:
            lines.append(f"  {level_label(p['level'], lang):<18} {p['vintage']}  {p['code']:<10} {p['name']}")
    for level, count in data["children"].items():
        extra = "" if count["total"] == count["locatable"] else (
            f" ({count['locatable']} {gettext('lokaliseerbaar', lang)})")
        lines.append(f"{gettext('aantal', lang)} {level_label(level, lang)}: {count['total']}{extra}")
    if "crosswalk_changed" in data:
        lines.append((gettext("sectorcodes ongewijzigd", lang)) + f": {data['crosswalk_unchanged']}")
        for row in data["crosswalk_changed"]:
            share = "?" if row["share"] is None else f"{row['share']:.0%}"
            lines.append(f"  {row['from']} ({row['vintage_from']}) → {row['to']} ({row['vintage_to']}), "
                         f"{gettext('deel', lang)} {share}, {row['source']}")
    return "\n".join(lines)
