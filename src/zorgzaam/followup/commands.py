"""Follow-up commands: ``zorgzaam followup assessment|radar|signals|signal|check-text``, the harvests, partners,
meetings and the initiative inventory (a list and an add verb each), and ``export`` (with ``--json``).

    zorgzaam followup assessment --workspace demo-overbos
    zorgzaam followup assessment --add --date 2026-10-06 --person praktijkwerker --score detection=4 --score inclusion=2
    zorgzaam followup radar --out zelfevaluatie.svg
    zorgzaam followup signals --year 2025
    zorgzaam followup signal --date 2026-01-05 --theme wonen --description "…" --to OCMW --to "Dienst Wonen"
    zorgzaam followup check-text tekst.txt --street Kerkstraat
    zorgzaam followup harvests
    zorgzaam followup harvest --action 12 --date 2026-06-15 --what "Toestellen geplaatst" --effect large --effort small
    zorgzaam followup partners
    zorgzaam followup partner --organisation "OCMW Overbos" --role "maatschappelijk werker" --domain welzijn
    zorgzaam followup meetings
    zorgzaam followup meeting --date 2026-05-01 --consulted steering_group --title "Stuurgroep mei" --attendance 8
    zorgzaam followup inventory
    zorgzaam followup initiative --name Buurtkoffie --block social_networks --neighbourhood Centrum
    zorgzaam followup initiative --name Zitbank --block public_space --point 51.2329,5.2402
    zorgzaam followup export --out opvolging.docx     (or .pdf, .xlsx)
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


def _point(text: str) -> tuple[float, float]:
    try:
        latitude, longitude = (float(part) for part in text.replace(" ", "").split(",", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen punt (BREEDTE,LENGTE, bv. 51.23,5.24) / not a point "
                                         "(LATITUDE,LONGITUDE, e.g. 51.23,5.24)") from None
    return latitude, longitude


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal (0, 1, 2 …) / not a count (0, 1, 2 …)")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    followup = subparsers.add_parser("followup", help="opvolging: zelfevaluatie, signalen, oogst, overleg / follow-up")
    verbs = followup.add_subparsers(dest="followup_command", metavar="ACTION")

    def verb(name: str, text: str, handler, workspace: bool = True) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=text)
        if workspace:
            parser.add_argument("--workspace", help="slug van de werkruimte (standaard: de eerste) / "
                                                    "workspace slug (default: the first)")
        add_json_flag(parser)
        parser.set_defaults(handler=handler)
        return parser

    assess = verb("assessment", "rondes van de zelfevaluatie, de twee blikken en de wegen; --add: een ronde "
                                "/ self-assessment rounds; --add a round", run_assessment)
    assess.add_argument("--add", action="store_true", help="een ronde toevoegen / add a round")
    assess.add_argument("--date", type=_date, help="datum van de ronde (JJJJ-MM-DD) / date of the round")
    assess.add_argument("--person", default="",
                        help="wie scoorde (leeg: het team samen) / who scored (empty: the team together)")
    assess.add_argument("--score", action="append", default=[], metavar="BOUWSTEEN=1..5",
                        help="score van een bouwsteen (herhaalbaar) / a building block's score (repeatable)")
    radar = verb("radar", "de laatste scores als radargrafiek (SVG) / the latest scores as a radar chart", run_radar)
    radar.add_argument("--out", type=Path, required=True, help="zelfevaluatie.svg")
    signals = verb("signals", "het register van signalen, met tellingen en het aandeel met resultaat per jaar "
                              "/ the signal register", run_signals)
    signals.add_argument("--year", type=int, help="alleen dit jaar / only this year")
    signals.add_argument("--theme", default="", help="alleen dit thema / only this theme")
    signals.add_argument("--to", default="", help="alleen aan deze bestemmeling / only to this addressee")
    signal = verb("signal", "een signaal naar beleid noteren / record a signal to policy", run_signal)
    signal.add_argument("--date", type=_date, required=True, help="JJJJ-MM-DD")
    signal.add_argument("--theme", required=True, help="thema / theme")
    signal.add_argument("--description", required=True, help="wat er speelt (nooit wie) / what is going on (never who)")
    signal.add_argument("--source", default="other",
                        help="bron / source: home_visit, walk_in, group, survey, partner, resident, other")
    signal.add_argument("--kind", default="collective", choices=["individual", "collective"],
                        help="individueel of collectief / individual or collective")
    signal.add_argument("--to", action="append", default=[], help="bestemmeling (herhaalbaar) / addressee (repeatable)")
    verb("harvests", "de oogst per actie, met het oordeel en de waarschuwing bij weinig gesprekken / the harvests",
         run_harvests)
    harvest = verb("harvest", "oogst van een actie uit het plan noteren / record a harvest on a plan action",
                   run_harvest)
    harvest.add_argument("--action", required=True, help="nummer van de actie (zorgzaam plan …) / the plan action's id")
    harvest.add_argument("--date", type=_date, required=True, help="JJJJ-MM-DD")
    harvest.add_argument("--what", required=True, help="wat er gebeurde / what happened")
    for name, text in (("target-group", "voor wie de actie eerst bedoeld was / initial target group"),
                       ("results", "resultaten en effecten / results and effects"),
                       ("unintended", "onbedoelde resultaten / unintended results"),
                       ("reached", "wie bereikt werd / who was reached"), ("missed", "wie gemist werd / who was missed"),
                       ("change", "wat veranderde voor wie / what changed for whom")):
        harvest.add_argument(f"--{name}", default="", help=text)
    harvest.add_argument("--interviews", type=_count,
                         help="op hoeveel gesprekken de oogst steunt / how many conversations it rests on")
    harvest.add_argument("--conclusion", default="", help="keep (behouden) | adjust (bijsturen)")
    harvest.add_argument("--effect", default="", help="effect: large (groot) | limited (beperkt)")
    harvest.add_argument("--effort", default="", help="inzet / effort: small (klein) | large (groot)")
    verb("partners", "de partners, de stuurgroep en de werkgroepen / partners and groups", run_partners)
    partner = verb("partner", "een partner toevoegen / add a partner", run_partner)
    partner.add_argument("--organisation", required=True, help="organisatie / organisation")
    partner.add_argument("--role", default="",
                         help="rol van de contactpersoon (geen naam of nummer) / the contact's role")
    partner.add_argument("--domain", default="", help="domein, bv. welzijn / domain")
    partner.add_argument("--informal", action="store_true", help="een informele partner / an informal partner")
    partner.add_argument("--purpose", default="", help="waarvoor we samenwerken / what we work on together")
    verb("meetings", "het overleg en de raadplegingen, geteld per soort / meetings and consultations", run_meetings)
    meeting = verb("meeting", "een overleg of raadpleging noteren / record a meeting", run_meeting)
    meeting.add_argument("--date", type=_date, required=True, help="JJJJ-MM-DD")
    meeting.add_argument("--consulted", required=True,
                         help="wie geraadpleegd werd / body consulted: steering_group, working_group, residents, "
                              "senior_associations, senior_council, first_line, policy_domains, other")
    meeting.add_argument("--title", default="", help="titel / title")
    meeting.add_argument("--attendance", type=_count, help="aantal aanwezigen / attendance")
    meeting.add_argument("--agenda", default="", help="agenda")
    meeting.add_argument("--decisions", default="", help="beslissingen / decisions")
    verb("inventory", "initiatieven en acties per bouwsteen en buurt, met de lege vakken / the initiative inventory",
         run_inventory)
    initiative = verb("initiative", "een initiatief toevoegen / add an initiative", run_initiative)
    initiative.add_argument("--name", required=True, help="naam / name")
    initiative.add_argument("--runner", default="", help="wie het trekt / who runs it")
    initiative.add_argument("--for", dest="for_whom", default="", help="voor wie / for whom")
    initiative.add_argument("--block", action="append", default=[], help="code van een bouwsteen (herhaalbaar) / building block code (repeatable)")
    initiative.add_argument("--neighbourhood", action="append", default=[], help="naam van een buurt (herhaalbaar) / neighbourhood name (repeatable)")
    initiative.add_argument("--point", type=_point, help="BREEDTE,LENGTE in plaats van buurten / LATITUDE,LONGITUDE instead of neighbourhoods")
    export = verb("export", "de opvolging als Word, PDF of XLSX (volgens de extensie) / as Word, PDF or XLSX", run_export)
    export.add_argument("--out", type=Path, required=True, help="opvolging.docx, .pdf of .xlsx")
    check = verb("check-text", "persoonsgegevens zoeken in een tekst voor een publieke pagina / find personal data in a text", run_check, workspace=False)
    check.add_argument("file", help="een tekstbestand, of - voor de standaardinvoer / a text file, or - for stdin")
    check.add_argument("--street", action="append", default=[], help="een straatnaam van de gemeente (herhaalbaar) / a street name")


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


def run_harvests(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services

    lang = current_language()
    rows = services.harvest_rows(workspace, lang)
    data = [{"id": r["harvest"].pk, "date": r["harvest"].date, "action": r["action"],
             "what_happened": r["harvest"].what_happened, "reached": r["harvest"].reached,
             "missed": r["harvest"].missed, "conclusion": r["harvest"].conclusion, "judgement": r["judgement"],
             "few_interviews": bool(r["few"])} for r in rows]
    lines = [f"{d['id']}: {d['date']} {d['action']}: {d['what_happened']}" + (f" ({d['judgement']})" if d["judgement"]
                                                                               else "") for d in data]
    emit(args, data, "\n".join(lines) or gettext("(nog geen oogst)", lang))
    return 0


def run_harvest(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services

    harvest = services.add_harvest(
        workspace, args.action, date=args.date, what_happened=args.what, target_group=args.target_group,
        results=args.results, unintended=args.unintended, reached=args.reached, missed=args.missed,
        change=args.change, interviews=args.interviews, conclusion=args.conclusion, effect=args.effect,
        effort=args.effort, user=_user())
    emit(args, {"id": harvest.pk}, f"{harvest.pk}: {harvest.date} {harvest.what_happened}")
    return 0


def run_partners(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup.models import Body, Partner

    partners = [{"id": p.pk, "organisation": p.organisation, "contact_role": p.contact_role, "domain": p.domain,
                 "formal": p.formal} for p in Partner.objects.filter(workspace=workspace)]
    bodies = [{"id": b.pk, "kind": b.kind, "name": b.name, "members": [m.organisation for m in b.members.all()]}
              for b in Body.objects.filter(workspace=workspace).prefetch_related("members")]
    lines = [f"{p['id']}: {p['organisation']}" + (f" ({p['contact_role']})" if p["contact_role"] else "")
             for p in partners]
    lines += [f"{b['name'] or b['kind']}: {', '.join(b['members']) or '-'}" for b in bodies]
    emit(args, {"partners": partners, "bodies": bodies}, "\n".join(lines) or "-")
    return 0


def run_partner(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services

    partner = services.add_partner(workspace, args.organisation, contact_role=args.role, domain=args.domain,
                                   formal=not args.informal, purpose=args.purpose)
    emit(args, {"id": partner.pk}, f"{partner.pk}: {partner.organisation}")
    return 0


def run_meetings(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services
    from zorgzaam.followup.models import Meeting

    meetings = [{"id": m.pk, "date": m.date, "consulted": m.consulted, "title": m.title, "attendance": m.attendance,
                 "decisions": m.decisions} for m in Meeting.objects.filter(workspace=workspace)]
    counts = services.consultations(workspace)
    lines = [f"{m['id']}: {m['date']} {m['consulted']} {m['title']}".rstrip() for m in meetings]
    emit(args, {"meetings": meetings, "consultations": counts}, "\n".join(lines) or "-")
    return 0


def run_meeting(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import services

    meeting = services.add_meeting(workspace, date=args.date, consulted=args.consulted, title=args.title,
                                   attendance=args.attendance, agenda=args.agenda, decisions=args.decisions,
                                   user=_user())
    emit(args, {"id": meeting.pk}, f"{meeting.pk}: {meeting.date} {meeting.consulted}")
    return 0


def run_inventory(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import assessment as am
    from zorgzaam.followup import services

    lang = current_language()
    found = services.inventory(workspace)
    names = [h.name for h in found["neighbourhoods"]]

    def cell(c):
        return {"initiatives": c.initiatives, "actions": c.actions, "gap": c.gap}

    data = {"neighbourhoods": names, "gaps": found["gaps"],
            "rows": [{"block": r.block, "cells": dict(zip(names, map(cell, r.cells), strict=True)),
                      "everywhere": cell(r.everywhere)} for r in found["rows"]],
            "initiatives": [{"id": i.pk, "name": i.name, "runner": i.runner, "for_whom": i.for_whom,
                             "blocks": i.building_blocks, "neighbourhoods": i.placed_in,
                             "point": [i.latitude, i.longitude] if i.latitude is not None else None}
                            for i in found["initiatives"]]}
    lines = []
    for row in found["rows"]:
        lines.append(am.block_label(row.block, lang) + ":")
        for name, c in [*zip(names, row.cells, strict=True), (gettext("heel de gemeente", lang), row.everywhere)]:
            items = [f"I: {t}" for t in c.initiatives] + [f"A: {t}" for t in c.actions]
            lines.append(f"  {name}: " + ("; ".join(items) or ("—" if not c.gap else gettext("leeg", lang))))
    lines.append(gettext("Lege vakken: {gaps}", lang).format(gaps=found["gaps"]))
    emit(args, data, "\n".join(lines))
    return 0


def run_initiative(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.areas.neighbourhood_service import get_neighbourhood
    from zorgzaam.followup import services

    hoods = [get_neighbourhood(name, workspace) for name in args.neighbourhood]
    latitude, longitude = args.point if args.point else (None, None)
    initiative = services.add_initiative(workspace, args.name, runner=args.runner, for_whom=args.for_whom,
                                         neighbourhoods=hoods, blocks=args.block, latitude=latitude,
                                         longitude=longitude, user=_user())
    emit(args, {"id": initiative.pk}, f"{initiative.pk}: {initiative.name}")
    return 0


def run_export(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.followup import documents, services

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in documents.FORMATS:
        from zorgzaam.messages import ZorgzaamError

        raise ZorgzaamError("followup_export_format", value=args.out.name)
    lang = current_language()
    args.out.write_bytes(documents.followup_file(services.export_data(workspace, lang), fmt, lang))
    emit(args, {"file": str(args.out), "format": fmt}, str(args.out))
    return 0
