"""Follow-up on screen: self-assessment (entry, radar, table over time, two perspectives), the signal
register (filters, counts, the yearly share), meetings and partners, the feedback page editor and the
residents' public page.

Thin: the work is in :mod:`zorgzaam.followup.services` and the plain modules. Every member sees; changes
need ``Action.EDIT_CONTENT`` (a lezer gets 403), publishing and withdrawing a beheerder or procesbegeleider;
another team's workspace or object is a 404. The public page needs no account, shows only what was
published (no member's name), is never cached and is rate-limited per address."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.followup import assessment as am
from zorgzaam.followup import harvest as hv
from zorgzaam.followup import poster, services
from zorgzaam.followup import signals as sg
from zorgzaam.followup.models import (
    Body,
    FeedbackPage,
    Harvest,
    Meeting,
    Partner,
    PolicyDossier,
    PolicySignal,
    SelfAssessment,
)
from zorgzaam.graphics.qr import qr_svg
from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop
from zorgzaam.workspaces.audit import register_actions
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for
from zorgzaam.workspaces.security import address_key, hit, no_store

register_actions({"followup_export": gettext_noop("de opvolging downloaden (Word, PDF of Excel)")})


def _user(request) -> str:
    return request.user.get_username()


def _date(text: str, default: dt.date | None = None) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ZorgzaamError("bad_period", value=text) from None


def _version(post) -> int:
    """The version an edit started from (0 when missing or garbled: then it is refused as stale)."""
    value = (post.get("version") or "").strip()
    return int(value) if value.isdigit() else 0


def _whole(text) -> int | None:
    """A count typed in a form (attendance, interviews): None when empty or not a whole number."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _edit(request, slug):
    return workspace_for(request, slug, needs=Action.EDIT_CONTENT if request.method == "POST" else Action.VIEW)


def _save(request, save, to, *, refresh=None, say=None, errors=(ZorgzaamError,)):
    """The one save step of every form on these screens. On a POST, ``save(post)`` (a service call that
    refuses bad input or a stale version with a ZorgzaamError); saved: ``say(result)`` (default "Bewaard.")
    and a redirect to ``to`` (a URL, or a function of the result giving one); refused: the message for the
    form, after ``refresh()`` reloaded the row so a colleague's work shows. Returns (redirect or None,
    form error or None); on a GET (None, None)."""
    if request.method != "POST":
        return None, None
    try:
        result = save(request.POST)
    except errors as error:
        if refresh is not None:
            refresh()
        return None, error.render(ui_lang()) if isinstance(error, ZorgzaamError) else str(error)
    if say is None:
        messages.success(request, _saved())
    else:
        say(result)
    return redirect(to(result) if callable(to) else to), None


EXPORT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "pdf": "application/pdf",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
@no_store
def export(request, slug, fmt):
    """The follow-up as Word, PDF or XLSX (the export role; audited, never cached)."""
    from zorgzaam.followup import documents
    from zorgzaam.workspaces.audit import record_download

    if fmt not in EXPORT_TYPES:
        raise Http404
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    lang = ui_lang()
    content = documents.followup_file(services.export_data(workspace, lang), fmt, lang)
    name = f"opvolging-{workspace.slug}.{fmt}"
    record_download(request, workspace, "followup_export", fmt=fmt, target=name)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def overview(request, slug):
    workspace = workspace_for(request, slug)
    counts = {"assessments": workspace.self_assessments.count(), "signals": workspace.policy_signals.count(),
              "meetings": workspace.meetings.count(), "partners": workspace.partners.count(),
              "pages": workspace.feedback_pages.count(), "harvests": workspace.harvests.count()}
    return render(request, "followup/overview.html", {"counts": counts})


# ------------------------------------------------------------------------------------------ self-assessment

