"""Commands of this module: ``zorgzaam import`` and ``zorgzaam data download``; see zorgzaam.cli."""

from __future__ import annotations

import sys

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import ZorgzaamError, current_language, gettext


def register(subparsers):
    imp = subparsers.add_parser("import", help="een bestand importeren / import a file (zie --list-formats)")
    imp.add_argument("format", nargs="?", help="formaat / format (zie --list-formats)")
    imp.add_argument("file", nargs="?", help="bestand / file")
    imp.add_argument("--list-formats", action="store_true", help="toon de gekende formaten / list formats")
    imp.add_argument("--period", help="periode, bv. 2024 / period, e.g. 2024")
    imp.add_argument("--force-period", action="store_true",
                     help="--period gebruiken ook als de bestandsnaam een ander jaar noemt / "
                          "use --period even when the file name names another year")
    imp.add_argument("--level", help="gebiedsniveau: sector, district, municipality, neighbourhood …")
    imp.add_argument("--name", help="naam van de dataset / dataset name")
    imp.add_argument("--workspace", help="werkruimte (slug) voor eigen cijfers / workspace slug")
    imp.add_argument("--map", action="append", default=[], metavar="KOLOM=MEETWAARDE",
                     help="kolom als meetwaarde / column as measure (herhaalbaar / repeatable)")
    imp.add_argument("--skip", action="append", default=[], metavar="KOLOM", help="kolom overslaan / skip column")
    imp.add_argument("--rate", action="append", default=[], metavar="KOLOM",
                     help="kolom is een percentage of verhouding / column is a rate")
    imp.add_argument("--area-column", help="kolom met de gebieden / column holding the areas")
    imp.add_argument("--dry-run", action="store_true", help="enkel controleren, niets opslaan / check only")
    add_json_flag(imp)
    imp.set_defaults(handler=_import)

    data = subparsers.add_parser("data", help="officiële open data / official open data")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION")
    dl = data_sub.add_parser("download", help="open data downloaden / download open data")
    dl.add_argument("names", nargs="*", help="namen uit de catalogus / catalogue names (zie --list)")
    dl.add_argument("--dest", default=".", help="doelmap / destination folder")
    dl.add_argument("--base-url", help="andere server (spiegel of test) / other server (mirror or test)")
    dl.add_argument("--list", action="store_true", help="toon de catalogus / show the catalogue")
    add_json_flag(dl)
    dl.set_defaults(handler=_download)


def _import(args) -> int:
    from zorgzaam.sources.importers import list_formats

    lang = current_language()
    if args.list_formats or not args.format:
        formats = list_formats(lang)
        emit(args, formats, "\n".join(f"  {f['name']:<20} {f['description']}" for f in formats))
        return 0 if args.list_formats else 2
    if not args.file:
        raise ZorgzaamError("file_not_found", path="(geen bestand / no file)")
    from zorgzaam.sources.generic import WideOptions

    mapping = {}
    for item in args.map:
        column, _, measure = item.partition("=")
        mapping[column] = measure
    options = WideOptions(mapping=mapping, skip=list(args.skip), rates=list(args.rate), area_column=args.area_column)
    setup_django()
    from zorgzaam.sources.importing import run_import

    try:
        result, dataset = run_import(args.format, args.file, period=args.period, level=args.level, name=args.name,
                                     workspace=args.workspace, options=options, save=not args.dry_run,
                                     force_period=args.force_period)
    except ZorgzaamError as error:
        report = getattr(error, "report", None)
        if report is not None and not args.json:
            print(report.render_text(lang), file=sys.stderr)
        raise
    data = result.report.as_dict(lang)
    data["dataset_id"] = dataset.id if dataset else None
    text = result.report.render_text(lang)
    if dataset:
        text += (gettext("\n\nOpgeslagen als dataset ", lang)) + f"#{dataset.id}"
    emit(args, data, text)
    return 0


def _download(args) -> int:
    from zorgzaam.sources.download import CATALOGUE, download

    lang = current_language()
    if args.list or not args.names:
        rows = [{"name": e.name, "file": e.file_name, "url": e.url(args.base_url),
                 "description": gettext(e.description, lang)} for e in CATALOGUE.values()]
        emit(args, rows, "\n".join(f"  {r['name']:<26} {r['description']}\n  {'':<26} {r['url']}" for r in rows))
        return 0

    def progress(name, done, total):
        if not args.json:
            share = f"{100 * done / total:5.1f}%" if total else f"{done:,} bytes"
            print(f"\r  {name}: {share}", end="", file=sys.stderr, flush=True)

    results = download(args.names, args.dest, base_url=args.base_url, progress=progress)
    if not args.json:
        print(file=sys.stderr)
    data = [r.as_dict() for r in results]
    emit(args, data, "\n".join(f"  {r.name}: {r.path} ({r.size:,} bytes, sha256 {r.sha256[:12]}…)" for r in results))
    return 0
