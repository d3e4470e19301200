"""Survey commands: ``zorgzaam survey …``.

    zorgzaam survey bank [--json]                                   the item bank
    zorgzaam survey create TITLE [--items a,b,…] [--neighbourhoods N1,N2] [--codes N] [--workspace SLUG]
    zorgzaam survey list [--workspace SLUG] [--json]
    zorgzaam survey import-xlsform FILE [--name NAME] [--workspace SLUG] [--json]
    zorgzaam survey import-responses FORMAT FILE --survey ID [--map COLUMN=CODE …] [--skip-bad-rows] [--dry-run]
    zorgzaam survey report ID [--json] [--xlsx FILE] [--docx FILE] [--pdf FILE] [--free-text] [--actor NAME]
                                                                     (a readable text report; --json for scripts)
    zorgzaam survey reference ID QUESTION CATEGORIES PROPORTION --label LABEL [--source TEXT]
    zorgzaam survey close ID
    zorgzaam survey codes ID --count N
    zorgzaam survey export-respondent PSEUDONYM [--out FILE] [--actor NAME]
    zorgzaam survey erase PSEUDONYM [--actor NAME]
    zorgzaam survey purge [--actor NAME]

FORMAT is kobo, odk, limesurvey or zorgzaam. Every report and export writes an audit row (who, what,
when); --actor defaults to the login name of the person running the command."""

from __future__ import annotations

import argparse
import getpass
import json
from pathlib import Path

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, gettext


def _list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _actor(args) -> str:
    if getattr(args, "actor", None):
        return args.actor
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # no login name in some containers
        return "cli"


def register(subparsers: argparse._SubParsersAction) -> None:
    survey = subparsers.add_parser("survey", help="bevragingen van bewoners / resident surveys")
    sub = survey.add_subparsers(dest="survey_command", metavar="ACTION")
    survey.set_defaults(handler=lambda args: (survey.print_help(), 2)[1])

    bank = sub.add_parser("bank", help="de itembank tonen / show the item bank")
    add_json_flag(bank)
    bank.set_defaults(handler=run_bank)

    create = sub.add_parser("create", help="bevraging maken uit de itembank / survey from the item bank")
    create.add_argument("title")
    create.add_argument("--title-en", default="")
    create.add_argument("--items", help="item-ids, met komma's (standaard: alle) / item ids (default: all)")
    create.add_argument("--neighbourhoods", help="buurtnamen, met komma's / neighbourhood names")
    create.add_argument("--codes", type=int, default=0, help="aantal uitnodigingscodes / invitation codes")
    create.add_argument("--workspace")
    add_json_flag(create)
    create.set_defaults(handler=run_create)

    listing = sub.add_parser("list", help="bevragingen / list surveys")
    listing.add_argument("--workspace")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    xls = sub.add_parser("import-xlsform", help="vragenlijst uit een XLSForm / questionnaire from an XLSForm")
    xls.add_argument("file")
    xls.add_argument("--name", help="naam van de bevraging / survey name")
    xls.add_argument("--workspace")
    add_json_flag(xls)
    xls.set_defaults(handler=run_import_xlsform)

    resp = sub.add_parser("import-responses", help="antwoorden uit Kobo/ODK/LimeSurvey / import responses")
    resp.add_argument("format", choices=["kobo", "odk", "limesurvey", "zorgzaam"])
    resp.add_argument("file")
    resp.add_argument("--survey", required=True)
    resp.add_argument("--map", action="append", default=[], metavar="COLUMN=CODE",
                      help="kolom aan een vraag koppelen (CODE of CODE/OPTIE) / map a column")
    resp.add_argument("--skip-bad-rows", action="store_true", help="foute rijen overslaan / skip rows with errors")
    resp.add_argument("--dry-run", action="store_true", help="alleen het koppelingsrapport / mapping report only")
    resp.add_argument("--actor")
    add_json_flag(resp)
    resp.set_defaults(handler=run_import_responses)

    report = sub.add_parser("report", help="rapport van een bevraging / survey report")
    report.add_argument("survey")
    report.add_argument("--xlsx")
    report.add_argument("--docx")
    report.add_argument("--pdf")
    report.add_argument("--free-text", action="store_true", help="open antwoorden opnemen / include open answers")
    report.add_argument("--actor")
    add_json_flag(report)
    report.set_defaults(handler=run_report)

    ref = sub.add_parser("reference", help="referentiecijfer toevoegen / add a reference figure")
    ref.add_argument("survey")
    ref.add_argument("question")
    ref.add_argument("categories", help="antwoordcodes, met komma's / answer codes")
    ref.add_argument("proportion", type=float, help="aandeel 0–1 (of percentage) / share")
    ref.add_argument("--label", required=True)
    ref.add_argument("--source", default="")
    add_json_flag(ref)
    ref.set_defaults(handler=run_reference)

    close = sub.add_parser("close", help="bevraging afsluiten / close a survey")
    close.add_argument("survey")
    add_json_flag(close)
    close.set_defaults(handler=run_close)

    codes = sub.add_parser("codes", help="uitnodigingscodes maken / make invitation codes")
    codes.add_argument("survey")
    codes.add_argument("--count", type=int, required=True)
    add_json_flag(codes)
    codes.set_defaults(handler=run_codes)

    exp = sub.add_parser("export-respondent", help="alle gegevens van één respondent / one respondent's data")
    exp.add_argument("respondent")
    exp.add_argument("--out")
    exp.add_argument("--actor")
    add_json_flag(exp)
    exp.set_defaults(handler=run_export_respondent)

    erase = sub.add_parser("erase", help="één respondent wissen / erase one respondent")
    erase.add_argument("respondent")
    erase.add_argument("--actor")
    add_json_flag(erase)
    erase.set_defaults(handler=run_erase)

    purge = sub.add_parser("purge", help="antwoorden na de bewaartermijn wissen / purge after retention")
    purge.add_argument("--actor")
    add_json_flag(purge)
    purge.set_defaults(handler=run_purge)