@login_required
def assessments(request, slug):
    workspace = _edit(request, slug)
    lang = ui_lang()

    def save(post):
        return services.add_assessment(
            workspace, date=_date(post.get("date"), dt.date.today()),
            scores={code: post.get(f"score_{code}", "") for code in BUILDING_BLOCKS},
            scope=post.get("scope", "team"), person=post.get("person", ""), notes=post.get("notes", ""),
            reflections={part: [post.get(f"reflection_{part}_{i}", "") for i in range(len(am.REFLECTION_QUESTIONS[part]))]
                         for part in am.PARTS}, user=_user(request))

    done, form_error = _save(request, save, reverse("followup-assessments", args=[slug]))
    if done:
        return done
    overview = services.assessment_overview(workspace, lang)
    latest = overview["latest"]
    radar = am.radar_svg({name: r.scores for name, r in latest.items()}, lang=lang) if latest else ""
    kept = request.POST if form_error else {}  # a refused round keeps what was ticked
    scores = [{"code": code, "label": am.block_label(code, lang),
               "value": _whole(kept.get(f"score_{code}"))} for code in BUILDING_BLOCKS]
    tables = []
    for name, (dates, rows) in overview["trends"].items():
        tables.append({"name": name, "dates": dates,
                       "rows": [{"label": am.block_label(r.block, lang), "scores": r.scores, "change": r.change}
                                for r in rows]})
    comparison = overview["comparison"]
    if comparison:
        comparison = {**comparison, "rows": [{"label": am.block_label(r.block, lang), "first": r.first,
                                              "second": r.second, "difference": r.difference, "flagged": r.flagged}
                                             for r in comparison["rows"]]}
    routes = None
    if overview["routes"]:
        routes = [{"part": gettext(am.PARTS[part], lang),
                   "rows": [{"label": am.block_label(r.block, lang), "score": r.score, "route": r.route,
                             "prompts": r.prompts} for r in rows]}
                  for part, rows in overview["routes"].items()]
    questions = [{"part": part, "label": gettext(am.PARTS[part], lang),
                  "questions": [(i, gettext(q, lang)) for i, q in enumerate(am.REFLECTION_QUESTIONS[part])]}
                 for part in am.PARTS]
    levels = [(score, gettext(msgid, lang)) for score, msgid in am.LEVELS.items()]
    return render(request, "followup/assessments.html", {
        "radar": radar, "tables": tables, "comparison": comparison, "routes": routes, "scores": scores,
        "levels": levels, "questions": questions, "form_error": form_error, "rounds": overview["rounds"],
        "today": dt.date.today().isoformat(), "posted": request.POST if form_error else {}})


def _saved() -> str:
    from django.utils.translation import gettext

    return gettext("Bewaard.")


# --------------------------------------------------------------------------------------------------- signals

@login_required
def signals(request, slug):
    workspace = _edit(request, slug)
    lang = ui_lang()
    warnings = []
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))

    def save(post):
        return services.add_signal(
            workspace, date=_date(post.get("date"), dt.date.today()), theme=post.get("theme", ""),
            description=post.get("description", ""), source=post.get("source", "other"),
            kind=post.get("kind", "collective"), addressees=post.get("addressees", ""), forum=post.get("forum", ""),
            neighbourhood=object_in(workspace, Neighbourhood, post["neighbourhood"]) if post.get("neighbourhood") else None,
            evidence=post.get("evidence", ""), user=_user(request))

    def say(signal):
        found = services.signal_warnings(workspace, signal.description, signal.evidence)
        if found:
            messages.warning(request, _personal_warning(found, lang))
        else:
            messages.success(request, _saved())

    done, form_error = _save(request, save, reverse("followup-signals", args=[slug]), say=say)
    if done:
        return done
    facts = services.signal_facts(workspace)
    wanted = {key: request.GET.get(key, "") for key in ("theme", "addressee", "status", "year")}
    year = int(wanted["year"]) if wanted["year"].isdigit() else None
    shown = [f for f in facts if sg.matches(f, theme=wanted["theme"], addressee=wanted["addressee"],
                                            status=wanted["status"], year=year)]
    rows = {s.pk: s for s in PolicySignal.objects.filter(pk__in=[f.extra["pk"] for f in shown])
            .select_related("neighbourhood", "dossier")}
    return render(request, "followup/signals.html", {
        "signals": [rows[f.extra["pk"]] for f in shown], "total": len(facts), "wanted": wanted,
        "by_theme": sg.count_by(shown, "theme"), "by_addressee": sg.count_by(shown, "addressee"),
        "by_status": [(sg.status_label(code, lang), n) for code, n in sg.count_by(shown, "status")],
        "shares": sg.yearly_share(facts), "themes": sorted({f.theme for f in facts}),
        "addressees": sorted({a for f in facts for a in f.addressees}),
        "years": sorted({f.date.year for f in facts}, reverse=True),
        "statuses": [(code, gettext(msgid, lang)) for code, msgid in sg.STATUSES.items()],
        "sources": [(code, gettext(msgid, lang)) for code, msgid in sg.SOURCES.items()],
        "kinds": [(code, gettext(msgid, lang)) for code, msgid in sg.KINDS.items()],
        "neighbourhoods": neighbourhoods, "form_error": form_error, "warnings": warnings,
        "dossiers": PolicyDossier.objects.filter(workspace=workspace).prefetch_related("signals"),
        "today": dt.date.today().isoformat(), "status_words": dict((c, gettext(p, lang)) for c, p in sg.STATUSES.items()),
    })


