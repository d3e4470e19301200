"""Neighbourhood commands: ``zorgzaam buurt create | list | show | edit | propose | archive | restore``.

    zorgzaam buurt create NAME (--sectors A,B,… | --from-area CODE | --polygon FILE [--rule centroid|area]
                                [--min-share 0.5]) [--workspace SLUG] [--json]
    zorgzaam buurt list [--archived] [--workspace SLUG] [--json]
    zorgzaam buurt archive NAME | zorgzaam buurt restore NAME [--workspace SLUG] [--json]
    zorgzaam buurt show NAME [--history] [--json]
    zorgzaam buurt edit NAME (--add …|--remove …|--sectors …) [--note TEXT] [--json]
    zorgzaam buurt propose MUNICIPALITY --min-population N [--measure M --period P] [--save] [--json]

Without --workspace the only (or first) workspace is used, else a workspace 'Standaard' is made."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, format_number, gettext, pgettext


def _codes(text: str | None) -> list[str]:
    if not text:
        return []
    return [part.strip() for part in text.replace(";", ",").replace(" ", ",").split(",") if part.strip()]


def register(subparsers: argparse._SubParsersAction) -> None:
    buurt = subparsers.add_parser("buurt", help="buurten maken, bekijken en aanpassen / neighbourhoods")
    sub = buurt.add_subparsers(dest="buurt_command", metavar="ACTION")
    buurt.set_defaults(handler=lambda args: (buurt.print_help(), 2)[1])

    create = sub.add_parser("create", help="een buurt maken / create a neighbourhood")
    create.add_argument("name")
    how = create.add_mutually_exclusive_group(required=True)
    how.add_argument("--sectors", help="sectorcodes, met komma's gescheiden / comma-separated sector codes")
    how.add_argument("--from-area", help="code van een wijk, deelgemeente, gemeente … / code of a higher area")
    how.add_argument("--polygon", help="GeoJSON-bestand met een getekende vorm (WGS84 of EPSG:31370)")
    create.add_argument("--rule", choices=["centroid", "area"], default="centroid",
                        help="regel voor een getekende vorm / rule for a drawn shape (default: centroid)")
    create.add_argument("--min-share", type=float, default=0.5,
                        help="minimaal aandeel van de oppervlakte binnen de vorm (regel 'area') / minimum share")
    create.add_argument("--vintage", help="versie van de sectorindeling, bv. 2025 / sector vintage")
    create.add_argument("--note", default="")
    create.add_argument("--workspace")
    add_json_flag(create)
    create.set_defaults(handler=run_create)

    listing = sub.add_parser("list", help="buurten van een werkruimte / list neighbourhoods")
    listing.add_argument("--archived", action="store_true", help="de gearchiveerde buurten / archived ones")
    listing.add_argument("--workspace")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    for action, handler, text in (
            ("archive", run_archive, "een buurt archiveren (verbergen, geschiedenis blijft) / archive"),
            ("restore", run_restore, "een gearchiveerde buurt terugzetten / restore an archived one")):
        command = sub.add_parser(action, help=text)
        command.add_argument("name")
        command.add_argument("--workspace")
        add_json_flag(command)
        command.set_defaults(handler=handler)

    show = sub.add_parser("show", help="een buurt tonen / show a neighbourhood")
    show.add_argument("name")
    show.add_argument("--history", action="store_true", help="alle versies / every version")
    show.add_argument("--workspace")
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    edit = sub.add_parser("edit", help="sectoren toevoegen/verwijderen (nieuwe versie) / edit (new version)")
    edit.add_argument("name")
    change = edit.add_mutually_exclusive_group(required=True)
    change.add_argument("--add", help="sectoren toevoegen / sectors to add")
    change.add_argument("--remove", help="sectoren verwijderen / sectors to remove")
    change.add_argument("--sectors", help="de volledige nieuwe lijst / the whole new list")
    edit.add_argument("--note", default="")
    edit.add_argument("--workspace")
    add_json_flag(edit)
    edit.set_defaults(handler=run_edit)

    propose = sub.add_parser("propose", help="voorstel van indeling in buurten / propose a split")
    propose.add_argument("municipality", help="NIS-code van de gemeente / municipality code")
    propose.add_argument("--min-population", type=float, required=True)
    propose.add_argument("--measure", default="population",
                         help="maat voor de bevolking; meerdere met '+' worden opgeteld / population measure(s)")
    propose.add_argument("--period", help="periode, standaard de laatste / period, default the latest")
    propose.add_argument("--vintage")
    propose.add_argument("--seed", type=int, default=0)
    propose.add_argument("--save", action="store_true", help="de groepen als buurten bewaren / save as neighbourhoods")
    propose.add_argument("--prefix", help="naam van de bewaarde buurten (+ volgnummer) / name prefix")
    propose.add_argument("--workspace")
    add_json_flag(propose)
    propose.set_defaults(handler=run_propose)


def _version_text(name: str, version: dict, header: bool = True) -> str:
    lines = []
    if header:
        lines.append(f"{gettext('Buurt')}: {name}")
    lines.append(f"{gettext('Versie')} {version['number']} ({pgettext('area vintage', 'sectorindeling')} "
                 f"{version['vintage']}), {len(version['sectors'])} {gettext('sectoren')}:")
    lines.append("  " + ", ".join(version["sectors"]))
    lines.append(f"{pgettext('neighbourhood rule', 'Regel')} ({version['rule']}): {version['rule_description']}")
    for warning in version["warnings"]:
        lines.append(f"{gettext('Waarschuwing')}: {warning}")
    if version.get("note"):
        lines.append(f"{gettext('Notitie')}: {version['note']}")
    return "\n".join(lines)


def run_create(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    version = service.create_neighbourhood(
        args.name, workspace=workspace, sectors=_codes(args.sectors) if args.sectors is not None else None,
        from_area=args.from_area, polygon=args.polygon, rule=args.rule, min_share=args.min_share,
        vintage=args.vintage, note=args.note)
    data = {"name": args.name, "workspace": workspace.slug, **service.version_dict(version)}
    emit(args, data, gettext("Gemaakt in werkruimte ") + workspace.name + "\n"
         + _version_text(args.name, data))
    return 0


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    rows = service.list_neighbourhoods(workspace, archived=args.archived)
    if not rows and args.archived:
        text = gettext("Geen gearchiveerde buurten in {name}.").format(name=workspace.name)
    elif not rows:
        text = gettext("Nog geen buurten in {name}.").format(name=workspace.name)
    else:
        title = gettext("Gearchiveerde buurten in") if args.archived else gettext("Buurten in")
        lines = [f"{title} {workspace.name}:"]
        for row in rows:
            line = (f"  {row['name']}: {row['sectors']} {gettext('sectoren')}, "
                    f"{pgettext('neighbourhood rule', 'regel')} {row['rule']}, {row['versions']} {gettext('versie(s)')}")
            if args.archived:
                line += f", {gettext('gearchiveerd op')} {row['archived_at']:%Y-%m-%d %H:%M}"
                line += f" {gettext('door')} {row['archived_by']}" if row["archived_by"] else ""
            lines.append(line)
        text = "\n".join(lines)
    emit(args, rows, text)
    return 0


def run_archive(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    neighbourhood = service.archive_neighbourhood(args.name, workspace=workspace)
    data = {"name": neighbourhood.name, "workspace": workspace.slug, "archived_at": neighbourhood.archived_at,
            "archived_by": neighbourhood.archived_by}
    emit(args, data, gettext("Buurt '{name}' is gearchiveerd. De versies blijven bewaard; zet ze "
                             "terug met 'zorgzaam buurt restore'.").format(name=args.name))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    neighbourhood = service.restore_neighbourhood(args.name, workspace=workspace)
    data = {"name": neighbourhood.name, "workspace": workspace.slug,
            "versions": neighbourhood.versions.count()}
    emit(args, data, gettext("Buurt '{name}' is teruggezet ({versions} versie(s)).").format(name=args.name, versions=data['versions']))
    return 0


def run_show(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    detail = service.neighbourhood_detail(args.name, workspace, history=args.history)
    if args.history:
        parts = [f"{gettext('Buurt')}: {args.name} — {len(detail['history'])} "
                 f"{gettext('versie(s)')}"]
        for version in detail["history"]:
            stamp = f"{version['created_at']:%Y-%m-%d %H:%M}" if version.get("created_at") else ""
            parts.append(f"--- {stamp} {version['created_by']}".rstrip())
            parts.append(_version_text(args.name, version, header=False))
        text = "\n".join(parts)
    else:
        text = _version_text(args.name, detail["current"])
    emit(args, detail, text)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    version = service.edit_neighbourhood(
        args.name, workspace=workspace, add=_codes(args.add), remove=_codes(args.remove),
        sectors=_codes(args.sectors) if args.sectors is not None else None, note=args.note)
    data = {"name": args.name, "workspace": workspace.slug, **service.version_dict(version)}
    emit(args, data, _version_text(args.name, data))
    return 0


def run_propose(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.areas import neighbourhood_service as service

    workspace = service.get_workspace(args.workspace)
    proposal = service.propose(args.municipality, args.min_population, measure=args.measure, period=args.period,
                               vintage=args.vintage, seed=args.seed, workspace=workspace)
    data = proposal.as_dict(current_language())
    lines = [f"{gettext('Voorstel voor')} {proposal.municipality}: {len(proposal.groups)} "
             f"{gettext('groepen')}", f"{pgettext('neighbourhood rule', 'Regel')}: {proposal.rule_description()}"]
    for group in proposal.groups:
        lines.append(f"  {group.number}. {format_number(group.population)} {gettext('inwoners')}: "
                     + ", ".join(group.sector_codes))
    for warning in proposal.warnings:
        lines.append(f"{gettext('Waarschuwing')}: {warning.render()}")
    if args.save:
        versions = service.save_proposal(proposal, workspace=workspace, prefix=args.prefix)
        names = [v.neighbourhood.name for v in versions]
        data["saved"] = names
        lines.append(gettext("Bewaard als buurten: ") + ", ".join(names))
    emit(args, data, "\n".join(lines))
    return 0
