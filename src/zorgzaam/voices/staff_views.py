"""Staff screens for residents' voices, mounted under /stemmen/<slug>/: surveys (link, QR code, status,
invitation codes, reference figures, retention, door-to-door campaign, the report on screen and its
downloads, one respondent's export or erasure), paper entry with blind double entry, imports, and the
qualitative evidence (sessions, quotes, strengths and challenges, personas, session kits).

Every view starts with ``workspace_for``. Thin: the figures come from ``services`` / ``report``; paper
entry from ``paper`` / ``paper_store``; nothing is recomputed here.

Who sees what: open answers and the kind of speaker of a quote only for roles that edit content
(:func:`can_see_free_text`; a *lezer* does not); one respondent's export and erasure only for the
*beheerder* (manage members); settling double-entry differences for roles that may import data
(*beheerder*, *beleidsmedewerker*).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.graphics.qr import qr_svg
from zorgzaam.messages import ZorgzaamError, format_number
from zorgzaam.voices import codes as vocab
from zorgzaam.voices import kits as session_kits
from zorgzaam.voices import paper, paper_store, services
from zorgzaam.voices.models import (
    DoorToDoorVisit,
    InvitationCode,
    PaperEntry,
    Persona,
    QualitativeSession,
    Quote,
    ReferenceFigure,
    Respondent,
    SessionPhoto,
    StrengthChallenge,
    Survey,
)
from zorgzaam.voices.staff_forms import (
    CodesForm,
    PaperSettingForm,
    PersonaForm,
    PseudonymForm,
    QuoteForm,
    ReferenceForm,
    ResponsesUploadForm,
    SessionForm,
    StrengthForm,
    SurveySettingsForm,
    VisitForm,
    XLSFormUploadForm,
)
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, block_label
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, object_in, role_allows, workspace_for
from zorgzaam.workspaces.security import no_store


def can_see_free_text(request) -> bool:
    """Open answers, quotes' speakers and session participants' details: roles that edit content."""
    member = getattr(request, "membership", None)
    return role_allows(member.role if member else None, Action.EDIT_CONTENT)


SECTIONS = {"session": "sessions", "quote": "quotes", "strengths": "strengths", "persona": "personas", "kit": "kits"}


def render(request, template: str, context: dict | None = None, status: int | None = None):
    """Django's render plus the voices sub-navigation's current section."""
    name = template.rsplit("/", 1)[-1]
    section = next((value for prefix, value in SECTIONS.items() if name.startswith(prefix)), "surveys")
    return django_render(request, template, {"section": section, **(context or {})}, status=status)


def _survey(workspace, pk) -> Survey:
    return object_in(workspace, Survey, pk)


def _actor(request) -> str:
    return request.user.get_username()


def _error_text(error: ZorgzaamError) -> str:
    return error.render(ui_lang())


def _pct(share: float | None, decimals: int = 1) -> str:
    """A share (0–1) as '12,3 %' in the page's language; '—' when unknown."""
    return "—" if share is None else format_number(100 * share, ui_lang(), decimals) + " %"


# ------------------------------------------------------------------------------------------ surveys

@login_required
def survey_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    rows = []
    for survey in Survey.objects.filter(workspace=workspace).select_related("questionnaire"):
        completed = Respondent.objects.filter(survey=survey, completed_at__isnull=False).count()
        eligible = sum(int(v) for v in (survey.eligible_population or {}).values())
        shown = completed >= survey.min_cell
        rows.append({"survey": survey, "responses": completed if shown else None,
                     "rate_text": _pct(completed / eligible) if shown and eligible else None,
                     "paper": PaperEntry.objects.filter(survey=survey).count()})
    return render(request, "voices/staff/survey_list.html", {"rows": rows, "nav_voices": "surveys"})


def _public_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("voices:start", args=[survey.token]))


def _survey_context(request, workspace, survey, **extra) -> dict:
    lang = ui_lang()
    spec = survey.questionnaire.to_spec()
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))
    url = _public_url(request, survey)
    codes = InvitationCode.objects.filter(survey=survey)
    refs = list(survey.reference_figures.all())
    by_code = spec.by_code()
    for ref in refs:
        q = by_code.get(ref.question_code)
        ref.question_text = q.text(lang) if q else ref.question_code
        ref.answers = ", ".join(q.choice_label(c, lang) if q else c for c in ref.categories)
        ref.percent = format_number(100 * ref.proportion, lang, 1)
    completed = Respondent.objects.filter(survey=survey, completed_at__isnull=False).count()
    context = {
        "survey": survey, "public_url": url, "qr_svg": qr_svg(url, scale=5), "refs": refs,
        "codes_total": codes.count(), "codes_used": codes.filter(used_at__isnull=False).count(),
        "completed": completed if completed >= survey.min_cell else None,
        "settings_form": SurveySettingsForm(instance=survey),
        "codes_form": CodesForm(neighbourhoods=neighbourhoods),
        "reference_form": ReferenceForm(spec=spec, lang=lang),
        "pseudonym_form": PseudonymForm(),
        "may_manage": role_allows(request.membership.role, Action.MANAGE_MEMBERS),
        "may_import": role_allows(request.membership.role, Action.IMPORT_DATA),
        "visits": DoorToDoorVisit.objects.filter(survey=survey).count(),
    }
    context.update(extra)
    return context