@login_required
def dossier_create(request, slug):
    """Bundle the ticked signals into a new policy dossier (POST only)."""
    if request.method != "POST":
        raise Http404
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    picked = [object_in(workspace, PolicySignal, pk) for pk in request.POST.getlist("signals")]
    title = request.POST.get("title", "").strip()
    if not picked or not title:
        from django.utils.translation import gettext

        messages.error(request, gettext("Vink de signalen aan en geef het dossier een titel."))
    else:
        services.add_dossier(workspace, title, signals=picked, user=_user(request))
        messages.success(request, _saved())
    return redirect("followup-signals", slug=slug)


def _personal_warning(findings, lang: str) -> str:
    from django.utils.translation import gettext

    kinds = ", ".join(dict.fromkeys(f.label(lang) for f in findings))
    return gettext("Bewaard, maar let op: de tekst lijkt persoonsgegevens te bevatten (%(kinds)s). Een signaal "
                   "bevat nooit wie het is; pas de tekst aan.") % {"kinds": kinds}


@login_required
def signal_edit(request, slug, pk):
    workspace = _edit(request, slug)
    signal = object_in(workspace, PolicySignal, pk)
    lang = ui_lang()

    def save(post):
        return services.update_signal(
            workspace, signal.pk, version=_version(post), user=_user(request),
            status=post.get("status", signal.status), sent_date=_date(post.get("sent_date")),
            result_text=post.get("result_text", ""), result_date=_date(post.get("result_date")),
            addressees=post.get("addressees", ""), forum=post.get("forum", ""), note=post.get("note", ""))

    done, form_error = _save(request, save, reverse("followup-signal", args=[slug, pk]), refresh=signal.refresh_from_db)
    if done:
        return done
    return render(request, "followup/signal.html", {
        "signal": signal, "history": signal.history.all(), "form_error": form_error,
        "statuses": [(code, gettext(msgid, lang)) for code, msgid in sg.STATUSES.items()],
        "status_label": sg.status_label(signal.status, lang),
        "suggested": sg.status_label(sg.suggest_status(signal.result_text), lang) if signal.result_text else "",
        "warnings": services.signal_warnings(workspace, signal.description, signal.evidence)})


# ------------------------------------------------------------------------------------- meetings and partners

