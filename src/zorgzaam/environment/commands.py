"""Environment commands:

    zorgzaam facilities import FORMAT FILE [--workspace SLUG] [--json]    FORMAT: osm | afmps | hospitals | list
    zorgzaam facilities list [--category CAT] [--workspace SLUG] [--json]
    zorgzaam network import FILE.osm.pbf [--name NAME] [--json]          store a walkable network + buildings
    zorgzaam reach AREA_OR_BUURT --category CAT … [--threshold M …] [--network FILE] [--json]
    zorgzaam walkability AREA_OR_BUURT [--json]
    zorgzaam mismatch AREA_OR_BUURT [--json]
"""

from __future__ import annotations

import argparse

from zorgzaam.cli import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, format_number


def _t(nl: str, en: str) -> str:
    return nl if current_language() == "nl" else en


def _workspace(slug):
    if not slug:
        return None
    from zorgzaam.web.models import Workspace

    return Workspace.objects.filter(slug=slug).first()


def register(subparsers: argparse._SubParsersAction) -> None:
    facilities = subparsers.add_parser("facilities", help="voorzieningen / facilities")
    sub = facilities.add_subparsers(dest="facilities_command", metavar="ACTION")
    facilities.set_defaults(handler=lambda args: (facilities.print_help(), 2)[1])
    imp = sub.add_parser("import", help="voorzieningen inlezen / import facilities")
    imp.add_argument("format", choices=["osm", "afmps", "hospitals", "list"])
    imp.add_argument("file")
    imp.add_argument("--workspace")
    add_json_flag(imp)
    imp.set_defaults(handler=run_import)
    listing = sub.add_parser("list", help="voorzieningen tonen / list facilities")
    listing.add_argument("--category")
    listing.add_argument("--workspace")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

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


def run_import(args) -> int:
    setup_django()
    from zorgzaam.environment.service import import_facilities

    report = import_facilities(args.format, args.file, workspace=_workspace(args.workspace), created_by="cli")
    lines = [f"{_t('Ingelezen', 'Imported')}: {report['placed']} / {report['rows_read']} ({report['source']})"]
    lines += [f"  {k}: {v}" for k, v in report["per_category"].items()]
    lines += [f"{_t('Niet overgenomen', 'Refused')}: {p['message']}" for p in report["problems"]]
    lines += [f"{_t('Mogelijk dubbel', 'Possible duplicate')}: {d['first_name']} ~ {d['second_name']} "
              f"({d['distance_m']} m)" for d in report["duplicates"]]
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
    emit(args, rows, text or _t("Geen voorzieningen.", "No facilities."))
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
    emit(args, data, f"{_t('Netwerk opgeslagen', 'Network saved')}: {data}")
    return 0


def run_reach(args) -> int:
    setup_django()
    from zorgzaam.environment.service import reach_for
    from zorgzaam.environment.taxonomy import resolve_category

    categories = [resolve_category(c) or c for c in args.category]
    result = reach_for(args.target, categories, args.threshold or [400, 800, 1200], network_path=args.network,
                       workspace=_workspace(args.workspace), speed=args.speed, detour=args.detour)
    lang = current_language()
    lines = [f"{result['target']}: {result['locations']} {_t('woonlocaties', 'residential locations')} "
             f"({', '.join(result['location_method'])}); {_t('afstand', 'distance')}: {result['distance_method']}"]
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
    key = "statement_nl" if current_language() == "nl" else "statement_en"
    text = result.get("message") or "\n".join(f"- {s[key]}" for s in result["signals"]) \
        or _t("Geen signalen.", "No signals.")
    emit(args, result, text)
    return 0
