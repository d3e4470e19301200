"""Environment commands:

    zorgzaam facilities import FORMAT FILE [--workspace SLUG] [--json]    FORMAT: osm | afmps | hospitals | list | social_map
    zorgzaam facilities list [--category CAT] [--workspace SLUG] [--json]
    zorgzaam facilities merge KEEP_ID DUPLICATE_ID [--json]            fill gaps from the duplicate, retire it
    zorgzaam network import FILE.osm.pbf [--name NAME] [--json]          store a walkable network + buildings
    zorgzaam reach AREA_OR_BUURT --category CAT … [--threshold M …] [--network FILE] [--json]
    zorgzaam walkability AREA_OR_BUURT [--json]
    zorgzaam mismatch AREA_OR_BUURT [--json]
    zorgzaam environment report AREA_OR_BUURT [--docx FILE] [--xlsx FILE] [--png-dir DIR] [--json]
    zorgzaam supply AREA_OR_BUURT [--category gp] [--catchment M] [--json]      two-step floating catchment
    zorgzaam isochrone (--point X,Y | --facility ID) [--minutes 5 10 15] [--speed S] [--geojson FILE] [--png FILE]
"""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import (
    current_language,
    format_number,
    gettext,
    gettext_noop,
    pgettext,
    register,
    stored_text,
)

register({
    "isochrone_bad_point": gettext_noop(
        "'{value}' is geen punt: geef X,Y in Lambert 72 (EPSG:31370), bv. 210500,214300."),
})


def _workspace(slug):
    if not slug:
        return None
    from zorgzaam.workspaces.models import Workspace

    return Workspace.objects.filter(slug=slug).first()


def register(subparsers: argparse._SubParsersAction) -> None:
    facilities = subparsers.add_parser("facilities", help="voorzieningen / facilities")
    sub = facilities.add_subparsers(dest="facilities_command", metavar="ACTION")
    facilities.set_defaults(handler=lambda args: (facilities.print_help(), 2)[1])
    imp = sub.add_parser("import", help="voorzieningen inlezen / import facilities")
    imp.add_argument("format", choices=["osm", "afmps", "hospitals", "list", "social_map"])
    imp.add_argument("file")
    imp.add_argument("--workspace")
    add_json_flag(imp)
    imp.set_defaults(handler=run_import)
    listing = sub.add_parser("list", help="voorzieningen tonen / list facilities")
    listing.add_argument("--category")
    listing.add_argument("--workspace")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)
    merge = sub.add_parser("merge", help="dubbele voorziening samenvoegen / merge a duplicate facility")
    merge.add_argument("keep", type=int)
    merge.add_argument("duplicate", type=int)
    add_json_flag(merge)
    merge.set_defaults(handler=run_merge)

    network = subparsers.add_parser("network", help="stratennetwerk / street network")
    nsub = network.add_subparsers(dest="network_command", metavar="ACTION")
    network.set_defaults(handler=lambda args: (network.print_help(), 2)[1])
    nimp = nsub.add_parser("import", help="wandelnetwerk uit OpenStreetMap / walkable network from OSM")
    nimp.add_argument("file")
    nimp.add_argument("--name")
    add_json_flag(nimp)
    nimp.set_defaults(handler=run_network_import)

    reach = subparsers.add_parser("reach", help="bereikbaarheid te voet / walking reach")
    reach.add_argument("target", help="gebiedscode of buurtnaam / area code or neighbourhood name")
    reach.add_argument("--category", action="append", required=True)
    reach.add_argument("--threshold", action="append", type=float)
    reach.add_argument("--network", help="OSM-bestand of opgeslagen netwerk (.npz) / OSM file or saved network")
    reach.add_argument("--speed", type=float, help="wandelsnelheid m/s / walking speed m/s")
    reach.add_argument("--detour", type=float, default=1.3)
    reach.add_argument("--workspace")
    add_json_flag(reach)
    reach.set_defaults(handler=run_reach)

    walk = subparsers.add_parser("walkability", help="wandelvriendelijkheid / walkability")
    walk.add_argument("target")
    walk.add_argument("--workspace")
    add_json_flag(walk)
    walk.set_defaults(handler=run_walkability)

    mismatch = subparsers.add_parser("mismatch", help="(mis)match tussen wie en wat / who and what")
    mismatch.add_argument("target")
    mismatch.add_argument("--workspace")
    add_json_flag(mismatch)
    mismatch.set_defaults(handler=run_mismatch)

    environment = subparsers.add_parser("environment", help="omgevingsanalyse / environment analysis")
    esub = environment.add_subparsers(dest="environment_command", metavar="ACTION")
    environment.set_defaults(handler=lambda args: (environment.print_help(), 2)[1])
    report = esub.add_parser("report", help="'Wat is er in de buurt?' als Word/Excel / as Word/Excel")
    report.add_argument("target", help="gebiedscode of buurtnaam / area code or neighbourhood name")
    report.add_argument("--docx")
    report.add_argument("--xlsx")
    report.add_argument("--png-dir", help="map voor de kaarten als PNG / folder for the maps as PNG")
    report.add_argument("--category", action="append", help="soorten voorzieningen / kinds of facilities")
    report.add_argument("--threshold", action="append", type=float)
    report.add_argument("--workspace")
    add_json_flag(report)
    report.set_defaults(handler=run_environment_report)

    supply = subparsers.add_parser("supply", help="aanbod per inwoner (2SFCA) / supply per resident (2SFCA)")
    supply.add_argument("target")
    supply.add_argument("--category", default="gp")
    supply.add_argument("--catchment", type=float, default=1200.0, help="meter wandelen / metres walking")
    supply.add_argument("--workspace")
    add_json_flag(supply)
    supply.set_defaults(handler=run_supply)

    iso = subparsers.add_parser("isochrone", help="bereik te voet rond een punt / walking isochrones")
    start = iso.add_mutually_exclusive_group(required=True)
    start.add_argument("--point", help="X,Y in Lambert 72 (EPSG:31370)")
    start.add_argument("--facility", type=int, help="id van een voorziening / facility id")
    iso.add_argument("--minutes", nargs="+", type=float, default=[5.0, 10.0, 15.0])
    iso.add_argument("--speed", help="m/s of adult | older | rollator")
    iso.add_argument("--geojson")
    iso.add_argument("--png")
    iso.add_argument("--workspace")
    add_json_flag(iso)
    iso.set_defaults(handler=run_isochrone)