@login_required
def meetings(request, slug):
    workspace = _edit(request, slug)

    def save(post):
        return services.add_meeting(
            workspace, date=_date(post.get("date"), dt.date.today()), consulted=post.get("consulted", ""),
            body=post.get("body") or None, title=post.get("title", ""), attendance=_whole(post.get("attendance")),
            partners=post.getlist("partners"), agenda=post.get("agenda", ""), decisions=post.get("decisions", ""),
            actions=[a for a in post.getlist("actions") if a.isdigit()], user=_user(request))

    done, form_error = _save(request, save, reverse("followup-meetings", args=[slug]))
    if done:
        return done
    from zorgzaam.plan.tree_models import Action as PlanAction

    return render(request, "followup/meetings.html", {
        "meetings": Meeting.objects.filter(workspace=workspace).select_related("body")
        .prefetch_related("partners_present", "actions__node"),
        "actions": PlanAction.objects.filter(node__workspace=workspace).select_related("node").order_by("node__title"),
        "consulted": Meeting.CONSULTED, "counts": services.consultations(workspace),
        "bodies": Body.objects.filter(workspace=workspace).prefetch_related("members"),
        "partners": Partner.objects.filter(workspace=workspace), "form_error": form_error,
        "today": dt.date.today().isoformat()})


@login_required
def partners(request, slug):
    workspace = _edit(request, slug)
    lang = ui_lang()
    form_error = None
    if request.method == "POST" and request.POST.get("what") == "actor":
        try:
            services.partner_as_actor(workspace, request.POST.get("partner"))
        except ZorgzaamError as error:
            messages.error(request, error.render(lang))
        else:
            messages.success(request, gettext("De partner staat nu bij de actoren van de RASCI-matrix.", lang))
        return redirect("followup-partners", slug=slug)

    def save(post):
        if post.get("what") == "body":
            return services.add_body(workspace, post.get("kind", ""), post.get("name", ""),
                                     members=post.getlist("members"))
        return services.add_partner(
            workspace, post.get("organisation", ""), contact_role=post.get("contact_role", ""),
            contact_details=post.get("contact_details", ""), consent_recorded=bool(post.get("consent")),
            domain=post.get("domain", ""), formal=post.get("formal") == "1", purpose=post.get("purpose", ""),
            multi_year_plan=post.get("multi_year_plan", ""))

    done, form_error = _save(request, save, reverse("followup-partners", args=[slug]))
    if done:
        return done
    return render(request, "followup/partners.html", {
        "partners": Partner.objects.filter(workspace=workspace),
        "bodies": Body.objects.filter(workspace=workspace).prefetch_related("members"),
        "kinds": Body.KINDS, "form_error": form_error})


# ------------------------------------------------------------------------------------------------ edit screens

# kind -> (model, service update, back to, title msgid, fields: (name, label msgid, input type))
EDITS = {
    "partner": (Partner, services.update_partner, "followup-partners", gettext_noop("Partner wijzigen"), (
        ("organisation", gettext_noop("Organisatie"), "text"),
        ("contact_role", gettext_noop("Rol van de contactpersoon"), "text"),
        ("domain", gettext_noop("Domein"), "text"), ("formal", gettext_noop("Formele partner"), "checkbox"),
        ("purpose", gettext_noop("Doel van de samenwerking"), "textarea"),
        ("multi_year_plan", gettext_noop("Link met het meerjarenplan"), "text"),
        ("contact_details", gettext_noop("Contactgegevens (alleen met toestemming)"), "textarea"),
        ("consent_recorded", gettext_noop("Toestemming vastgelegd"), "checkbox"))),
    "meeting": (Meeting, services.update_meeting, "followup-meetings", gettext_noop("Overleg wijzigen"), (
        ("date", gettext_noop("Datum"), "date"), ("title", gettext_noop("Titel"), "text"),
        ("attendance", gettext_noop("Aantal aanwezigen"), "number"), ("agenda", gettext_noop("Agenda"), "textarea"),
        ("decisions", gettext_noop("Beslissingen"), "textarea"))),
    "assessment": (SelfAssessment, services.update_assessment, "followup-assessments",
                   gettext_noop("Ronde van de zelfevaluatie wijzigen"), (
                       ("date", gettext_noop("Datum"), "date"), ("notes", gettext_noop("Notities"), "textarea"))),
    "harvest": (Harvest, services.update_harvest, "followup-harvests", gettext_noop("Oogst wijzigen"), (
        ("date", gettext_noop("Datum"), "date"), ("period", gettext_noop("Periode"), "text"),
        ("target_group", gettext_noop("Voor wie was de actie eerst bedoeld?"), "text"),
        ("what_happened", gettext_noop("Wat gebeurde er"), "textarea"),
        ("results", gettext_noop("Resultaten en effecten"), "textarea"),
        ("unintended", gettext_noop("Onbedoelde resultaten"), "textarea"),
        ("reached", gettext_noop("Wie bereikten jullie?"), "text"),
        ("missed", gettext_noop("Wie bereikten jullie niet?"), "text"),
        ("change", gettext_noop("Wat veranderde er voor wie"), "textarea"),
        ("interviews", gettext_noop("Aantal gesprekken"), "number"),
        ("conclusion_text", gettext_noop("Wat houden jullie, wat verandert er?"), "textarea"),
        ("proposed_norms", gettext_noop("Voorstel voor nieuwe normen"), "textarea"))),
}