def _workspace(slug):
    from zorgzaam.areas.neighbourhood_service import get_workspace

    return get_workspace(slug)


def run_bank(args) -> int:
    from zorgzaam.voices.bank import load_bank

    bank = load_bank()
    lang = current_language()
    rows = [{"id": i.id, "theme": i.theme, "type": i.question.type, "text": i.question.text(lang),
             "instrument": i.instrument or None} for i in bank.items.values()]
    emit(args, rows, "\n".join(f"{r['id']:<28} {r['type']:<10} {r['text']}" for r in rows))
    return 0


def run_create(args) -> int:
    setup_django()
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.voices import services
    from zorgzaam.voices.bank import build_questionnaire

    workspace = _workspace(args.workspace)
    spec = build_questionnaire(_list(args.items) or None, title_nl=args.title, title_en=args.title_en)
    nbh = list(Neighbourhood.objects.filter(workspace=workspace, name__in=_list(args.neighbourhoods)))
    questionnaire = services.create_questionnaire(workspace, spec, source="item bank")
    survey = services.create_survey(workspace, questionnaire, args.title, neighbourhoods=nbh)
    codes = services.make_invitation_codes(survey, args.codes) if args.codes else []
    data = {"survey": survey.pk, "token": survey.token, "link": f"/stem/{survey.token}/",
            "questions": len(spec.questions), "invitation_codes": codes}
    emit(args, data, gettext("Bevraging {pk} gemaakt: {questions} vragen, link /stem/{token}/").format(pk=survey.pk, questions=len(spec.questions), token=survey.token)
         + ("\n" + "\n".join(codes) if codes else ""))
    return 0


def run_list(args) -> int:
    setup_django()
    from zorgzaam.voices.models import Survey

    surveys = Survey.objects.all()
    if args.workspace:
        surveys = surveys.filter(workspace=_workspace(args.workspace))
    rows = [{"id": s.pk, "name": s.name, "status": s.status, "token": s.token,
             "respondents": s.respondents.filter(completed_at__isnull=False).count()} for s in surveys]
    emit(args, rows, "\n".join(f"{r['id']:>4}  {r['status']:<7} {r['respondents']:>5}  {r['name']}" for r in rows))
    return 0


