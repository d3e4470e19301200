"""The public survey form (/stem/<token>/): no login, one page per section, answers saved per page,
resumable in the same browser, Dutch first (``?lang=en`` for English), and a printable questionnaire.

Protection: a start key (hidden field, unique in the database) makes a double-clicked start one
response; answers are upserts and submitting twice is a no-op; invitation codes work once; every
POST is rate-limited per client address (hashed, never stored or logged) with Django's cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from zorgzaam.messages import ZorgzaamError
from zorgzaam.voices import services
from zorgzaam.voices.models import Respondent, Survey
from zorgzaam.voices.spec import QuestionSpec, is_shown

TEXT = {
    "nl": {
        "start": "Begin met de vragenlijst", "continue": "Verder invullen", "next": "Bewaar en ga verder",
        "back": "Vorige pagina", "submit": "Verstuur mijn antwoorden", "page": "Pagina {i} van {n}",
        "saved": "Uw antwoorden op de vorige pagina's zijn bewaard. U kunt later verder gaan in deze browser.",
        "code": "Uitnodigingscode", "code_help": "Die staat op de brief die u kreeg.",
        "required": "verplicht", "optional": "mag u overslaan", "errors": "Er is iets niet in orde:",
        "only_if": "Alleen beantwoorden als: {cond}", "privacy": (
            "Uw antwoorden zijn anoniem: we bewaren geen naam bij uw antwoorden. We tonen resultaten alleen "
            "voor groepen van minstens {m} mensen."),
        "finish_title": "Bijna klaar", "finish_text": "Wilt u uw antwoorden versturen? Daarna kunt u ze niet meer wijzigen.",
        "thanks_title": "Bedankt!", "thanks_text": "Uw antwoorden zijn goed ontvangen. Bedankt om mee te doen.",
        "closed_title": "Deze bevraging is afgesloten", "too_many": "Te veel pogingen na elkaar. Probeer het over enkele minuten opnieuw.",
        "contact_title": "Hoe kunnen we u bereiken?", "contact_text": (
            "U gaf aan dat u verder wilt meedenken. Laat hier weten hoe we u kunnen bereiken. Deze gegevens "
            "bewaren we apart van uw antwoorden en gebruiken we alleen om u uit te nodigen."),
        "name": "Naam", "email": "E-mailadres", "phone": "Telefoonnummer", "address": "Adres (als u liever een brief krijgt)",
        "save_contact": "Bewaar mijn contactgegevens", "skip_contact": "Liever niet",
        "print": "Vragenlijst afdrukken", "lat": "Breedtegraad", "lon": "Lengtegraad",
        "locate": "Gebruik mijn huidige plek", "other_lang": "English", "lang_code": "en",
        "scale_hint": "Kies een getal van {lo} tot {hi}.", "question": "Vraag",
        "print_intro": "Kruis per vraag het vakje aan dat het best bij u past, tenzij er staat dat er meerdere antwoorden mogen.",
        "several": "meerdere antwoorden mogelijk", "write": "Schrijf uw antwoord hier:",
    },
    "en": {
        "start": "Start the questionnaire", "continue": "Continue", "next": "Save and continue",
        "back": "Previous page", "submit": "Send my answers", "page": "Page {i} of {n}",
        "saved": "Your answers on the previous pages have been saved. You can continue later in this browser.",
        "code": "Invitation code", "code_help": "You will find it on the letter you received.",
        "required": "required", "optional": "you may skip this", "errors": "Something is not right:",
        "only_if": "Only answer if: {cond}", "privacy": (
            "Your answers are anonymous: we keep no name with your answers. We only show results for groups "
            "of at least {m} people."),
        "finish_title": "Almost done", "finish_text": "Do you want to send your answers? After that you cannot change them.",
        "thanks_title": "Thank you!", "thanks_text": "We have received your answers. Thank you for taking part.",
        "closed_title": "This survey is closed", "too_many": "Too many attempts in a row. Please try again in a few minutes.",
        "contact_title": "How can we reach you?", "contact_text": (
            "You said you would like to help think further. Tell us how to reach you. We keep these details "
            "apart from your answers and only use them to invite you."),
        "name": "Name", "email": "Email address", "phone": "Phone number", "address": "Address (if you prefer a letter)",
        "save_contact": "Save my contact details", "skip_contact": "No thanks",
        "print": "Print the questionnaire", "lat": "Latitude", "lon": "Longitude",
        "locate": "Use my current location", "other_lang": "Nederlands", "lang_code": "nl",
        "scale_hint": "Choose a number from {lo} to {hi}.", "question": "Question",
        "print_intro": "For each question tick the box that fits you best, unless several answers are allowed.",
        "several": "several answers possible", "write": "Write your answer here:",
    },
}


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _lang(request) -> str:
    """Dutch unless the person chose English (``?lang=en``, kept in the session, or the site language)."""
    asked = request.GET.get("lang")
    if asked in TEXT:
        request.session["voices_lang"] = asked
    lang = request.session.get("voices_lang") or (translation.get_language() or "nl")[:2]
    lang = lang if lang in TEXT else "nl"
    translation.activate(lang)
    return lang


def _rate_limited(request, survey: Survey, bucket: str) -> bool:
    limits = {"start": _limit("ZORGZAAM_SURVEY_STARTS_PER_10MIN", 30),
              "post": _limit("ZORGZAAM_SURVEY_POSTS_PER_10MIN", 600)}
    address = request.META.get("REMOTE_ADDR", "")
    key = f"voices:rl:{bucket}:{survey.pk}:{hashlib.sha256(address.encode()).hexdigest()[:16]}"
    if cache.add(key, 1, 600):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 600)
        return False
    return count > limits[bucket]


def _session_key(survey: Survey) -> str:
    return f"voices_respondent_{survey.pk}"


def _respondent(request, survey: Survey) -> Respondent | None:
    pseudonym = request.session.get(_session_key(survey))
    if not pseudonym:
        return None
    return Respondent.objects.filter(survey=survey, pseudonym=pseudonym).first()


def _ctx(request, survey: Survey, lang: str, **extra) -> dict:
    t = TEXT[lang]
    title = (survey.questionnaire.title_en or survey.questionnaire.title_nl) if lang == "en" else \
        survey.questionnaire.title_nl
    return {"survey": survey, "t": t, "lang": lang, "title": title,
            "privacy": t["privacy"].format(m=survey.min_cell), **extra}


def _closed(request, survey: Survey, lang: str) -> HttpResponse:
    error = ZorgzaamError("survey_closed")
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading=TEXT[lang]["closed_title"], message=error.render(lang)),
                  status=403)


def _too_many(request, survey: Survey, lang: str) -> HttpResponse:
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading="429", message=TEXT[lang]["too_many"]), status=429)


def _visible_sections(spec, answers: dict) -> list[int]:
    return [s for s in range(spec.section_count())
            if any(is_shown(q, answers) or q.condition and q.condition.question in
                   {x.code for x in spec.section_questions(s)} for q in spec.section_questions(s))]


@require_http_methods(["GET", "POST"])
def survey_start(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    lang = _lang(request)
    if not survey.is_open:
        return _closed(request, survey, lang)
    respondent = _respondent(request, survey)
    error = None
    if request.method == "POST":
        if _rate_limited(request, survey, "start"):
            return _too_many(request, survey, lang)
        if respondent is not None and not respondent.completed_at:
            # this browser already has a response in progress: continue it rather than start a second one
            return redirect(_next_url(survey, respondent))
        try:
            respondent = services.start_response(
                survey, start_key=(request.POST.get("start_key") or "")[:64] or None,
                invitation_code=request.POST.get("code", ""), channel="web")
        except ZorgzaamError as exc:
            error = exc.render(lang)
        else:
            request.session[_session_key(survey)] = respondent.pseudonym
            return redirect(_next_url(survey, respondent))
    status = 400 if error else 200
    return render(request, "voices/start.html",
                  _ctx(request, survey, lang, respondent=respondent if respondent and not respondent.completed_at else None,
                       error=error, start_key=uuid.uuid4().hex, code=request.GET.get("code", ""),
                       resume_url=_next_url(survey, respondent) if respondent else None,
                       intro=(survey.intro_en or survey.intro_nl) if lang == "en" else survey.intro_nl),
                  status=status)


def _next_url(survey: Survey, respondent: Respondent | None, after: int | None = None) -> str:
    if respondent is None:
        return reverse("voices:start", args=[survey.token])
    if respondent.completed_at:
        return reverse("voices:thanks", args=[survey.token])
    spec = survey.questionnaire.to_spec()
    answers = services.current_answers(respondent)
    start = (respondent.last_section if after is None else after) + 1
    for section in range(start, spec.section_count()):
        if any(_maybe_shown(q, answers, spec) for q in spec.section_questions(section)):
            return reverse("voices:page", args=[survey.token, section + 1])
    return reverse("voices:finish", args=[survey.token])


def _maybe_shown(q: QuestionSpec, answers: dict, spec) -> bool:
    """Shown, or depending on a question of its own page (decided while filling in that page)."""
    if is_shown(q, answers):
        return True
    same_page = {x.code for x in spec.section_questions(q.section)}
    return q.condition is not None and q.condition.question in same_page


def _raw_from_post(request, questions: list[QuestionSpec]) -> dict:
    raw = {}
    for q in questions:
        if q.type == "multiple":
            raw[q.code] = request.POST.getlist(q.code)
        elif q.type == "map_point":
            lat, lon = request.POST.get(f"{q.code}__lat", "").strip(), request.POST.get(f"{q.code}__lon", "").strip()
            raw[q.code] = f"{lat} {lon}" if lat or lon else None
        else:
            raw[q.code] = request.POST.get(q.code)
    return raw


def _question_view(q: QuestionSpec, number: int, value, error: str | None, lang: str, spec) -> dict:
    t = TEXT[lang]
    chosen = value if isinstance(value, list) else ([] if value is None else [str(value)])
    view = {"code": q.code, "type": q.type, "number": number, "text": q.text(lang),
            "help": (q.help_en or q.help_nl) if lang == "en" else q.help_nl, "required": q.required,
            "error": error, "value": "" if value is None or isinstance(value, list | dict) else value,
            "choices": [{"code": c.code, "label": c.label(lang), "checked": c.code in chosen} for c in q.choices],
            "condition": None, "show_if": None}
    if q.type == "scale":
        view["choices"] = [{"code": v, "label": q.scale_labels.get(v, ""), "checked": v in [str(c) for c in chosen]}
                           for v in q.choice_codes()]
        view["hint"] = t["scale_hint"].format(lo=q.scale_min, hi=q.scale_max)
    if q.type == "map_point" and isinstance(value, dict):
        view["lat"], view["lon"] = value.get("lat"), value.get("lon")
    if q.condition:
        other = spec.by_code().get(q.condition.question)
        cond_value = q.condition.value
        if other is not None and not isinstance(cond_value, list):
            cond_value = other.choice_label(str(cond_value), lang)
        view["condition"] = t["only_if"].format(
            cond=f"{other.text(lang) if other else q.condition.question} → {cond_value}")
        view["show_if"] = {"question": q.condition.question, "op": q.condition.op,
                           "value": q.condition.value if isinstance(q.condition.value, list) else [q.condition.value]}
        view["show_if_json"] = json.dumps(view["show_if"])
    return view


@require_http_methods(["GET", "POST"])
def survey_page(request, token: str, page: int):
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    lang = _lang(request)
    if not survey.is_open:
        return _closed(request, survey, lang)
    respondent = _respondent(request, survey)
    if respondent is None:
        return redirect("voices:start", token=survey.token)
    if respondent.completed_at:
        return redirect("voices:thanks", token=survey.token)
    spec = survey.questionnaire.to_spec()
    section = page - 1
    if not 0 <= section < spec.section_count():
        return redirect(_next_url(survey, respondent))
    questions = spec.section_questions(section)
    answers = services.current_answers(respondent)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if _rate_limited(request, survey, "post"):
            return _too_many(request, survey, lang)
        idem = (request.POST.get("idem") or "")[:64]
        if idem and not cache.add(f"voices:idem:{respondent.pk}:{idem}", 1, 3600):
            return redirect(_next_url(survey, respondent, after=section))
        raw = _raw_from_post(request, questions)
        clean, found = services.validate_answers(questions, raw, answers)
        if found:
            errors = {code: err.render(lang) for code, err in found.items()}
            answers.update({k: v for k, v in raw.items() if v not in (None, "", [])})
            status = 400
            if idem:
                cache.delete(f"voices:idem:{respondent.pk}:{idem}")
        else:
            try:
                services.save_answers(respondent, clean, questions=questions, section=section)
            except ZorgzaamError as exc:
                if exc.problem.code == "survey_closed":
                    return _closed(request, survey, lang)
                raise
            respondent.refresh_from_db()
            return redirect(_next_url(survey, respondent, after=section))
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    shown = [q for q in questions if _maybe_shown(q, answers, spec)]
    items = [_question_view(q, numbers[q.code], answers.get(q.code), errors.get(q.code), lang, spec) for q in shown]
    sections = spec.sections
    heading = ""
    if section < len(sections):
        heading = sections[section].get("en") if lang == "en" and sections[section].get("en") else \
            sections[section].get("nl", "")
    previous = None
    for s in range(section - 1, -1, -1):
        if any(_maybe_shown(q, answers, spec) for q in spec.section_questions(s)):
            previous = reverse("voices:page", args=[survey.token, s + 1])
            break
    return render(request, "voices/page.html",
                  _ctx(request, survey, lang, questions=items, heading=heading, errors=errors, idem=uuid.uuid4().hex,
                       progress=TEXT[lang]["page"].format(i=page, n=spec.section_count()), page=page,
                       page_count=spec.section_count(), previous=previous, saved_before=section > 0),
                  status=status)


@require_http_methods(["GET", "POST"])
def survey_finish(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    lang = _lang(request)
    respondent = _respondent(request, survey)
    if respondent is not None and respondent.completed_at:
        return redirect("voices:thanks", token=survey.token)
    if not survey.is_open:
        return _closed(request, survey, lang)
    if respondent is None:
        return redirect("voices:start", token=survey.token)
    error = None
    if request.method == "POST":
        if _rate_limited(request, survey, "post"):
            return _too_many(request, survey, lang)
        try:
            respondent = services.complete_response(respondent)
        except ZorgzaamError as exc:
            error = exc.render(lang)
        else:
            if services.wants_contact(respondent):
                return redirect("voices:contact", token=survey.token)
            return redirect("voices:thanks", token=survey.token)
    return render(request, "voices/finish.html", _ctx(request, survey, lang, error=error),
                  status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def survey_contact(request, token: str):
    survey = get_object_or_404(Survey, token=token)
    lang = _lang(request)
    respondent = _respondent(request, survey)
    if respondent is None or not respondent.completed_at or not services.wants_contact(respondent):
        return redirect("voices:start", token=survey.token)
    if request.method == "POST":
        if _rate_limited(request, survey, "post"):
            return _too_many(request, survey, lang)
        if "skip" not in request.POST:
            services.save_contact(respondent, name=request.POST.get("name", ""), email=request.POST.get("email", ""),
                                  phone=request.POST.get("phone", ""), address=request.POST.get("address", ""),
                                  consent_text=TEXT[lang]["contact_text"])
        return redirect("voices:thanks", token=survey.token)
    return render(request, "voices/contact.html", _ctx(request, survey, lang))


def survey_thanks(request, token: str):
    survey = get_object_or_404(Survey, token=token)
    lang = _lang(request)
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading=TEXT[lang]["thanks_title"], message=TEXT[lang]["thanks_text"]))


def survey_print(request, token: str):
    """The whole questionnaire on paper: boxes to tick, lines to write on, skip instructions."""
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    lang = _lang(request)
    spec = survey.questionnaire.to_spec()
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    sections = []
    for s in range(spec.section_count()):
        head = spec.sections[s] if s < len(spec.sections) else {}
        items = []
        for q in spec.section_questions(s):
            view = _question_view(q, numbers[q.code], None, None, lang, spec)
            if q.condition and q.condition.question in numbers:
                view["condition"] = view["condition"].replace(
                    "→", f"({TEXT[lang]['question'].lower()} {numbers[q.condition.question]}) →")
            items.append(view)
        sections.append({"heading": head.get("en") if lang == "en" and head.get("en") else head.get("nl", ""),
                         "questions": items})
    return render(request, "voices/print.html", _ctx(request, survey, lang, sections=sections))