def _posted(kind: str, post) -> dict:
    """The edit form's values as the service wants them (dates, numbers, ticks, the round's scores)."""
    changes = {}
    for name, _label, kind_of_input in EDITS[kind][4]:
        value = post.get(name, "")
        if kind_of_input == "checkbox":
            changes[name] = value == "1"
        elif kind_of_input == "date":
            if value.strip():  # an emptied date keeps the one there was
                changes[name] = _date(value)
        elif kind_of_input == "number":
            changes[name] = _whole(value)
        else:
            changes[name] = value.strip()
    if kind == "assessment":
        changes["scores"] = {code: post.get(f"score_{code}", "") for code in BUILDING_BLOCKS}
    return changes


@login_required
def edit(request, slug, pk, kind):
    """One edit screen for a partner, a meeting, a self-assessment round or a harvest: the form starts from
    the row's version; when a colleague saved in between, the save is refused and their work shown."""
    workspace = _edit(request, slug)
    model, update, back, title, fields = EDITS[kind]
    found = object_in(workspace, model, pk)
    lang = ui_lang()
    done, form_error = _save(request, lambda post: update(workspace, found.pk, version=_version(post),
                                                          **_posted(kind, post)),
                             reverse(back, args=[slug]), refresh=found.refresh_from_db)
    if done:
        return done
    rows = [{"name": name, "label": gettext(label, lang), "type": kind_of_input, "value": getattr(found, name)}
            for name, label, kind_of_input in fields]
    scores = None
    if kind == "assessment":
        scores = [{"code": code, "label": am.block_label(code, lang), "value": found.scores.get(code)}
                  for code in BUILDING_BLOCKS]
    return render(request, "followup/edit.html", {
        "title": gettext(title, lang), "rows": rows, "version": found.version, "back": back,
        "form_error": form_error, "scores": scores,
        "levels": [(score, gettext(msgid, lang)) for score, msgid in am.LEVELS.items()]})


# ------------------------------------------------------------------------------------------ initiative inventory

def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ZorgzaamError("not_a_number", value=text) from None


@login_required
def initiatives(request, slug):
    """The initiatives per building block and neighbourhood, with the plan's actions, gaps marked."""
    workspace = _edit(request, slug)
    lang = ui_lang()

    def save(post):
        return services.add_initiative(
            workspace, post.get("name", ""), runner=post.get("runner", ""), for_whom=post.get("for_whom", ""),
            neighbourhoods=post.getlist("neighbourhoods"), blocks=post.getlist("blocks"),
            latitude=_number(post.get("latitude")), longitude=_number(post.get("longitude")), user=_user(request))

    done, form_error = _save(request, save, reverse("followup-initiatives", args=[slug]))
    if done:
        return done
    found = services.inventory(workspace)
    rows = [{"label": am.block_label(r.block, lang), "cells": r.cells, "everywhere": r.everywhere}
            for r in found["rows"]]
    per_neighbourhood = {str(h.pk): sum(h.pk in i.counts_in for i in found["initiatives"])
                         for h in found["neighbourhoods"]}
    points = []
    for initiative in found["initiatives"]:  # numbered in the list's order: the dot on the map says its number
        if initiative.latitude is not None:
            initiative.map_number = len(points) + 1
            points.append({"number": initiative.map_number, "name": initiative.name, "lat": initiative.latitude,
                           "lon": initiative.longitude, "where": ", ".join(initiative.placed_in)})
    return render(request, "followup/initiatives.html", {
        **found, "rows": rows, "form_error": form_error, "posted": request.POST if form_error else {},
        "map_data": {"per_neighbourhood": per_neighbourhood, "points": points},
        "blocks": [(code, am.block_label(code, lang)) for code in BUILDING_BLOCKS]})