def run_import_xlsform(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    result = services.import_xlsform(_workspace(args.workspace), args.file, survey_name=args.name)
    lang = current_language()
    lines = [gettext("Vragenlijst '{title}' ingelezen: {questions} vragen in {sections} delen; "
                     "bevraging {survey} (link /stem/{token}/).").format(title=result['title'], questions=result['questions'], sections=result['sections'], survey=result['survey'], token=result['token'])]
    messages = result[f"messages_{lang}"]
    if messages:
        lines.append(gettext("Niet overgenomen:"))
        lines += [f"  - {m}" for m in messages]
    emit(args, result, "\n".join(lines))
    return 0


def run_import_responses(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    survey = services.get_survey(args.survey)
    overrides = dict(item.split("=", 1) for item in args.map if "=" in item)
    report = services.import_responses(survey, args.file, args.format, actor=_actor(args), overrides=overrides,
                                       skip_bad_rows=args.skip_bad_rows, dry_run=args.dry_run,
                                       lang=current_language())
    lines = [gettext("Kolommen gekoppeld ({matched}):").format(matched=len(report['matched']))]
    lines += [f"  {m['column']} → {m['question']}{'/' + m['option'] if m['option'] else ''} ({m['how']})"
              for m in report["matched"]]
    lines.append(gettext("Niet gekoppeld ({unmatched_columns}): ").format(unmatched_columns=len(report['unmatched_columns'])) + ", ".join(report["unmatched_columns"]))
    lines.append(gettext("Genegeerde meta-kolommen: ") + ", ".join(report["meta_columns"]))
    lines.append(gettext("Vragen zonder kolom: ")
                 + ", ".join(report["questions_without_column"]))
    for problem in report["problems"][:30]:
        lines.append("  ! " + problem["message"])
    if report["problem_count"] and not args.skip_bad_rows and not args.dry_run:
        lines.append(gettext("{problem_count} problemen: niets opgeslagen (gebruik --skip-bad-rows "
                             "om de foute rijen over te slaan).").format(problem_count=report['problem_count']))
    lines.append(gettext("Opgeslagen: {stored} antwoorden, al eerder ingelezen: {already_imported}.").format(stored=report['stored'], already_imported=report['already_imported']))
    emit(args, report, "\n".join(lines))
    return 1 if report["problem_count"] and not args.skip_bad_rows and not args.dry_run else 0


def run_report(args) -> int:
    setup_django()
    from zorgzaam.voices import services
    from zorgzaam.voices.documents import write_docx, write_pdf, write_xlsx

    survey = services.get_survey(args.survey)
    lang = current_language()
    written = []
    outputs = [(fmt, path, writer) for fmt, path, writer in (("xlsx", args.xlsx, write_xlsx),
                                                            ("docx", args.docx, write_docx),
                                                            ("pdf", args.pdf, write_pdf)) if path]
    fmt, target = (outputs[0][0], outputs[0][1]) if outputs else ("json", "")
    report = services.survey_report(survey, actor=_actor(args), lang=lang, can_see_free_text=args.free_text,
                                    fmt=fmt, target=Path(target).name if target else "")
    for number, (kind, path, writer) in enumerate(outputs):
        if number:  # the first is audited by survey_report; every further file is an export too
            services.audit(actor=_actor(args), kind="report", survey=survey, fmt=kind, target=Path(path).name)
        written.append(str(writer(report, path)))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    elif written:
        print(gettext("Geschreven: ") + ", ".join(written))
    else:
        from zorgzaam.voices.report import report_text

        print(report_text(report))
    return 0


def run_reference(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    survey = services.get_survey(args.survey)
    proportion = args.proportion / 100 if args.proportion > 1 else args.proportion
    ref = services.add_reference_figure(survey, args.question, _list(args.categories), proportion, label=args.label,
                                        source=args.source)
    emit(args, {"reference": ref.pk}, gettext("Referentiecijfer bewaard."))
    return 0


def run_close(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    survey = services.get_survey(args.survey)
    services.close_survey(survey)
    emit(args, {"survey": survey.pk, "status": survey.status}, gettext("Bevraging afgesloten."))
    return 0


def run_codes(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    codes = services.make_invitation_codes(services.get_survey(args.survey), args.count)
    emit(args, codes, "\n".join(codes))
    return 0


def run_export_respondent(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    data = services.export_respondent(args.respondent, actor=_actor(args))
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        emit(args, {"written": args.out}, gettext("Geschreven: {out}").format(out=args.out))
    else:
        print(text)
    return 0


def run_erase(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    result = services.erase_respondent(args.respondent, actor=_actor(args))
    text = (gettext("Gewist: respondent {respondent} ({answers} antwoorden, contactgegevens).")
            if result["contact_details_removed"] else gettext("Gewist: respondent {respondent} ({answers} antwoorden)."))
    emit(args, result, text.format(respondent=result["respondent"], answers=result["answers_removed"]))
    return 0


def run_purge(args) -> int:
    setup_django()
    from zorgzaam.voices import services

    done = services.purge_expired(actor=_actor(args))
    emit(args, done, gettext("{done} bevraging(en) opgeschoond.").format(done=len(done))
         + "".join(f"\n  {d['name']}: {d['respondents_removed']}" for d in done))
    return 0