def run_import(args) -> int:
    setup_django()
    from zorgzaam.environment.service import import_facilities
    from zorgzaam.sources.report import worded

    report = worded(import_facilities(args.format, args.file, workspace=_workspace(args.workspace),
                                      created_by="cli"), current_language())
    lines = [f"{pgettext('facility import', 'Ingelezen')}: {report['placed']} / {report['rows_read']} ({report['source']})"]
    lines += [f"  {row['name']}: {row['count']}" for row in report["per_category"]]
    lines += [f"{pgettext('facility import', 'Niet overgenomen')}: {p['message']}" for p in report["problems"]]
    lines += [f"{pgettext('facility import', 'Mogelijk dubbel')} ({d['distance_m']} m): {d['merge_offer']}"
              for d in report["duplicates"]]
    emit(args, report, "\n".join(lines))
    return 0


def run_list(args) -> int:
    setup_django()
    from zorgzaam.environment.service import facilities_frame
    from zorgzaam.environment.taxonomy import category_name

    frame = facilities_frame(args.category, workspace=_workspace(args.workspace))
    rows = frame.to_dict("records")
    text = "\n".join(f"{r['id']:>6}  {category_name(r['category'], current_language()):<30} {r['name']}  "
                     f"[{r['source']}]" for r in rows)
    emit(args, rows, text or gettext("Geen voorzieningen."))
    return 0


def run_network_import(args) -> int:
    setup_django()
    from zorgzaam.environment.network import network_from_osm
    from zorgzaam.environment.osm import read_osm
    from zorgzaam.environment.service import save_network

    extract = read_osm(args.file)
    record = save_network(network_from_osm(extract), args.name or args.file, extract.buildings)
    data = {"id": record.id, "nodes": record.node_count, "edges": record.edge_count,
            "buildings": record.building_count}
    emit(args, data, f"{gettext('Netwerk opgeslagen')}: {data}")
    return 0


def run_reach(args) -> int:
    setup_django()
    from zorgzaam.environment.service import reach_for
    from zorgzaam.environment.taxonomy import resolve_category

    categories = [resolve_category(c) or c for c in args.category]
    result = reach_for(args.target, categories, args.threshold or [400, 800, 1200], network_path=args.network,
                       workspace=_workspace(args.workspace), speed=args.speed, detour=args.detour)
    lang = current_language()
    lines = [f"{result['target']}: {result['locations']} {gettext('woonlocaties')} "
             f"({', '.join(result['location_method'])}); {gettext('afstand')}: {result['distance_method']}"]
    for row in result["shares"]:
        if row["group"] == "all" and row["share"] is not None:
            lines.append(f"  {row['category']:<18} ≤ {format_number(row['threshold_m'], lang)} m: "
                         f"{format_number(100 * row['share'], lang, 1)} %")
    emit(args, result, "\n".join(lines))
    return 0


def run_walkability(args) -> int:
    setup_django()
    from zorgzaam.environment.service import walkability_for

    result = walkability_for(args.target, workspace=_workspace(args.workspace))
    emit(args, result, f"{result['target']}: score {result['score']:.2f}\n{result['warning']}")
    return 0


def run_mismatch(args) -> int:
    setup_django()
    from zorgzaam.environment.service import mismatch_for

    result = mismatch_for(args.target, workspace=_workspace(args.workspace))
    for signal in result["signals"]:  # worded in the chosen language; its code and parameters stay alongside
        signal["statement"] = stored_text(signal["statement_record"])
    text = result.get("message") or "\n".join(f"- {s['statement']}" for s in result["signals"]) \
        or gettext("Geen signalen.")
    emit(args, result, text)
    return 0