# --------------------------------------------------------------------------------------------------- harvests

@login_required
def harvests(request, slug):
    from zorgzaam.plan.tree_models import Action as PlanAction

    workspace = _edit(request, slug)
    lang = ui_lang()
    if request.method == "POST" and request.POST.get("what") == "norm":
        post = request.POST
        every = post.get("every_months", "").strip()
        try:
            services.norm_from_harvest(
                workspace, post.get("harvest"), description=post.get("description", ""), target=post.get("target"),
                unit=post.get("unit", "%"), comparison=post.get("comparison", ">="),
                every_months=int(every) if every.isdigit() else None, deadline=_date(post.get("deadline")),
                how_measured=post.get("how_measured", ""), user=_user(request))
        except ZorgzaamError as error:
            messages.error(request, error.render(lang))
        else:
            messages.success(request, gettext("De norm staat nu in het plan, bij de actie.", lang))
        return redirect("followup-harvests", slug=slug)

    def save(post):
        return services.add_harvest(
            workspace, post.get("action", ""), date=_date(post.get("date"), dt.date.today()),
            what_happened=post.get("what_happened", ""), target_group=post.get("target_group", ""),
            results=post.get("results", ""), unintended=post.get("unintended", ""),
            reached=post.get("reached", ""), missed=post.get("missed", ""), change=post.get("change", ""),
            factors=[{"code": code, "checked": post.get(f"checked_{code}") == "1"} for code in post.getlist("factors")]
            + ([{"code": "", "text": post["factor_other"].strip(), "checked": False}]
               if post.get("factor_other", "").strip() else []),
            evidence=[{"kind": kind} for kind in post.getlist("evidence")], interviews=_whole(post.get("interviews")),
            conclusion=post.get("conclusion", ""), conclusion_text=post.get("conclusion_text", ""),
            effect=post.get("effect", ""), effort=post.get("effort", ""),
            proposed_norms=post.get("proposed_norms", ""), user=_user(request))

    done, form_error = _save(request, save, reverse("followup-harvests", args=[slug]),
                             errors=(ZorgzaamError, ValueError))
    if done:
        return done
    return render(request, "followup/harvests.html", {
        "rows": services.harvest_rows(workspace, lang), "form_error": form_error,
        "actions": PlanAction.objects.filter(node__workspace=workspace).select_related("node").order_by("node__title"),
        "factors": [(c, gettext(p, lang)) for c, p in hv.FACTORS.items()],
        "evidence": [(c, gettext(p, lang)) for c, p in hv.EVIDENCE.items()],
        "few_warning": gettext(hv.FEW_WARNING, lang), "today": dt.date.today().isoformat()})


# ---------------------------------------------------------------------------------------------- feedback pages

@login_required
def pages(request, slug):
    workspace = _edit(request, slug)

    def save(post):
        return services.add_page(workspace, neighbourhood=object_in(workspace, Neighbourhood, post.get("neighbourhood")),
                                 title=post.get("title", ""), decided=post.get("decided", ""),
                                 not_done=post.get("not_done", ""), date=_date(post.get("date"), dt.date.today()),
                                 user=_user(request))

    done, form_error = _save(request, save, lambda page: reverse("followup-page", args=[slug, page.pk]),
                             say=lambda page: None)
    if done:
        return done
    return render(request, "followup/pages.html", {
        "pages": FeedbackPage.objects.filter(workspace=workspace).select_related("neighbourhood"),
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace), "form_error": form_error,
        "today": dt.date.today().isoformat()})


