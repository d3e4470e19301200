"""Follow-up's service layer: every change to self-assessments, partners, bodies, meetings, signals,
dossiers, harvests and feedback pages goes through here, in a transaction, checked with the plain modules
(:mod:`assessment`, :mod:`signals`, :mod:`privacy`).

Two people editing one row: every edit names the version it started from and the save is one
``UPDATE … WHERE version = started``; when a colleague saved in between, nothing is written and the edit
is refused with a message (the colleague's work is kept, the second person redoes theirs).

Who may publish a feedback page is checked here as well as in the views (a beheerder or procesbegeleider),
because publishing puts text on the open internet."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zorgzaam.followup import assessment as am
from zorgzaam.followup import harvest as hv
from zorgzaam.followup import privacy
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
    SignalStatusChange,
    StreetNames,
)
from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop, register
from zorgzaam.workspaces.audit import record, register_actions
from zorgzaam.workspaces.models import Role

register({
    "followup_edited_meanwhile": gettext_noop(
        "Iemand anders bewaarde dit intussen (versie {current}; jij begon van versie {started}). Er is niets "
        "overschreven: bekijk de nieuwe versie en doe je wijziging opnieuw."),
    "followup_not_found": gettext_noop("Niet gevonden in deze werkruimte."),
    "followup_export_format": gettext_noop(
        "--out '{value}': kies een bestand dat eindigt op .docx, .pdf of .xlsx."),
    "followup_unknown_field": gettext_noop("Veld '{value}' kan je hier niet wijzigen."),
    "assessment_bad_scope": gettext_noop("Kies wie scoorde: het team samen of één persoon."),
    "assessment_person_needed": gettext_noop("Zeg wie scoorde (bijvoorbeeld 'praktijkwerker')."),
    "partner_name_empty": gettext_noop("Geef de naam van de organisatie of groep."),
    "partner_contact_needs_consent": gettext_noop(
        "Contactgegevens van een persoon bewaar je alleen met diens toestemming. Vink aan dat de toestemming "
        "vastgelegd is, of laat de contactgegevens leeg."),
    "body_bad_kind": gettext_noop("Een groep is een stuurgroep of een werkgroep."),
    "meeting_bad_consulted": gettext_noop("Onbekende soort overleg '{value}'."),
    "meeting_action_gone": gettext_noop(
        "Actie {id} bestaat niet (meer) in het plan van deze werkruimte; kies een bestaande actie."),
    "harvest_action_other_workspace": gettext_noop("Actie {id} hoort niet bij het plan van deze werkruimte."),
    "harvest_empty": gettext_noop("Beschrijf wat er gebeurde."),
    "feedback_empty": gettext_noop("Geef een titel en schrijf wat er beslist werd en waarom."),
    "feedback_has_personal_data": gettext_noop(
        "De tekst bevat nog persoonsgegevens ({found}). Haal ze weg voor je publiceert."),
    "feedback_needs_approval": gettext_noop(
        "Een tweede lid moet de pagina eerst nalezen en goedkeuren (namen van personen vindt Zorgzaam niet "
        "zelf)."),
    "feedback_own_approval": gettext_noop("Je kan je eigen tekst niet goedkeuren: vraag het aan een collega."),
    "feedback_role_cannot_publish": gettext_noop(
        "Alleen een beheerder of procesbegeleider publiceert of trekt een pagina in."),
    "feedback_not_published": gettext_noop("Deze pagina is niet gepubliceerd."),
    "harvest_norm_empty": gettext_noop("Beschrijf de norm: wat willen jullie bereiken, en hoe zie je het?"),
    "partner_exists": gettext_noop("Er is al een partner '{name}' in deze werkruimte."),
    "partner_actor_taken": gettext_noop(
        "In het plan staat al een actor '{name}' die bij een andere partner hoort. Geef de partner een andere naam."),
})
register_actions({
    "feedback_publish": gettext_noop("terugkoppeling aan bewoners publiceren"),
    "feedback_withdraw": gettext_noop("terugkoppeling aan bewoners intrekken"),
})

PUBLISHERS = (Role.ADMIN, Role.FACILITATOR)


def _get(workspace, model, pk):
    try:
        return model.objects.get(workspace=workspace, pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ZorgzaamError("followup_not_found") from None


def _save_version(model, obj, version, **changes):
    """Compare and swap on ``version``: the edit is written only when nobody saved in between."""
    saved = model.objects.filter(pk=obj.pk, version=int(version)).update(version=F("version") + 1, **changes)
    if not saved:
        current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise ZorgzaamError("followup_edited_meanwhile", current=current, started=version)
    return model.objects.get(pk=obj.pk)


def _check_fields(changes: dict, allowed) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ZorgzaamError("followup_unknown_field", value=sorted(unknown)[0])


# ------------------------------------------------------------------------------------------ self-assessment

def _check_assessment(scope: str, person: str) -> None:
    if scope not in (SelfAssessment.TEAM, SelfAssessment.PERSON):
        raise ZorgzaamError("assessment_bad_scope")
    if scope == SelfAssessment.PERSON and not (person or "").strip():
        raise ZorgzaamError("assessment_person_needed")


def _clean_reflections(reflections: dict | None) -> dict:
    clean = {}
    for part, answers in (reflections or {}).items():
        if part in am.PARTS:
            clean[part] = [str(a or "").strip() for a in answers][: len(am.REFLECTION_QUESTIONS[part])]
    return clean


@transaction.atomic
def add_assessment(workspace, *, date: dt.date, scores: dict, scope: str = "team", person: str = "",
                   reflections: dict | None = None, notes: str = "", user: str = "") -> SelfAssessment:
    _check_assessment(scope, person)
    return SelfAssessment.objects.create(
        workspace=workspace, date=date, scope=scope, person=(person or "").strip() if scope == "person" else "",
        scores=am.check_scores(scores), reflections=_clean_reflections(reflections), notes=notes, created_by=user)


@transaction.atomic
def update_assessment(workspace, pk, *, version: int, **changes) -> SelfAssessment:
    _check_fields(changes, ("date", "scores", "reflections", "notes"))
    found = _get(workspace, SelfAssessment, pk)
    if "scores" in changes:
        changes["scores"] = am.check_scores(changes["scores"])
    if "reflections" in changes:
        changes["reflections"] = _clean_reflections(changes["reflections"])
    return _save_version(SelfAssessment, found, version, **changes)


def assessment_overview(workspace, lang: str = "nl") -> dict:
    """Everything the result screen shows: per perspective its rounds over time, the latest round of each,
    the difference between two perspectives on their latest common date, and the routes of the latest
    team (or only) round."""
    rounds = list(SelfAssessment.objects.filter(workspace=workspace))
    by_perspective: dict[str, list[SelfAssessment]] = {}
    for found in rounds:
        by_perspective.setdefault(found.perspective, []).append(found)
    trends = {name: am.trend([(r.date, r.scores) for r in items]) for name, items in by_perspective.items()}
    latest = {name: items[-1] for name, items in by_perspective.items()}
    people = [name for name in by_perspective if name != "team"]
    comparison = None
    if len(people) >= 2:
        first, second = people[:2]
        common = sorted({r.date for r in by_perspective[first]} & {r.date for r in by_perspective[second]})
        if common:
            day = common[-1]
            a = next(r for r in by_perspective[first] if r.date == day)
            b = next(r for r in by_perspective[second] if r.date == day)
            comparison = {"date": day, "first": first, "second": second, "rows": am.compare(a.scores, b.scores)}
    lead = latest.get("team") or (rounds[-1] if rounds else None)
    return {"rounds": rounds, "trends": trends, "latest": latest, "comparison": comparison,
            "routes": am.routes(lead.scores, lang) if lead else None, "lead": lead}


# ------------------------------------------------------------------------------------ partners and meetings

@transaction.atomic
def add_partner(workspace, organisation: str, *, contact_role: str = "", contact_details: str = "",
                consent_recorded: bool = False, domain: str = "", formal: bool = True, purpose: str = "",
                multi_year_plan: str = "") -> Partner:
    if not (organisation or "").strip():
        raise ZorgzaamError("partner_name_empty")
    if (contact_details or "").strip() and not consent_recorded:
        raise ZorgzaamError("partner_contact_needs_consent")
    if Partner.objects.filter(workspace=workspace, organisation=organisation.strip()).exists():
        raise ZorgzaamError("partner_exists", name=organisation.strip())
    return Partner.objects.create(
        workspace=workspace, organisation=organisation.strip(), contact_role=contact_role,
        contact_details=contact_details.strip(), consent_recorded=consent_recorded, domain=domain, formal=formal,
        purpose=purpose, multi_year_plan=multi_year_plan)


PARTNER_FIELDS = ("organisation", "contact_role", "contact_details", "consent_recorded", "domain", "formal",
                  "purpose", "multi_year_plan")


@transaction.atomic
def update_partner(workspace, pk, *, version: int, **changes) -> Partner:
    _check_fields(changes, PARTNER_FIELDS)
    partner = _get(workspace, Partner, pk)
    merged = {name: changes.get(name, getattr(partner, name)) for name in PARTNER_FIELDS}
    if not (merged["organisation"] or "").strip():
        raise ZorgzaamError("partner_name_empty")
    if Partner.objects.filter(workspace=workspace, organisation=merged["organisation"].strip()).exclude(
            pk=partner.pk).exists():
        raise ZorgzaamError("partner_exists", name=merged["organisation"].strip())
    if (merged["contact_details"] or "").strip() and not merged["consent_recorded"]:
        raise ZorgzaamError("partner_contact_needs_consent")
    saved = _save_version(Partner, partner, version, **changes)
    if saved.actor_id is not None:  # the RASCI matrix keeps the partner's current name and role
        partner_as_actor(workspace, saved.pk)
    return saved


@transaction.atomic
def add_body(workspace, kind: str, name: str, members=()) -> Body:
    if kind not in (Body.STEERING, Body.WORKING):
        raise ZorgzaamError("body_bad_kind")
    body = Body.objects.create(workspace=workspace, kind=kind, name=name.strip())
    body.members.set([_get(workspace, Partner, getattr(m, "pk", m)) for m in members])
    return body


def _plan_actions(workspace, ids):
    from zorgzaam.plan.tree_models import Action as PlanAction

    ids = [getattr(a, "pk", a) for a in ids]
    found = {a.pk: a for a in PlanAction.objects.filter(pk__in=ids, node__workspace=workspace)}
    for action_id in ids:
        if int(action_id) not in found:
            raise ZorgzaamError("meeting_action_gone", id=action_id)
    return list(found.values())


@transaction.atomic
def add_meeting(workspace, *, date: dt.date, consulted: str, body=None, title: str = "", attendance=None,
                partners=(), agenda: str = "", decisions: str = "", actions=(), user: str = "") -> Meeting:
    if consulted not in dict(Meeting.CONSULTED):
        raise ZorgzaamError("meeting_bad_consulted", value=consulted)
    if body is not None:
        body = _get(workspace, Body, getattr(body, "pk", body))
    meeting = Meeting.objects.create(workspace=workspace, date=date, consulted=consulted, body=body, title=title,
                                     attendance=attendance, agenda=agenda, decisions=decisions, created_by=user)
    meeting.partners_present.set([_get(workspace, Partner, getattr(p, "pk", p)) for p in partners])
    meeting.actions.set(_plan_actions(workspace, actions))
    return meeting


MEETING_FIELDS = ("date", "consulted", "title", "attendance", "agenda", "decisions")


@transaction.atomic
def update_meeting(workspace, pk, *, version: int, actions=None, **changes) -> Meeting:
    """Edit a meeting from ``version``; ``actions`` (when given) must all be actions of this workspace's plan."""
    _check_fields(changes, MEETING_FIELDS)
    meeting = _get(workspace, Meeting, pk)
    if "consulted" in changes and changes["consulted"] not in dict(Meeting.CONSULTED):
        raise ZorgzaamError("meeting_bad_consulted", value=changes["consulted"])
    linked = _plan_actions(workspace, actions) if actions is not None else None
    saved = _save_version(Meeting, meeting, version, **changes)
    if linked is not None:
        saved.actions.set(linked)
    return saved