@login_required
def survey_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    return render(request, "voices/staff/survey_detail.html", _survey_context(request, workspace, survey))


@login_required
def survey_qr(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    response = HttpResponse(qr_svg(_public_url(request, survey), scale=10), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr-{survey.pk}.svg"'
    return response


@login_required
def survey_poster(request, slug, pk):
    """A printable A4 with the link and the QR code."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    url = _public_url(request, survey)
    return render(request, "voices/staff/survey_poster.html", {"survey": survey, "public_url": url,
                                                                "qr_svg": qr_svg(url, scale=12)})


@login_required
@require_POST
def survey_status(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    if request.POST.get("status") == "close":
        services.close_survey(survey)
        messages.success(request, _("De bevraging is afgesloten: het formulier neemt geen antwoorden meer aan."))
    elif request.POST.get("status") == "open":
        survey.status, survey.closed_at = Survey.OPEN, None
        survey.save(update_fields=["status", "closed_at"])
        messages.success(request, _("De bevraging staat open: het formulier neemt antwoorden aan."))
    return redirect("voices_staff:survey", slug=slug, pk=survey.pk)


@login_required
@require_POST
def survey_settings(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    form = SurveySettingsForm(request.POST, instance=survey)
    if form.is_valid():
        form.save()
        messages.success(request, _("Bewaartermijn en minimale celgrootte bewaard."))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    return render(request, "voices/staff/survey_detail.html",
                  _survey_context(request, workspace, survey, settings_form=form), status=400)


@login_required
def survey_codes(request, slug, pk):
    """POST: make N new invitation codes. GET: the unused codes as printable slips."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))
    if request.method == "POST":
        form = CodesForm(request.POST, neighbourhoods=neighbourhoods)
        if form.is_valid():
            chosen = form.cleaned_data["neighbourhood"]
            neighbourhood = object_in(workspace, Neighbourhood, int(chosen)) if chosen else None
            made = services.make_invitation_codes(survey, form.cleaned_data["count"], neighbourhood=neighbourhood)
            messages.success(request, _("%(count)s nieuwe uitnodigingscodes gemaakt.") % {"count": len(made)})
            return redirect(reverse("voices_staff:survey-codes", args=[slug, survey.pk]) + "?nieuw=" + str(len(made)))
        return render(request, "voices/staff/survey_detail.html",
                      _survey_context(request, workspace, survey, codes_form=form), status=400)
    codes = InvitationCode.objects.filter(survey=survey, used_at__isnull=True).select_related("neighbourhood")
    codes = codes.order_by("-pk")
    if request.GET.get("nieuw", "").isdigit():
        codes = codes[:int(request.GET["nieuw"])]
    return render(request, "voices/staff/survey_codes.html", {"survey": survey, "codes": list(codes),
                                                               "public_url": _public_url(request, survey)})


@login_required
@require_POST
def survey_reference(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    if request.POST.get("delete", "").isdigit():
        ReferenceFigure.objects.filter(survey=survey, pk=int(request.POST["delete"])).delete()
        messages.success(request, _("Referentiecijfer verwijderd."))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    form = ReferenceForm(request.POST, spec=survey.questionnaire.to_spec(), lang=ui_lang())
    if form.is_valid():
        data = form.cleaned_data
        services.add_reference_figure(survey, data["question"], data["categories"], data["percent"] / 100,
                                      label=data["label"], source=data["source"])
        messages.success(request, _("Referentiecijfer bewaard."))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    return render(request, "voices/staff/survey_detail.html",
                  _survey_context(request, workspace, survey, reference_form=form), status=400)


@login_required
@require_POST
@no_store
def survey_privacy(request, slug, pk):
    """One respondent's data: export (JSON download) or erasure, by pseudonym. Audited by services."""
    workspace = workspace_for(request, slug, needs=Action.MANAGE_MEMBERS)
    survey = _survey(workspace, pk)
    form = PseudonymForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef het pseudoniem van de respondent."))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    pseudonym = form.cleaned_data["pseudonym"].strip()
    if not Respondent.objects.filter(survey=survey, pseudonym=pseudonym).exists():
        messages.error(request, _error_text(ZorgzaamError("respondent_not_found", respondent=pseudonym)))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    if form.cleaned_data["action"] == "export":
        data = services.export_respondent(pseudonym, actor=_actor(request))
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="respondent-{pseudonym}.json"'
        return response
    if not form.cleaned_data["confirm"]:
        messages.error(request, _("Vink aan dat je begrijpt dat wissen niet ongedaan kan worden."))
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    result = services.erase_respondent(pseudonym, actor=_actor(request))
    messages.success(request, _("Respondent %(p)s gewist: %(n)s antwoorden%(contact)s.") % {
        "p": pseudonym, "n": result["answers_removed"],
        "contact": _(" en de contactgegevens") if result["contact_details_removed"] else ""})
    return redirect("voices_staff:survey", slug=slug, pk=survey.pk)


# ------------------------------------------------------------------------------------------ campaign

@login_required
@no_store
def survey_campaign(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))
    form = VisitForm(neighbourhoods=neighbourhoods)
    if request.method == "POST":
        workspace_for(request, slug, needs=Action.EDIT_CONTENT)
        form = VisitForm(request.POST, neighbourhoods=neighbourhoods)
        if form.is_valid():
            data = form.cleaned_data
            chosen = object_in(workspace, Neighbourhood, int(data["neighbourhood"])) if data["neighbourhood"] else None
            services.record_visit(survey, street=data["street"].strip(), house_number=data["house_number"].strip(),
                                  status=data["status"], visited_on=data["visited_on"], neighbourhood=chosen,
                                  visitor=_actor(request), note=data["note"].strip())
            messages.success(request, _("Bezoek bewaard: %(address)s.") % {
                "address": f"{data['street']} {data['house_number']}".strip()})
            keep = {"neighbourhood": data["neighbourhood"], "visited_on": data["visited_on"].isoformat(),
                    "street": data["street"]}
            return redirect(reverse("voices_staff:survey-campaign", args=[slug, survey.pk]) + "?"
                            + "&".join(f"{k}={v}" for k, v in keep.items()))
    elif request.GET.get("street"):
        form = VisitForm(neighbourhoods=neighbourhoods, initial={k: request.GET.get(k) for k in
                                                                 ("neighbourhood", "visited_on", "street")})
    from zorgzaam.voices.analysis import TOTAL, campaign_summary

    lang = ui_lang()
    eligible = {k: int(v) for k, v in (survey.eligible_population or {}).items()} or None
    summary = campaign_summary(services.visits_frame(survey), eligible=eligible, min_cell=survey.min_cell)
    for row in summary:
        if row["neighbourhood"] == TOTAL:
            row["neighbourhood"] = _("Totaal")
        row["contact_text"] = _pct(row.get("contact_rate"))
        row["response_text"] = _pct(row.get("response_rate"))
        row["eligible_text"] = _pct(row.get("response_rate_eligible"))
    statuses = dict((code, vocab.label(vocab.VISIT_STATUSES, code, lang)) for code in vocab.VISIT_STATUSES)
    # addresses with their outcome only for the roles that do the visits; a lezer sees the counts above
    sees_addresses = role_allows(request.membership.role, Action.EDIT_CONTENT)
    recent = list(DoorToDoorVisit.objects.filter(survey=survey).select_related("neighbourhood")
                  .order_by("-visited_on", "-pk")[:30]) if sees_addresses else []
    for visit in recent:
        visit.status_label = statuses.get(visit.status, visit.status)
    if recent:  # addresses on screen: personal data seen, so a line in the audit log
        from zorgzaam.workspaces.audit import record_download

        record_download(request, workspace, "addresses_view", fmt="", target="", obj=survey, shown=len(recent))
    return render(request, "voices/staff/campaign.html", {"survey": survey, "form": form, "summary": summary,
                                                          "recent": recent, "statuses": statuses,
                                                          "sees_addresses": sees_addresses})


# ------------------------------------------------------------------------------------------ report

def _population(survey) -> dict:
    """Residents 16+ per age band and sex in the survey's sectors (latest year), from the official data."""
    from zorgzaam.sources.models import Dataset
    from zorgzaam.sources.store import load_values
    from zorgzaam.voices.population import population_margins

    codes: set[str] = set()
    for neighbourhood in survey.neighbourhoods.all():
        version = neighbourhood.current
        if version is not None:
            codes |= set(version.sector_codes)
    if not codes:
        return {}
    measures = [f"population_{sex}_age_{low:03d}_{high:03d}" for sex in ("female", "male")
                for low, high in [(a, a + 4) for a in range(15, 100, 5)]] + \
               [f"population_{sex}_age_100_999" for sex in ("female", "male")]
    values = load_values(Dataset.objects.filter(workspace__isnull=True), measures=measures, levels=["sector"])
    values = values[values["area_code"].isin(codes)]
    if values.empty:
        return {}
    values = values[values["period"] == values["period"].max()]
    return population_margins(values)


def _report_for_screen(request, survey, *, outcome: str | None, by: str | None, weighted: bool) -> dict:
    from zorgzaam.voices.report import DEFAULT_BACKGROUND, DEFAULT_OUTCOMES, build_report

    spec = survey.questionnaire.to_spec()
    codes = spec.by_code()
    population = _population(survey)
    usable = {var: counts for var, counts in population.items()
              if var in codes and set(counts) <= set(codes[var].choice_codes())}
    options = services.report_options(survey, lang=ui_lang(), can_see_free_text=can_see_free_text(request),
                                      population=usable or None,
                                      weight_margins=usable if weighted and usable else None)
    options.breakdowns = [(outcome, by)] if outcome and by else []
    report = build_report(services.response_data(survey), options)
    report["can_weight"] = bool(usable)
    report["outcome_choices"] = [(c, codes[c].text(ui_lang()) if c in codes else c) for c in DEFAULT_OUTCOMES
                                 if c in codes or (c == "djg_total_cat" and "lonely_emptiness" in codes)] + \
        [(q.code, q.text(ui_lang())) for q in spec.questions
         if q.type in ("single", "scale") and q.code not in DEFAULT_OUTCOMES and not q.code.startswith("involvement")]
    report["by_choices"] = [(q.code, q.text(ui_lang())) for q in spec.questions
                            if q.type in ("single", "scale") and (q.code in DEFAULT_BACKGROUND or q.code == "sex"
                                                                   or q.code not in DEFAULT_OUTCOMES)]
    return report


def _p_text(p: float, lang: str) -> str:
    return ("< " + format_number(0.001, lang, 3)) if p < 0.001 else ("= " + format_number(p, lang, 3))


def _annotate(report: dict, spec) -> None:
    """Words for the screen: hidden-cell reasons under each table, question texts, test names, the
    representativeness verdict. Nothing is recomputed: every figure comes from the report."""
    from zorgzaam.voices.report import iter_tables

    lang = ui_lang()
    codes = spec.by_code()
    for row in report.get("response", []):
        row["rate_text"] = _pct(row.get("response_rate"))
    for table in report.get("representativeness", []):
        q = codes.get(table["variable"])
        table["variable_label"] = q.text(lang) if q else table["variable"]
        p = table.get("p_value")
        if p is None:
            table["statement"] = _("Te weinig antwoorden om te toetsen.")
        elif p < 0.05:
            table["statement"] = _("De respondenten wijken hierin duidelijk af van de bevolking (p %(p)s): "
                                   "lees de resultaten met die scheefheid in het achterhoofd, of gebruik de weging.") % {
                "p": _p_text(p, lang)}
        else:
            table["statement"] = _("De respondenten wijken hierin niet duidelijk af van de bevolking "
                                   "(p %(p)s).") % {"p": _p_text(p, lang)}
    for comp in report.get("comparisons", []):
        q = codes.get(comp["question"])
        comp["question_text"] = q.text(lang) if q else comp["question"]
        comp["answers_text"] = ", ".join(q.choice_label(c, lang) if q else c for c in comp["categories"])

    for table in iter_tables(report):
        table["has_mean"] = bool(table["rows"]) and "mean" in table["rows"][0]
    for table in report.get("tables", []):
        unweighted = table.get("unweighted")
        if not unweighted:
            continue
        for row, plain in zip(table["rows"], unweighted["rows"], strict=True):
            for cell, other in zip(row["cells"], plain["cells"], strict=True):
                cell["unweighted_percent"] = other["percent"]


def _charts(report: dict, workspace) -> None:
    """Each question's bar chart as a link the page's <img> loads (drawn once per content, see
    ``graphics.chart_cache``), with its alt text."""
    from zorgzaam.graphics import chart_cache
    from zorgzaam.voices.documents import table_chart

    for table in report.get("scales", [])[:1] + report.get("tables", []):
        spec, alt = table_chart(table, report["lang"])
        table["chart_url"] = chart_cache.chart_url("voices_staff:chart", spec, workspace)
        table["chart_alt"] = alt


@login_required
def chart_view(request, slug, token):
    """One chart of a survey report as SVG, drawn once per content and then served from the cache."""
    from zorgzaam.graphics import chart_cache

    return chart_cache.chart_response(token, workspace_for(request, slug, needs=Action.VIEW))


@login_required
@require_POST
def survey_merge(request, slug, pk):
    """Record (or undo) the team's choice to count answers of a question together in the report."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    back = reverse("voices_staff:survey-report", args=[slug, survey.pk])
    if request.POST.get("undo", "").isdigit():
        if services.remove_category_merge(survey, int(request.POST["undo"]), actor=_actor(request)):
            messages.success(request, _("De antwoorden worden weer apart geteld."))
        return redirect(back + "#" + request.POST.get("anchor", ""))
    question = request.POST.get("question", "")
    try:
        services.add_category_merge(survey, question, request.POST.getlist("categories"),
                                    chosen_by=_actor(request), label=request.POST.get("label", "")[:200])
    except ZorgzaamError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Bewaard: deze antwoorden tellen voortaan samen in het rapport, in Word en in "
                                    "Excel. Je kunt dat altijd ongedaan maken."))
    return redirect(back + "#" + request.POST.get("anchor", ""))


@login_required
@no_store
def survey_report(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    outcome = request.GET.get("uitkomst") or "happy_past_week"
    by = request.GET.get("naar") or "marital_status"
    codes = survey.questionnaire.to_spec().by_code()
    if outcome not in codes and outcome != "djg_total_cat":
        outcome = None
    if by not in codes:
        by = None
    weighted = request.GET.get("weging") == "1"
    try:
        report = _report_for_screen(request, survey, outcome=outcome, by=by, weighted=weighted)
    except ZorgzaamError as error:
        messages.error(request, _error_text(error))
        report = _report_for_screen(request, survey, outcome=outcome, by=by, weighted=False)
        weighted = False
    _annotate(report, survey.questionnaire.to_spec())
    _charts(report, workspace)
    merges = list(survey.category_merges.all())
    for table in [*report.get("scales", []), *report.get("tables", [])]:
        table["merge_records"] = [m for m in merges if m.question_code == table["question"]]
    return render(request, "voices/staff/report.html", {
        "survey": survey, "report": report, "outcome": outcome, "by": by, "weighted": weighted,
        "free_text_allowed": can_see_free_text(request), "has_merges": bool(merges),
        "may_merge": role_allows(request.membership.role, Action.EDIT_CONTENT)})


@login_required
@no_store
def survey_download(request, slug, pk, fmt):
    """The survey report as Word, Excel or PDF; every download is an audited export."""
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    survey = _survey(workspace, pk)
    from zorgzaam.voices.documents import write_docx, write_pdf, write_xlsx

    writers = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}
    if fmt not in writers:
        raise Http404
    import tempfile

    name = f"bevraging-{survey.pk}.{fmt}"
    report = services.survey_report(survey, actor=_actor(request), lang=ui_lang(),
                                    can_see_free_text=can_see_free_text(request), fmt=fmt, target=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        writers[fmt](report, path)
        body = path.read_bytes()
    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
    response = HttpResponse(body, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ------------------------------------------------------------------------------------------ paper entry

def _entry_rows(survey, lang: str, values: dict | None = None, errors: dict | None = None) -> list[dict]:
    """The questions of the entry screen: number, text, key hints, skip condition for the script."""
    spec = survey.questionnaire.to_spec()
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    by_code = spec.by_code()
    rows = []
    for q in spec.questions:
        condition = None
        if q.condition:
            target = spec.by_code().get(q.condition.question)
            condition = {"question": q.condition.question, "op": q.condition.op, "value": q.condition.value,
                         "keys": dict(paper.answer_keys(target)) if target else {}}
        hint = ""
        if q.type == "multiple":
            hint = _("meerdere nummers mogelijk, gescheiden door een spatie")
        elif q.type == "number":
            hint = _("een getal")
        elif q.type == "date":
            hint = _("datum als 2025-03-31")
        elif q.type == "map_point":
            hint = _("breedte- en lengtegraad, bv. 51.2 5.1")
        rows.append({
            "code": q.code, "number": numbers[q.code], "text": q.text(lang), "type": q.type,
            "keys": paper.key_hints(q, lang), "hint": hint, "required": q.required,
            "long": q.type in ("text", "long_text"),
            "condition": json.dumps(condition) if condition else "",
            "condition_text": (_("alleen als het antwoord op vraag %(n)s %(cond)s") % {
                "n": numbers.get(q.condition.question, "?"),
                "cond": q.condition.describe(lang, about=by_code.get(q.condition.question))}) if q.condition else "",
            "value": (values or {}).get(q.code, ""), "error": (errors or {}).get(q.code),
        })
    return rows


def _typed(request, survey) -> dict[str, str]:
    return {q.code: request.POST.get(f"q-{q.code}", "") for q in survey.questionnaire.questions.all()}


@login_required
@no_store
def paper_overview(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    survey = _survey(workspace, pk)
    current = paper_store.setting(survey)
    form = PaperSettingForm(initial={"verify_percent": current.verify_percent})
    if request.method == "POST":
        workspace_for(request, slug, needs=Action.EDIT_CONTENT)
        form = PaperSettingForm(request.POST)
        if form.is_valid():
            try:
                paper_store.set_verify_percent(survey, form.cleaned_data["verify_percent"])
                messages.success(request, _("Instelling bewaard."))
                return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
            except ZorgzaamError as error:
                form.add_error("verify_percent", _error_text(error))
    data = paper_store.overview(survey)
    lang = ui_lang()
    return render(request, "voices/staff/paper_overview.html", {
        "survey": survey, "form": form, "data": data, "setting": current,
        "agreement": format_number(100 * data["agreement"], lang, 1) if data["agreement"] is not None else None,
        "may_resolve": role_allows(request.membership.role, Action.IMPORT_DATA),
        "recent": PaperEntry.objects.filter(survey=survey).order_by("-sequence")[:15]})


def _neighbourhood_from(request, workspace):
    value = request.POST.get("neighbourhood", "")
    return object_in(workspace, Neighbourhood, int(value)) if value.isdigit() else None


@login_required
@no_store
def paper_entry(request, slug, pk):
    """One paper questionnaire per screen, typed with the keyboard only."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    lang = ui_lang()
    values, errors, sheet, chosen = {}, {}, "", request.GET.get("buurt", "")
    if request.method == "POST":
        typed = _typed(request, survey)
        sheet = request.POST.get("sheet", "").strip()
        chosen = request.POST.get("neighbourhood", "")
        result, entry = paper_store.enter_first(survey, typed, actor=_actor(request), sheet=sheet,
                                                neighbourhood=_neighbourhood_from(request, workspace))
        if entry is not None:
            text = _("Vragenlijst %(n)s bewaard.") % {"n": entry.sequence}
            if result.missing_required:
                text += " " + _("Niet ingevuld op papier: %(q)s.") % {"q": ", ".join(result.missing_required)}
            if entry.needs_second:
                text += " " + _("Deze vragenlijst komt in de steekproef: iemand anders geeft ze nog een keer in.")
            messages.success(request, text)
            return redirect(reverse("voices_staff:paper-entry", args=[slug, survey.pk]) + f"?buurt={chosen}")
        values, errors = typed, {c: _error_text(e) for c, e in result.errors.items()}
    return render(request, "voices/staff/paper_entry.html", {
        "survey": survey, "rows": _entry_rows(survey, lang, values, errors), "errors": errors, "sheet": sheet,
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace), "chosen": chosen, "second": None,
        "next_number": (PaperEntry.objects.filter(survey=survey).count() + 1)},
        status=400 if errors else 200)


@login_required
@no_store
def paper_second(request, slug, pk, entry):
    """The blind second entry: the same empty screen; the first entry is not shown."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    survey = _survey(workspace, pk)
    found = PaperEntry.objects.filter(survey=survey, pk=entry).select_related("respondent", "survey").first()
    if found is None:
        raise Http404
    values, errors = {}, {}
    if request.method == "POST":
        typed = _typed(request, survey)
        try:
            result, stored = paper_store.enter_second(found, typed, actor=_actor(request))
        except ZorgzaamError as error:
            messages.error(request, _error_text(error))
            return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
        if stored:
            if found.differences:
                messages.warning(request, _("Tweede ingave bewaard: %(n)s verschil(len) met de eerste ingave. "
                                            "Een verantwoordelijke kijkt ze na.") % {"n": len(found.differences)})
            else:
                messages.success(request, _("Tweede ingave bewaard: alles komt overeen met de eerste ingave."))
            return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
        values, errors = typed, {c: _error_text(e) for c, e in result.errors.items()}
    elif found.second_at or not found.needs_second:
        messages.error(request, _error_text(ZorgzaamError("paper_second_done" if found.second_at
                                                          else "paper_not_selected")))
        return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
    elif found.first_by == _actor(request):
        messages.error(request, _error_text(ZorgzaamError("paper_second_same_person")))
        return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
    return render(request, "voices/staff/paper_entry.html", {
        "survey": survey, "rows": _entry_rows(survey, ui_lang(), values, errors), "errors": errors,
        "second": found, "sheet": found.sheet}, status=400 if errors else 200)


@login_required
@no_store
def paper_resolve(request, slug, pk, entry):
    """The differences of a double entry, question by question, for a supervisor to settle."""
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    survey = _survey(workspace, pk)
    found = PaperEntry.objects.filter(survey=survey, pk=entry, second_at__isnull=False).first()
    if found is None:
        raise Http404
    lang = ui_lang()
    spec = survey.questionnaire.to_spec()
    by_code = spec.by_code()
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    if request.method == "POST" and not found.resolved_at:
        choices = {d["question"]: request.POST.get(f"keep-{d['question']}", "") for d in found.differences}
        try:
            changed = paper_store.resolve(found, choices, actor=_actor(request))
        except ZorgzaamError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Verschillen opgelost; %(n)s antwoord(en) aangepast.") % {"n": changed})
            return redirect("voices_staff:paper", slug=slug, pk=survey.pk)
    rows = []
    for diff in found.differences:
        q = by_code.get(diff["question"])
        rows.append({"code": diff["question"], "number": numbers.get(diff["question"], "?"),
                     "text": q.text(lang) if q else diff["question"],
                     "first": paper.shown_value(q, diff["first"], lang) if q else diff["first"],
                     "second": paper.shown_value(q, diff["second"], lang) if q else diff["second"],
                     "chosen": diff.get("chosen")})
    return render(request, "voices/staff/paper_resolve.html", {"survey": survey, "entry": found, "rows": rows})


@login_required
@require_POST
def paper_mark(request, slug, pk, entry):
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    survey = _survey(workspace, pk)
    found = PaperEntry.objects.filter(survey=survey, pk=entry).first()
    if found is None:
        raise Http404
    paper_store.mark_for_second(found)
    messages.success(request, _("Vragenlijst %(n)s wordt een tweede keer ingegeven.") % {"n": found.sequence})
    return redirect("voices_staff:paper", slug=slug, pk=survey.pk)


# ------------------------------------------------------------------------------------------ imports

def _save_upload(upload) -> Path:
    folder = jobs.upload_dir() / ("voices-" + uuid.uuid4().hex)
    folder.mkdir(parents=True)
    path = folder / (get_valid_filename(Path(upload.name).name) or "upload")
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return path


@login_required
def import_xlsform(request, slug):
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        path = _save_upload(form.cleaned_data["file"])
        try:
            result = services.import_xlsform(workspace, path, survey_name=form.cleaned_data["survey_name"] or None)
        except ZorgzaamError as error:
            form.add_error("file", _error_text(error))
        finally:
            jobs.remove_upload(path)  # the file and its folder
        if result is not None:
            result["messages"] = result[f"messages_{ui_lang()}"]
            messages.success(request, _("Vragenlijst ingelezen: %(n)s vragen.") % {"n": result["questions"]})
    return render(request, "voices/staff/import_xlsform.html", {"form": form, "result": result})


@login_required
def import_responses(request, slug, pk):
    """Step 1: upload → the column mapping and what is unmatched (dry run). Step 2: commit."""
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    survey = _survey(workspace, pk)
    form = ResponsesUploadForm()
    report, pending = None, None
    key = f"voices-import-{survey.pk}"
    if request.method == "POST" and request.POST.get("step") == "commit":
        stash = request.session.get(key)
        if not stash or not Path(stash["path"]).exists():
            messages.error(request, _("Het bestand is niet meer beschikbaar; laad het opnieuw op."))
            return redirect("voices_staff:import-responses", slug=slug, pk=survey.pk)
        try:
            report = services.import_responses(survey, stash["path"], stash["format"], actor=_actor(request),
                                               skip_bad_rows=request.POST.get("skip") == "1", lang=ui_lang())
        except ZorgzaamError as error:
            messages.error(request, _error_text(error))
            return redirect("voices_staff:import-responses", slug=slug, pk=survey.pk)
        jobs.remove_upload(stash["path"])
        del request.session[key]
        messages.success(request, _("Ingelezen: %(stored)s antwoorden; al eerder ingelezen: %(before)s.") % {
            "stored": report["stored"], "before": report["already_imported"]})
        return redirect("voices_staff:survey", slug=slug, pk=survey.pk)
    if request.method == "POST":
        form = ResponsesUploadForm(request.POST, request.FILES)
        if form.is_valid():
            path = _save_upload(form.cleaned_data["file"])
            try:
                report = services.import_responses(survey, path, form.cleaned_data["format"], dry_run=True,
                                                   lang=ui_lang())
            except ZorgzaamError as error:
                form.add_error("file", _error_text(error))
                jobs.remove_upload(path)
            else:
                request.session[key] = {"path": str(path), "format": form.cleaned_data["format"]}
                pending = True
    if report is not None:
        by_code = survey.questionnaire.to_spec().by_code()
        for match in report["matched"]:
            q = by_code.get(match["question"])
            match["text"] = q.text(ui_lang()) if q else ""
    return render(request, "voices/staff/import_responses.html", {"survey": survey, "form": form, "report": report,
                                                                   "pending": pending})


# ------------------------------------------------------------------------------------------ qualitative

def _labels(codes_list, vocabulary, lang):
    return [vocab.label(vocabulary, c, lang) for c in codes_list or []]


@login_required
def session_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    sessions = list(QualitativeSession.objects.filter(workspace=workspace).select_related("neighbourhood"))
    for s in sessions:
        s.kind_label = vocab.label(vocab.SESSION_KINDS, s.kind, lang)
        s.quote_count = s.quotes.count()
    return render(request, "voices/staff/session_list.html", {"sessions": sessions})


@login_required
def session_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    session = object_in(workspace, QualitativeSession, pk)
    lang = ui_lang()
    session.kind_label = vocab.label(vocab.SESSION_KINDS, session.kind, lang)
    kinds = [(vocab.label(vocab.PARTICIPANT_KINDS, k, lang), n) for k, n in (session.participant_kinds or {}).items()]
    observation = [(vocab.label(vocab.OBSERVATION_DIMENSIONS, k, lang), v) for k, v in (session.observation or {}).items()]
    quotes = list(session.quotes.all())
    for quote in quotes:
        quote.block_labels = _labels(quote.building_blocks, BUILDING_BLOCKS, lang)
        quote.speaker_label = vocab.label(vocab.PARTICIPANT_KINDS, quote.speaker_kind, lang) if quote.speaker_kind else ""
    return render(request, "voices/staff/session_detail.html", {
        "session": session, "kinds": kinds, "observation": observation, "quotes": quotes,
        "photos": session.photos.all(), "personas": session.personas.all(),
        "free_text_allowed": can_see_free_text(request)})


@login_required
def session_edit(request, slug, pk=None):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    session = object_in(workspace, QualitativeSession, pk) if pk else QualitativeSession(workspace=workspace)
    form = SessionForm(request.POST or None, request.FILES or None, instance=session, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            photo = form.cleaned_data.get("photo")
            if photo:
                SessionPhoto.objects.create(session=saved, caption=form.cleaned_data.get("photo_caption", ""),
                                            content_type=photo.content_type or "image/jpeg", data=photo.read(),
                                            uploaded_by=_actor(request))
        messages.success(request, _("Gesprek bewaard."))
        return redirect("voices_staff:session", slug=slug, pk=saved.pk)
    return render(request, "voices/staff/session_form.html", {"form": form, "session": session},
                  status=400 if request.method == "POST" else 200)


@login_required
@no_store
def session_photo(request, slug, pk, photo):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    session = object_in(workspace, QualitativeSession, pk)
    found = SessionPhoto.objects.filter(session=session, pk=photo).first()
    if found is None:
        raise Http404
    allowed = {"image/jpeg", "image/png", "image/webp", "image/gif"}
    response = HttpResponse(bytes(found.data), content_type=found.content_type if found.content_type in allowed
                            else "application/octet-stream")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def quote_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    quotes = Quote.objects.filter(workspace=workspace).select_related("session", "neighbourhood").order_by("-pk")
    theme = request.GET.get("thema", "").strip()
    block = request.GET.get("bouwsteen", "")
    neighbourhood = request.GET.get("buurt", "")
    items = []
    all_themes: set[str] = set()
    for quote in quotes:
        all_themes |= set(quote.themes or [])
        if theme and theme not in (quote.themes or []):
            continue
        if block and block not in (quote.building_blocks or []):
            continue
        if neighbourhood.isdigit() and quote.neighbourhood_id != int(neighbourhood):
            continue
        quote.block_labels = _labels(quote.building_blocks, BUILDING_BLOCKS, lang)
        quote.speaker_label = vocab.label(vocab.PARTICIPANT_KINDS, quote.speaker_kind, lang) if quote.speaker_kind else ""
        items.append(quote)
    blocks = [(code, block_label(code, lang)) for code in BUILDING_BLOCKS]
    counts = {code: sum(code in (q.building_blocks or []) for q in quotes) for code in BUILDING_BLOCKS}
    return render(request, "voices/staff/quote_list.html", {
        "quotes": items, "themes": sorted(all_themes), "theme": theme, "block": block, "blocks": blocks,
        "block_counts": [(label, counts[code]) for code, label in blocks],
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace), "neighbourhood": neighbourhood,
        "free_text_allowed": can_see_free_text(request), "total": len(quotes)})


@login_required
def quote_edit(request, slug, pk=None):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    quote = object_in(workspace, Quote, pk) if pk else None
    initial = {}
    if quote is not None:
        initial = {"text": quote.text, "speaker_kind": quote.speaker_kind, "session": quote.session_id or "",
                   "neighbourhood": quote.neighbourhood_id or "", "themes_text": ", ".join(quote.themes or []),
                   "building_blocks": quote.building_blocks or []}
    elif request.GET.get("gesprek", "").isdigit():
        initial = {"session": request.GET["gesprek"]}
    form = QuoteForm(request.POST or None, initial=initial, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = object_in(workspace, QualitativeSession, int(data["session"])) if data["session"] else None
        chosen = object_in(workspace, Neighbourhood, int(data["neighbourhood"])) if data["neighbourhood"] else None
        quote = quote or Quote(workspace=workspace)
        quote.text, quote.speaker_kind, quote.session = data["text"].strip(), data["speaker_kind"], session
        quote.neighbourhood = chosen or (session.neighbourhood if session else None)
        quote.themes, quote.building_blocks = form.themes(), list(data["building_blocks"])
        quote.save()
        messages.success(request, _("Citaat bewaard en gecodeerd."))
        return redirect("voices_staff:quotes", slug=slug)
    return render(request, "voices/staff/quote_form.html", {"form": form, "quote": quote},
                  status=400 if request.method == "POST" else 200)


@login_required
def strengths(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form = StrengthForm(workspace=workspace)
    if request.method == "POST":
        workspace_for(request, slug, needs=Action.EDIT_CONTENT)
        if request.POST.get("delete", "").isdigit():
            StrengthChallenge.objects.filter(workspace=workspace, pk=int(request.POST["delete"])).delete()
            messages.success(request, _("Verwijderd."))
            return redirect("voices_staff:strengths", slug=slug)
        form = StrengthForm(request.POST, workspace=workspace)
        if form.is_valid():
            data = form.cleaned_data
            StrengthChallenge.objects.create(
                workspace=workspace, neighbourhood=object_in(workspace, Neighbourhood, int(data["neighbourhood"])),
                kind=data["kind"], text=data["text"].strip(), themes=form.themes(),
                building_blocks=list(data["building_blocks"]))
            messages.success(request, _("Bewaard."))
            return redirect("voices_staff:strengths", slug=slug)
    groups = []
    for neighbourhood in Neighbourhood.objects.filter(workspace=workspace):
        items = list(StrengthChallenge.objects.filter(workspace=workspace, neighbourhood=neighbourhood))
        for item in items:
            item.block_labels = _labels(item.building_blocks, BUILDING_BLOCKS, lang)
        groups.append({"neighbourhood": neighbourhood, "strengths": [i for i in items if i.kind == "strength"],
                       "challenges": [i for i in items if i.kind == "challenge"]})
    return render(request, "voices/staff/strengths.html", {"groups": groups, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def persona_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    return render(request, "voices/staff/persona_list.html", {
        "personas": Persona.objects.filter(workspace=workspace).order_by("name"), "fields": _persona_fields()})


def _persona_fields():
    lang = ui_lang()
    return [(code, vocab.label(vocab.PERSONA_FIELDS, code, lang)) for code in vocab.PERSONA_FIELDS]


@login_required
def persona_cards(request, slug):
    """Printable persona cards, several per A4 page."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    personas = Persona.objects.filter(workspace=workspace).order_by("name")
    if request.GET.getlist("p"):
        personas = personas.filter(pk__in=[int(p) for p in request.GET.getlist("p") if p.isdigit()])
    cards = [{"persona": p, "facts": [(label, getattr(p, code)) for code, label in _persona_fields()
                                      if code != "quote" and getattr(p, code)]} for p in personas]
    return render(request, "voices/staff/persona_cards.html", {"cards": cards})


@login_required
def persona_edit(request, slug, pk=None):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    persona = object_in(workspace, Persona, pk) if pk else Persona(workspace=workspace)
    form = PersonaForm(request.POST or None, instance=persona)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Persona bewaard."))
        return redirect("voices_staff:personas", slug=slug)
    return render(request, "voices/staff/persona_form.html", {"form": form, "persona": persona},
                  status=400 if request.method == "POST" else 200)


@login_required
def kit_list(request, slug):
    workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    return render(request, "voices/staff/kit_list.html", {
        "kits": [session_kits.kit_in(kit, lang) for kit in session_kits.load_kits().values()]})


@login_required
def kit_detail(request, slug, kit):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    found = session_kits.load_kits().get(kit)
    if found is None:
        raise Http404
    import datetime as dt

    start = dt.time(19, 0)
    try:
        if request.GET.get("start"):
            start = dt.time.fromisoformat(request.GET["start"])
    except ValueError:
        messages.error(request, _("Onbekend beginuur; gebruik bv. 14:00."))
    return render(request, "voices/staff/kit_detail.html", {
        "kit": session_kits.kit_in(found, ui_lang(), start), "start": start.strftime("%H:%M"),
        "personas": Persona.objects.filter(workspace=workspace).order_by("name")})