def _can_publish(request) -> bool:
    return request.membership.role in services.PUBLISHERS


@login_required
def page_edit(request, slug, pk):
    workspace = _edit(request, slug)
    page = object_in(workspace, FeedbackPage, pk)
    lang = ui_lang()

    def save(post):
        return services.update_page(workspace, page.pk, version=_version(post), user=_user(request),
                                    title=post.get("title", ""), decided=post.get("decided", ""),
                                    not_done=post.get("not_done", ""))

    done, form_error = _save(request, save, reverse("followup-page", args=[slug, pk]), refresh=page.refresh_from_db)
    if done:
        return done
    findings = services.page_findings(page)
    return render(request, "followup/page_edit.html", {
        "page": page, "findings": [{"label": f.label(lang), "text": f.text} for f in findings],
        "form_error": form_error, "can_publish": _can_publish(request),
        "approved": bool(page.approved_by) and page.approved_version == page.version,
        "public_url": request.build_absolute_uri(reverse("followup-public", args=[page.token]))})


@login_required
def page_step(request, slug, pk, step):
    """Approve (a second member), publish or withdraw (beheerder or procesbegeleider): POST only."""
    if request.method != "POST" or step not in ("goedkeuren", "publiceren", "intrekken"):
        raise Http404
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    page = object_in(workspace, FeedbackPage, pk)
    if step in ("publiceren", "intrekken") and not _can_publish(request):
        raise PermissionDenied("publish")
    version = _version(request.POST)
    try:
        if step == "goedkeuren":
            services.approve_page(workspace, page.pk, version=version, user=_user(request))
        elif step == "publiceren":
            services.publish_page(workspace, page.pk, version=version, user=_user(request),
                                  role=request.membership.role)
        else:
            services.withdraw_page(workspace, page.pk, user=_user(request), role=request.membership.role)
    except ZorgzaamError as error:
        messages.error(request, error.render(ui_lang()))
    else:
        messages.success(request, _saved())
    return redirect("followup-page", slug=slug, pk=pk)


def _published(request, token):
    """The published page behind ``token`` and its own address (the QR code's target), rate-limited per
    address; a page never published or withdrawn is a 404 (a withdrawn page's QR link stops)."""
    if hit(f"followup:public:{address_key(request)}", 300, 600):
        return None, None
    page = services.public_page(token)
    if page is None:
        raise Http404
    return page, request.build_absolute_uri(reverse("followup-public", args=[token]))


@no_store
def public_page(request, token):
    """The residents' page: no account, only while published; the QR code points at this same address."""
    page, url = _published(request, token)
    if page is None:
        return HttpResponse(status=429)
    return render(request, "followup/public.html", {"page": page, "qr": qr_svg(url), "url": url,
                                                    "neighbourhood": page.neighbourhood.name,
                                                    "earlier": services.published_log(page)})


@no_store
def public_poster(request, token):
    """The residents' page as a poster to hang up (A3, or A4 with ?formaat=a4): big type and a big QR code
    to the page; the same rules as the page (no account, only while published)."""
    page, url = _published(request, token)
    if page is None:
        return HttpResponse(status=429)
    fitted = poster.fit(page.title, page.decided, page.not_done,  # the line above: "Buurt … · 3 december 2026"
                        where=f"Buurt {page.neighbourhood.name} · {page.date:%d %B %Y}")
    return render(request, "followup/poster.html", {
        "page": page, "qr": qr_svg(url), "url": url, "neighbourhood": page.neighbourhood.name,
        "size": "a4" if request.GET.get("formaat") == "a4" else "a3", "text_pt": f"{fitted.text_pt:.2f}pt",
        "decided": fitted.decided, "not_done": fitted.not_done})