def run_environment_report(args) -> int:
    setup_django()
    from pathlib import Path

    from zorgzaam.environment.documents import environment_docx, environment_xlsx
    from zorgzaam.environment.service import environment_section
    from zorgzaam.environment.taxonomy import resolve_category
    from zorgzaam.graphics import charts, maps

    lang = current_language()
    categories = [resolve_category(c) or c for c in args.category] if args.category else None
    section = environment_section(args.target, _workspace(args.workspace), categories=categories,
                                  thresholds=args.threshold, lang=lang)
    written = []
    if args.docx:
        written.append(str(environment_docx(section, args.docx, lang)))
    if args.xlsx:
        written.append(str(environment_xlsx(section, args.xlsx, lang)))
    if args.png_dir:
        folder = Path(args.png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for number, static_map in enumerate(maps.environment_maps(section, lang), start=1):
            target = folder / f"kaart_{number}.png"
            target.write_bytes(charts.png(static_map.figure, dpi=200))
            written.append(str(target))
    summary = {"target": section["target"], "files": written, "signals": [s["statement"] for s in section["signals"]],
               "methods": section["methods"]}
    lines = [f"{section['target']}: {len(section['signals'])} {gettext('signalen')}"]
    lines += [f"- {s['statement']}" for s in section["signals"]]
    lines += [f"{gettext('Geschreven')}: {w}" for w in written]
    emit(args, summary if not args.json else {**summary, "section": section}, "\n".join(lines))
    return 0


def run_supply(args) -> int:
    setup_django()
    from zorgzaam.environment.service import environment_section
    from zorgzaam.environment.taxonomy import resolve_category

    category = resolve_category(args.category) or args.category
    section = environment_section(args.target, _workspace(args.workspace), categories=[category],
                                  lang=current_language(), supply_category=category, catchment=args.catchment,
                                  parts=())
    supply = {"target": section["target"], **section["supply"]}
    lang = current_language()
    lines = [f"{supply['target']}: {format_number(supply['target_per_1000'], lang, 2) if supply['target_per_1000'] is not None else '–'} "
             f"{gettext('per 1.000 inwoners')} ({supply['category_name']}, 2SFCA, "
             f"{format_number(supply['catchment_m'], lang)} m, {supply['method']})",
             f"  {gettext('gemeente')}: {format_number(supply['municipality_per_1000'] or 0, lang, 2)}; "
             f"{gettext('eenvoudige verhouding')}: {format_number(supply['plain_ratio_per_1000'] or 0, lang, 2)}"]
    lines += [f"  {n['name']:<30} {format_number(n['per_1000'] or 0, lang, 2)}" for n in supply["by_neighbourhood"]]
    lines.append(supply["note"])
    emit(args, supply, "\n".join(lines))
    return 0


def run_isochrone(args) -> int:
    setup_django()
    import json

    from zorgzaam.environment.isochrones import isochrones_geojson
    from zorgzaam.environment.service import isochrones_for
    from zorgzaam.messages import ZorgzaamError

    point = None
    if args.point:
        try:
            x, y = (float(v) for v in args.point.replace(";", ",").split(","))
        except ValueError:
            raise ZorgzaamError("isochrone_bad_point", value=args.point, column="--point") from None
        point = (x, y)
    speed = args.speed
    if speed is not None:
        try:
            speed = float(speed)
        except ValueError:
            pass
    lang = current_language()
    items, start, facility = isochrones_for(point, args.facility, minutes=args.minutes, speed=speed,
                                            workspace=_workspace(args.workspace))
    collection = isochrones_geojson(items, lang=lang)
    if args.geojson:
        with open(args.geojson, "w", encoding="utf-8") as handle:
            json.dump(collection, handle, ensure_ascii=False)
    if args.png:
        from zorgzaam.environment.layers import street_paths
        from zorgzaam.environment.service import load_network
        from zorgzaam.graphics import charts, maps

        network, _ = load_network(workspace=_workspace(args.workspace), point=start)
        streets = street_paths(network, max(items, key=lambda i: i.minutes).geometry, margin=300.0) if items else []
        static_map = maps.isochrone_map(items, lang=lang, start=start, streets=streets)
        with open(args.png, "wb") as handle:
            handle.write(charts.png(static_map.figure, dpi=200))
    data = {"start": list(start), "facility": None if facility is None else facility.get("name"),
            "isochrones": [i.as_dict(lang) for i in items]}
    lines = [f"{format_number(i.minutes, lang, 1)} min = {format_number(i.distance_m, lang)} m: "
             f"{format_number(i.area_m2 / 10000, lang, 1)} ha, {len(i.reached_nodes)} "
             f"{gettext('knooppunten')} ({i.method})" for i in items]
    emit(args, data, "\n".join(lines))
    return 0


def run_merge(args) -> int:
    setup_django()
    from zorgzaam.environment.service import merge_facilities

    kept = merge_facilities(args.keep, args.duplicate, edited_by="cli")
    data = {"kept": kept.pk, "retired": args.duplicate, "name": kept.name}
    emit(args, data, f"{gettext('Samengevoegd')}: #{args.duplicate} → #{kept.pk} {kept.name}")
    return 0