def consultations(workspace) -> dict[str, int]:
    """How many meetings per kind of body consulted (the decree asks which were consulted)."""
    counts = {code: 0 for code, _ in Meeting.CONSULTED}
    for code in Meeting.objects.filter(workspace=workspace).values_list("consulted", flat=True):
        counts[code] += 1
    return counts


# --------------------------------------------------------------------------------------------------- signals

def street_names(workspace) -> list[str]:
    found = StreetNames.objects.filter(workspace=workspace).first()
    return found.as_list() if found else []


def signal_warnings(workspace, *texts: str) -> list[privacy.Finding]:
    """Personal data in a signal's text: a warning (a signal never holds a person's identity)."""
    names = street_names(workspace)
    return [f for text in texts for f in privacy.find_personal_data(text, names)]


def _addressees(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return [a.strip() for a in value or () if a and a.strip()]


@transaction.atomic
def add_signal(workspace, *, date: dt.date, theme: str, description: str, source: str = "other",
               kind: str = "collective", neighbourhood=None, addressees=(), forum: str = "", evidence: str = "",
               status: str = sg.COLLECTED, sent_date: dt.date | None = None, result_text: str = "",
               result_date: dt.date | None = None, dossier=None, user: str = "") -> PolicySignal:
    sg.check_signal(description=description, kind=kind, source=source, status=status, collected=date,
                    sent=sent_date, result_date=result_date, result_text=result_text)
    if neighbourhood is not None and neighbourhood.workspace_id != workspace.pk:
        raise ZorgzaamError("followup_not_found")
    if dossier is not None:
        dossier = _get(workspace, PolicyDossier, getattr(dossier, "pk", dossier))
    signal = PolicySignal.objects.create(
        workspace=workspace, date=date, theme=theme.strip(), description=description.strip(), source=source,
        kind=kind, neighbourhood=neighbourhood, addressees=_addressees(addressees), forum=forum, evidence=evidence,
        status=status, sent_date=sent_date, result_text=result_text.strip(), result_date=result_date,
        dossier=dossier, created_by=user)
    SignalStatusChange.objects.create(signal=signal, status=status, changed_by=user)
    return signal


SIGNAL_FIELDS = ("date", "theme", "description", "source", "kind", "neighbourhood", "addressees", "forum",
                 "evidence", "status", "sent_date", "result_text", "result_date", "dossier")


@transaction.atomic
def update_signal(workspace, pk, *, version: int, user: str = "", note: str = "", **changes) -> PolicySignal:
    """Edit a signal from ``version`` (its status too: a new status is kept in the history)."""
    _check_fields(changes, SIGNAL_FIELDS)
    signal = _get(workspace, PolicySignal, pk)
    if "addressees" in changes:
        changes["addressees"] = _addressees(changes["addressees"])
    if "dossier" in changes and changes["dossier"] is not None:
        changes["dossier"] = _get(workspace, PolicyDossier, getattr(changes["dossier"], "pk", changes["dossier"]))
    if changes.get("neighbourhood") is not None and changes["neighbourhood"].workspace_id != workspace.pk:
        raise ZorgzaamError("followup_not_found")
    merged = {name: changes.get(name, getattr(signal, name)) for name in SIGNAL_FIELDS}
    sg.check_signal(description=merged["description"], kind=merged["kind"], source=merged["source"],
                    status=merged["status"], collected=merged["date"], sent=merged["sent_date"],
                    result_date=merged["result_date"], result_text=merged["result_text"])
    saved = _save_version(PolicySignal, signal, version, **changes)
    if saved.status != signal.status or note:
        SignalStatusChange.objects.create(signal=saved, status=saved.status, note=note, changed_by=user)
    return saved


@transaction.atomic
def add_dossier(workspace, title: str, *, description: str = "", signals=(), user: str = "") -> PolicyDossier:
    """Bundle signals into a dossier; a collected signal becomes bundled."""
    dossier = PolicyDossier.objects.create(workspace=workspace, title=title.strip(), description=description)
    for pk in signals:
        signal = _get(workspace, PolicySignal, getattr(pk, "pk", pk))
        status = sg.BUNDLED if signal.status == sg.COLLECTED else signal.status
        PolicySignal.objects.filter(pk=signal.pk).update(dossier=dossier, status=status, version=F("version") + 1)
        if status != signal.status:
            SignalStatusChange.objects.create(signal=signal, status=status, note=dossier.title, changed_by=user)
    return dossier


def signal_facts(workspace) -> list[sg.SignalFacts]:
    rows = PolicySignal.objects.filter(workspace=workspace).select_related("neighbourhood", "dossier")
    return [sg.SignalFacts(date=s.date, theme=s.theme, status=s.status, addressees=tuple(s.addressees),
                           neighbourhood=s.neighbourhood.name if s.neighbourhood else "", kind=s.kind,
                           sent=s.sent_date, result_date=s.result_date,
                           dossier=s.dossier.title if s.dossier else "", extra={"pk": s.pk})
            for s in rows]


# --------------------------------------------------------------------------------------------------- harvests

@transaction.atomic
def add_harvest(workspace, action_id, *, date: dt.date, what_happened: str, user: str = "", **fields) -> Harvest:
    from zorgzaam.plan.tree_models import Action as PlanAction

    wanted = getattr(action_id, "pk", action_id)
    action = (PlanAction.objects.filter(pk=int(wanted), node__workspace=workspace).first()
              if str(wanted).strip().isdigit() else None)
    if action is None:
        raise ZorgzaamError("harvest_action_other_workspace", id=getattr(action_id, "pk", action_id))
    if not (what_happened or "").strip():
        raise ZorgzaamError("harvest_empty")
    _check_fields(fields, [f.name for f in Harvest._meta.fields])
    hv.check_choices(conclusion=fields.get("conclusion", ""), effect=fields.get("effect", ""),
                     effort=fields.get("effort", ""), factors=fields.get("factors", ()),
                     evidence=fields.get("evidence", ()))
    return Harvest.objects.create(workspace=workspace, action=action, date=date, what_happened=what_happened,
                                  created_by=user, **fields)


def harvest_rows(workspace, lang: str = "nl") -> list[dict]:
    """The harvests with their action's title, the judgement in words and the few-conversations warning."""
    rows = []
    for found in Harvest.objects.filter(workspace=workspace).select_related("action__node").prefetch_related("norms"):
        kinds = [e.get("kind") for e in found.evidence]
        rows.append({"harvest": found, "action": found.action.node.title,
                     "judgement": hv.judgement(found.effect, found.effort, lang),
                     "factors": [{"text": f.get("text") or hv.factor_label(f.get("code"), lang),
                                  "checked": f.get("checked")} for f in found.factors],
                     "evidence": [e.get("text") or hv.evidence_label(e.get("kind"), lang)
                                  for e in found.evidence],
                     "few": hv.few_interviews(found.interviews, kinds), "norms": list(found.norms.all()),
                     "conclusion": hv.conclusion_label(found.conclusion, lang)})
    return rows


# ----------------------------------------------------------------------------------------------- feedback page

def page_findings(page: FeedbackPage) -> list[privacy.Finding]:
    names = street_names(page.workspace)
    return [f for text in (page.title, page.decided, page.not_done) for f in privacy.find_personal_data(text, names)]


@transaction.atomic
def add_page(workspace, *, neighbourhood, title: str, decided: str, not_done: str = "", date: dt.date | None = None,
             user: str = "") -> FeedbackPage:
    if not (title or "").strip() or not (decided or "").strip():
        raise ZorgzaamError("feedback_empty")
    if neighbourhood.workspace_id != workspace.pk:
        raise ZorgzaamError("followup_not_found")
    return FeedbackPage.objects.create(workspace=workspace, neighbourhood=neighbourhood, title=title.strip(),
                                       decided=decided.strip(), not_done=(not_done or "").strip(),
                                       date=date or timezone.localdate(), created_by=user, edited_by=user)


@transaction.atomic
def update_page(workspace, pk, *, version: int, user: str = "", **changes) -> FeedbackPage:
    """An edit of the text takes away an earlier approval (the new text has not been read yet); a published
    page goes back to draft, so no unread text is ever public (publish it again after a new approval)."""
    _check_fields(changes, ("title", "decided", "not_done", "date"))
    page = _get(workspace, FeedbackPage, pk)
    if not (changes.get("title", page.title) or "").strip() or not (changes.get("decided", page.decided) or "").strip():
        raise ZorgzaamError("feedback_empty")
    if page.status == FeedbackPage.PUBLISHED:
        changes["status"] = FeedbackPage.DRAFT
    return _save_version(FeedbackPage, page, version, edited_by=user, approved_by="", approved_version=None,
                         **changes)


@transaction.atomic
def approve_page(workspace, pk, *, version: int, user: str) -> FeedbackPage:
    """A second member read this version and found no names or other personal data."""
    page = _get(workspace, FeedbackPage, pk)
    if user in (page.created_by, page.edited_by):
        raise ZorgzaamError("feedback_own_approval")
    saved = _save_version(FeedbackPage, page, version, approved_by=user)
    FeedbackPage.objects.filter(pk=page.pk).update(approved_version=saved.version)
    return FeedbackPage.objects.get(pk=page.pk)


@transaction.atomic
def publish_page(workspace, pk, *, version: int, user: str, role: str) -> FeedbackPage:
    if role not in PUBLISHERS:
        raise ZorgzaamError("feedback_role_cannot_publish")
    page = _get(workspace, FeedbackPage, pk)
    findings = page_findings(page)
    if findings:
        kinds = ", ".join(dict.fromkeys(f.label() for f in findings))
        raise ZorgzaamError("feedback_has_personal_data", found=kinds)
    if not page.approved_by or page.approved_version != page.version:
        raise ZorgzaamError("feedback_needs_approval")
    saved = _save_version(FeedbackPage, page, version, status=FeedbackPage.PUBLISHED, published_by=user,
                          published_at=timezone.now(), withdrawn_at=None)
    FeedbackPage.objects.filter(pk=page.pk).update(approved_version=saved.version)  # publishing is no edit
    record(actor=user, action="feedback_publish", workspace=workspace, obj=page)
    return FeedbackPage.objects.get(pk=page.pk)


@transaction.atomic
def withdraw_page(workspace, pk, *, user: str, role: str) -> FeedbackPage:
    """Withdrawn: the public link (and its QR code) stops answering."""
    if role not in PUBLISHERS:
        raise ZorgzaamError("feedback_role_cannot_publish")
    page = _get(workspace, FeedbackPage, pk)
    FeedbackPage.objects.filter(pk=page.pk).update(status=FeedbackPage.WITHDRAWN, withdrawn_at=timezone.now(),
                                                    version=F("version") + 1)
    record(actor=user, action="feedback_withdraw", workspace=workspace, obj=page)
    return FeedbackPage.objects.get(pk=page.pk)


def public_page(token: str) -> FeedbackPage | None:
    return (FeedbackPage.objects.select_related("neighbourhood", "workspace")
            .filter(token=token, status=FeedbackPage.PUBLISHED).first())


def published_log(page: FeedbackPage) -> list[FeedbackPage]:
    """The other published pages of the same neighbourhood, newest first: the dated log residents can read."""
    return list(FeedbackPage.objects.filter(neighbourhood=page.neighbourhood, status=FeedbackPage.PUBLISHED)
                .exclude(pk=page.pk).order_by("-date", "-id"))


# ------------------------------------------------------------------------------------------------- exports

def _fields(obj) -> dict:
    return {f.attname if f.is_relation else f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def export_data(workspace, lang: str = "nl") -> dict:
    """Everything the Word and XLSX exports hold (:mod:`zorgzaam.followup.documents`), as plain values."""
    from django.utils import translation

    with translation.override(lang):
        overview = assessment_overview(workspace, lang)
        lead = overview["lead"]
        assessment = {
            "rounds": [{"date": r.date, "perspective": r.perspective, "scores": r.scores} for r in overview["rounds"]],
            "trends": overview["trends"], "comparison": overview["comparison"], "routes": overview["routes"],
            "latest": {name: {"date": r.date, "scores": r.scores} for name, r in overview["latest"].items()},
            "lead_reflections": lead.reflections if lead else {}}
        harvests = [{**row, "harvest": _fields(row["harvest"])} for row in harvest_rows(workspace, lang)]
        signals = [{**_fields(s), "neighbourhood": s.neighbourhood.name if s.neighbourhood else "",
                    "dossier": s.dossier.title if s.dossier else ""}
                   for s in PolicySignal.objects.filter(workspace=workspace).select_related("neighbourhood", "dossier")
                   .order_by("date", "id")]
        meetings = [{**_fields(m), "consulted": str(m.get_consulted_display()),
                     "actions": [a.node.title for a in m.actions.all()]}
                    for m in Meeting.objects.filter(workspace=workspace).order_by("date", "id")
                    .prefetch_related("actions__node")]
        found = inventory(workspace)
        initiatives = [{"name": i.name, "runner": i.runner, "for_whom": i.for_whom, "where": list(i.placed_in),
                        "point": None if i.latitude is None else (i.latitude, i.longitude),
                        "blocks": list(i.building_blocks)} for i in sorted(found["initiatives"], key=lambda i: i.name)]
        # the partners without their contact details and consent: those stay in the workspace, never in a file
        partners = [{"organisation": p.organisation, "contact_role": p.contact_role, "domain": p.domain,
                     "formal": p.formal, "multi_year_plan": p.multi_year_plan}
                    for p in Partner.objects.filter(workspace=workspace).order_by("organisation", "id")]
        feedback = [{"neighbourhood": page.neighbourhood.name, "date": page.date, "title": page.title,
                     "decided": page.decided, "not_done": page.not_done, "status": page.status,
                     "status_label": str(page.get_status_display()),
                     "published_at": timezone.localdate(page.published_at) if page.published_at else None}
                    for page in FeedbackPage.objects.filter(workspace=workspace).select_related("neighbourhood")
                    .order_by("neighbourhood__name", "date", "id")]
    return {"workspace": workspace.name, "is_fictional": workspace.is_demo, "assessment": assessment,
            "harvests": harvests, "signals": signals, "signal_facts": signal_facts(workspace), "meetings": meetings,
            "inventory": {"neighbourhoods": [h.name for h in found["neighbourhoods"]], "rows": found["rows"],
                          "gaps": found["gaps"], "initiatives": initiatives},
            "partners": partners, "feedback": feedback}


# ---------------------------------------------------------------------------------------------- what's due

FEEDBACK_WITHIN_DAYS = 30  # residents hear what was decided within a month of the decision


def due_moments(workspace, *, today: dt.date, days: int) -> list[dict]:
    """The follow-up's moments for the overview's "what's due" (registered with ``plan.due``): meetings in
    the coming ``days``; a feedback page still in draft (to be read, approved and published); and a feedback
    moment after every meeting that took decisions, due :data:`FEEDBACK_WITHIN_DAYS` after it, until a
    page for residents is published on or after that meeting's date. Late moments stay listed."""
    from django.urls import reverse

    horizon = today + dt.timedelta(days=days)
    slug = workspace.slug
    moments = []
    for meeting in Meeting.objects.filter(workspace=workspace, date__gte=today, date__lte=horizon):
        moments.append({"kind": "meeting", "date": meeting.date,
                        "title": meeting.title or str(meeting.get_consulted_display()),
                        "url": reverse("followup-meetings", args=[slug])})
    for page in FeedbackPage.objects.filter(workspace=workspace, status=FeedbackPage.DRAFT, date__lte=horizon):
        moments.append({"kind": "feedback", "date": page.date, "title": page.title,
                        "url": reverse("followup-page", args=[slug, page.pk])})
    published = list(FeedbackPage.objects.filter(workspace=workspace, status=FeedbackPage.PUBLISHED)
                     .values_list("date", flat=True))
    for meeting in Meeting.objects.filter(workspace=workspace, date__lte=today).exclude(decisions=""):
        due = meeting.date + dt.timedelta(days=FEEDBACK_WITHIN_DAYS)
        if due <= horizon and not any(day >= meeting.date for day in published):
            moments.append({"kind": "feedback", "date": due, "url": reverse("followup-pages", args=[slug]),
                            "title": gettext("Vertel bewoners wat er beslist werd: {meeting}").format(
                                meeting=meeting.title or str(meeting.get_consulted_display()))})
    return sorted(moments, key=lambda m: m["date"])


# ------------------------------------------------------------------------- harvests into norms, partners into RASCI

@transaction.atomic
def norm_from_harvest(workspace, harvest_pk, *, description: str, target, unit: str = "%", comparison: str = ">=",
                      every_months: int | None = None, deadline: dt.date | None = None, how_measured: str = "",
                      user: str = ""):
    """A norm the harvest proposed, confirmed by the team, made a norm of the plan on the harvest's action
    (through the plan's service layer: its checks hold; a value typed in with evidence, as a harvest's
    measures are) and linked to the harvest."""
    from zorgzaam.plan import plan_service

    harvest = _get(workspace, Harvest, harvest_pk)
    if not (description or "").strip():
        raise ZorgzaamError("harvest_norm_empty")
    norm = plan_service.add_norm(workspace, harvest.action_id, description=description, source_kind="typed",
                                 target=target, comparison=comparison, unit=unit, every_months=every_months,
                                 deadline=deadline, how_measured=how_measured)
    harvest.norms.add(norm)
    return norm


@transaction.atomic
def partner_as_actor(workspace, partner_pk):
    """The partner as an actor of the plan's RASCI matrix: created the first time (the plan's
    ``add_actor``), kept in step with the partner's name and contact role afterwards."""
    from zorgzaam.plan import plan_service
    from zorgzaam.plan.tree_models import Actor

    partner = _get(workspace, Partner, partner_pk)
    if partner.actor_id is None:
        actor = plan_service.add_actor(workspace, partner.organisation, role=partner.contact_role)
        if hasattr(actor, "partner") and actor.partner.pk != partner.pk:
            raise ZorgzaamError("partner_actor_taken", name=actor.name)
        Partner.objects.filter(pk=partner.pk).update(actor=actor)
        return actor
    clash = Actor.objects.filter(workspace=workspace, name=partner.organisation, organisation="").exclude(
        pk=partner.actor_id)
    if clash.exists():
        raise ZorgzaamError("partner_actor_taken", name=partner.organisation)
    Actor.objects.filter(pk=partner.actor_id).update(name=partner.organisation, role=partner.contact_role)
    return Actor.objects.get(pk=partner.actor_id)


# ------------------------------------------------------------------------------------------ initiative inventory

def _hoods(workspace, neighbourhoods) -> list:
    from zorgzaam.areas.models import Neighbourhood

    ids = [getattr(n, "pk", n) for n in neighbourhoods]
    found = list(Neighbourhood.objects.filter(workspace=workspace, pk__in=[i for i in ids if str(i).isdigit()]))
    if len(found) != len(set(ids)):
        raise ZorgzaamError("followup_not_found")
    return found


@transaction.atomic
def add_initiative(workspace, name: str, *, runner: str = "", for_whom: str = "", neighbourhoods=(), blocks=(),
                   latitude: float | None = None, longitude: float | None = None, user: str = ""):
    from zorgzaam.followup import inventory as inv
    from zorgzaam.followup.models import Initiative

    blocks = list(dict.fromkeys(blocks))
    inv.check_initiative(name, blocks, latitude, longitude)
    hoods = _hoods(workspace, neighbourhoods)
    initiative = Initiative.objects.create(workspace=workspace, name=name.strip(), runner=runner.strip(),
                                           for_whom=for_whom.strip(), building_blocks=blocks, latitude=latitude,
                                           longitude=longitude, created_by=user)
    initiative.neighbourhoods.set(hoods)
    return initiative


def inventory(workspace) -> dict:
    """The initiatives and the plan's actions as a matrix of building blocks × neighbourhoods."""
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.followup import inventory as inv
    from zorgzaam.followup.models import Initiative
    from zorgzaam.plan.tree_models import GoalNode

    hoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    initiatives = list(Initiative.objects.filter(workspace=workspace).prefetch_related("neighbourhoods"))
    points = [i for i in initiatives if i.latitude is not None and not i.neighbourhoods.all()]
    placed = _places(hoods, [(i.longitude, i.latitude) for i in points])
    where = {i.pk: tuple(h.pk for h in i.neighbourhoods.all()) for i in initiatives}
    where.update({i.pk: found for i, found in zip(points, placed, strict=True)})
    items = [inv.Item(inv.INITIATIVE, i.name, tuple(i.building_blocks), where[i.pk]) for i in initiatives]
    items += [inv.Item(inv.ACTION, n.title, tuple(n.building_blocks or ()), tuple(h.pk for h in n.neighbourhoods.all()))
              for n in GoalNode.objects.filter(workspace=workspace, kind="action").prefetch_related("neighbourhoods")]
    rows = inv.matrix(items, [h.pk for h in hoods])
    names = {h.pk: h.name for h in hoods}
    for initiative in initiatives:  # where it counts, for the list and the map
        initiative.counts_in = where[initiative.pk]
        initiative.placed_in = [names[pk] for pk in where[initiative.pk]]
    return {"neighbourhoods": hoods, "rows": rows, "gaps": inv.gaps(rows), "initiatives": initiatives}


def _places(hoods, points: list[tuple[float, float]]) -> list[tuple[int, ...]]:
    """For each (longitude, latitude): the neighbourhoods whose current sectors hold it (none: outside them
    all); the sectors of all neighbourhoods are read in one query per vintage, and only when there are points."""
    import shapely

    from zorgzaam.areas.levels import Level
    from zorgzaam.areas.models import Area, NeighbourhoodVersion
    from zorgzaam.environment.layers import to_lambert
    from zorgzaam.followup import inventory as inv

    if not points or not hoods:
        return [()] * len(points)
    current = {}
    for version in NeighbourhoodVersion.objects.filter(neighbourhood__in=hoods).order_by("neighbourhood_id", "number"):
        current[version.neighbourhood_id] = version  # the highest number wins
    by_vintage: dict[str, set] = {}
    for version in current.values():
        by_vintage.setdefault(version.vintage, set()).update(version.sector_codes or [])
    found = {(vintage, code): shapely.from_wkb(bytes(geometry)) for vintage, codes in by_vintage.items()
             for code, geometry in Area.objects.filter(level=Level.SECTOR, vintage=vintage, code__in=list(codes),
                                                       geometry__isnull=False).values_list("code", "geometry")}
    shapes = {pk: [found[v.vintage, c] for c in v.sector_codes or [] if (v.vintage, c) in found]
              for pk, v in current.items()}
    return [inv.place(*to_lambert(lon, lat), shapes) for lon, lat in points]


HARVEST_FIELDS = ("date", "period", "target_group", "what_happened", "results", "unintended", "reached", "missed",
                  "change", "interviews", "conclusion", "conclusion_text", "effect", "effort", "proposed_norms")


@transaction.atomic
def update_harvest(workspace, pk, *, version: int, **changes) -> Harvest:
    """Edit a harvest from ``version`` (refused when a colleague saved in between)."""
    _check_fields(changes, HARVEST_FIELDS)
    harvest = _get(workspace, Harvest, pk)
    if not (changes.get("what_happened", harvest.what_happened) or "").strip():
        raise ZorgzaamError("harvest_empty")
    hv.check_choices(conclusion=changes.get("conclusion", ""), effect=changes.get("effect", ""),
                     effort=changes.get("effort", ""))
    return _save_version(Harvest, harvest, version, **changes)
