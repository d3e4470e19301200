"""The public survey form (/stem/<token>/): no login, one page per section, answers saved per page,
resumable in the same browser (a signed cookie scoped to the survey's link holds the respondent's
pseudonym; no session row), Dutch first, and a printable questionnaire. The map point question is a
Leaflet map (django-leaflet's copy) with the coordinate fields as the accessible fallback; without a
base map it draws the neighbourhoods' streets from the stored street network (``kaart/straten/``).
A page's unsent answers are kept by form.js in the tab's sessionStorage only (see the note there).

Language: Django's translation machinery (Dutch msgids, English in ``voices/locale``). The respondent's
choice is the site language cookie, so the form's own link (``?lang=en``, which sets the cookie and
redirects to the same page without the parameter) and the header's language buttons agree; every view
renders inside ``translation.override`` of that one language.

Protection: a start key (hidden field, unique in the database) makes a double-clicked start one
response; answers are upserts and submitting twice is a no-op; invitation codes work once; every
POST is rate-limited per client address (hashed, never stored or logged) with Django's cache; the form
script ignores a second tap while a page is being sent.

Speed (benchmarks/bench_form_load.py): a page view is two queries (survey + respondent in one, answers);
saving a page is one more transaction of at most four (lock the response and the survey, read the answers,
one upsert, the page reached); starting is one INSERT, sending a lock, a read and an UPDATE. The
questionnaire's spec and question ids are kept per process (questions never change: a new version is a new
row). tests/voices/test_form_queries.py pins these counts.
"""

from __future__ import annotations

import json
import os
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from zorgzaam.messages import LANGUAGES, Problem, ZorgzaamError
from zorgzaam.voices import services
from zorgzaam.voices.models import Respondent, Survey
from zorgzaam.voices.spec import QuestionSpec, is_shown
from zorgzaam.workspaces.security import address_key, hit, no_store

FORM_LANGUAGES = ("nl", "en")
# stored with the contact details as the consent the person gave (in the language they read it in)
CONTACT_TEXT = gettext_noop("U gaf aan dat u verder wilt meedenken. Laat hier weten hoe we u kunnen bereiken. Deze gegevens "
                "bewaren we apart van uw antwoorden en gebruiken we alleen om u uit te nodigen.")


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def in_form_language(view):
    """Run ``view(request, …, lang=…)`` inside the respondent's language. ``?lang=nl|en`` stores the choice
    in the language cookie (as the header's buttons do) and redirects to the same page without it, so
    a later switch in the header is not undone by a stale parameter."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        asked = request.GET.get("lang")
        if request.method == "GET" and asked in FORM_LANGUAGES:
            query = request.GET.copy()
            del query["lang"]
            response = HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, asked, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
            return response
        lang = (getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "nl")[:2]
        lang = lang if lang in FORM_LANGUAGES else "nl"
        with translation.override(lang):
            return view(request, *args, lang=lang, **kwargs)

    return wrapper


def _rate_limited(request, survey: Survey, bucket: str) -> bool:
    """Per real client address (ProxyMiddleware, trusted proxies only), counted in the shared cache."""
    limits = {"start": _limit("ZORGZAAM_SURVEY_STARTS_PER_10MIN", 30),
              "post": _limit("ZORGZAAM_SURVEY_POSTS_PER_10MIN", 600),
              "map": _limit("ZORGZAAM_SURVEY_MAP_LAYERS_PER_10MIN", 300)}
    return hit(f"voices:{bucket}:{survey.pk}:{address_key(request)}", limits[bucket], 600)


RESUME_DAYS = 90


def _form(survey: Survey) -> services.Form:
    """The survey's questionnaire as the form uses it (spec and question ids), kept in the process for a few
    minutes (:func:`services.questionnaire_form`): its questions never change, every page needs them."""
    return services.questionnaire_form(survey.questionnaire)


def _spec(survey: Survey):
    return _form(survey).spec


COOKIE = "zorgzaam_stem"  # one per survey: the cookie's path is the survey's /stem/<token>/
SALT = "voices.respondent"


def _survey_and_respondent(request, token: str) -> tuple[Survey, Respondent | None]:
    """The survey of the link and the response this browser is filling in, in one query when there is
    one. The respondent's pseudonym is in a signed cookie of its own, not in the session, so a
    respondent's requests neither read nor write a session row."""
    pseudonym = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
    if pseudonym:
        respondent = services.respondent_for_link(pseudonym, token)
        if respondent is not None:
            return respondent.survey, respondent
    return get_object_or_404(Survey.objects.select_related("questionnaire"), token=token), None


def _remember(response: HttpResponse, survey: Survey, respondent: Respondent) -> HttpResponse:
    response.set_signed_cookie(COOKIE, respondent.pseudonym, salt=SALT,
                               max_age=RESUME_DAYS * 24 * 3600, path=reverse("voices:start", args=[survey.token]),
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def _draft_prefix(survey: Survey) -> str:
    """Where form.js keeps a page's unsent answers in the browser's sessionStorage (never on the server)."""
    return f"zorgzaam:draft:{survey.token}:"


def _draft_key(survey: Survey, respondent: Respondent) -> str:
    """The survey's prefix and the respondent of the cookie, as a keyed hash (not the pseudonym itself), so
    a second response started in the same tab never gets the first one's unsent answers."""
    return f"{_draft_prefix(survey)}{salted_hmac('voices.draft', respondent.pseudonym).hexdigest()[:16]}:"


def _ctx(request, survey: Survey, lang: str, **extra) -> dict:
    title = (survey.questionnaire.title_en or survey.questionnaire.title_nl) if lang == "en" else \
        survey.questionnaire.title_nl
    return {"survey": survey, "lang": lang, "other_lang": next(code for code in LANGUAGES if code != lang), "title": title, **extra}


def _closed(request, survey: Survey, lang: str) -> HttpResponse:
    error = ZorgzaamError("survey_closed")
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading=_("Deze bevraging is afgesloten"), message=error.render(lang)),
                  status=403)


def _too_many(request, survey: Survey, lang: str) -> HttpResponse:
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading=_("Even geduld"),
                       message=_("Te veel pogingen na elkaar. Probeer het over enkele minuten opnieuw.")),
                  status=429)


def _point_map(survey: Survey) -> dict:
    """What the "where in the neighbourhood" map shows: the survey's neighbourhoods as outlines (WGS84
    GeoJSON, from their sectors), the optional base map, and — when a stored street network covers the
    neighbourhoods — the address of their streets (:func:`survey_streets`), so a resident finds their
    street without a tile server. Cached per survey for ten minutes."""
    key = f"voices:pointmap:{survey.pk}:{survey.token}"
    found = cache.get(key)
    if found is None:
        current = _current_versions(survey)
        areas = _areas(survey, current)
        found = {"outline": _outline(current), "tile_url": settings.ZORGZAAM_TILE_URL,
                 "tile_attribution": settings.ZORGZAAM_TILE_ATTRIBUTION,
                 "streets_url": reverse("voices:streets", args=[survey.token])
                 if areas and _network(survey, areas) is not None else None}
        cache.set(key, found, 600)
    return found


def _current_versions(survey: Survey) -> list[tuple[str, object]]:
    """(name, current version) of each of the survey's neighbourhoods that has a version."""
    found = []
    for neighbourhood in survey.neighbourhoods.all():
        version = neighbourhood.current
        if version is not None:
            found.append((neighbourhood.name, version))
    return found


def _areas(survey: Survey, current: list | None = None) -> list[tuple[str, object, list[str]]]:
    """(name, outline in EPSG:31370, sector codes) of each of the survey's neighbourhoods with a geometry: the
    areas app's outline of its current version (dissolved once per version, cached)."""
    from zorgzaam.areas.neighbourhood_service import outlines

    current = _current_versions(survey) if current is None else current
    shapes = outlines([version for _name, version in current])
    return [(name, shape, list(version.sector_codes))
            for (name, version), shape in zip(current, shapes, strict=True) if shape is not None]


def _outline(current: list) -> dict | None:
    """The neighbourhoods of ``current`` (see :func:`_current_versions`) as a WGS84 FeatureCollection."""
    from zorgzaam.areas.neighbourhood_service import outlines_geojson

    geometries = outlines_geojson([version for _name, version in current])
    features = [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}
                for (name, _version), geometry in zip(current, geometries, strict=True) if geometry is not None]
    return {"type": "FeatureCollection", "features": features} if features else None


def _network(survey: Survey, areas: list | None = None):
    """The stored street network of the survey's workspace (or a shared one) that covers its neighbourhoods."""
    from zorgzaam.environment.service import network_for

    areas = _areas(survey) if areas is None else areas
    codes = sorted({code for _name, _shape, sector_codes in areas for code in sector_codes})
    return network_for(survey.workspace, codes=codes) if codes else None


STREETS_SECONDS = 600


def _streets(survey: Survey) -> str:
    """The survey's streets as GeoJSON text ("" when there is no network or no street in the area): the
    network's edges within the neighbourhoods plus 150 m, simplified (environment.layers). Cached per survey."""
    key = f"voices:streets:{survey.pk}:{survey.token}"
    found = cache.get(key)
    if found is None:
        import shapely

        from zorgzaam.environment.layers import street_lines_geojson
        from zorgzaam.environment.service import load_network

        found = ""
        areas = _areas(survey)
        record = _network(survey, areas) if areas else None
        if record is not None:
            network, _buildings = load_network(record)
            layer = street_lines_geojson(network.xy, network.u, network.v,
                                         shapely.union_all([shape for _name, shape, _codes in areas]))
            found = json.dumps(layer, separators=(",", ":")) if layer else ""
        cache.set(key, found, STREETS_SECONDS)
    return found


@require_http_methods(["GET", "POST"])
@in_form_language
def survey_start(request, token: str, lang: str = "nl"):
    survey, respondent = _survey_and_respondent(request, token)
    if not survey.is_open:
        return _closed(request, survey, lang)
    error = None
    if request.method == "POST":
        if _rate_limited(request, survey, "start"):
            return _too_many(request, survey, lang)
        if respondent is not None and not respondent.completed_at:
            # this browser already has a response in progress: continue it rather than start a second one
            return redirect(_next_url(survey, respondent))
        try:
            respondent, created = services.begin_response(
                survey, start_key=(request.POST.get("start_key") or "")[:64] or None,
                invitation_code=request.POST.get("code", ""), channel="web")
        except ZorgzaamError as exc:
            error = exc.render(lang)
        else:  # a new response has no answers to read yet
            return _remember(redirect(_next_url(survey, respondent, answers={} if created else None)), survey,
                             respondent)
    status = 400 if error else 200
    return render(request, "voices/start.html",
                  _ctx(request, survey, lang, respondent=respondent if respondent and not respondent.completed_at else None,
                       error=error, start_key=uuid.uuid4().hex,
                       code=(request.POST.get("code") if request.method == "POST" else request.GET.get("code", "")) or "",
                       resume_url=_next_url(survey, respondent) if respondent else None,
                       intro=(survey.intro_en or survey.intro_nl) if lang == "en" else survey.intro_nl),
                  status=status)


def _next_url(survey: Survey, respondent: Respondent | None, after: int | None = None, *, spec=None,
              answers: dict | None = None) -> str:
    """The first page after ``after`` (default: the last page saved) with a question to show, else the
    send page. ``spec`` and ``answers`` when the caller has them already (saves two queries)."""
    if respondent is None:
        return reverse("voices:start", args=[survey.token])
    if respondent.completed_at:
        return reverse("voices:thanks", args=[survey.token])
    spec = spec if spec is not None else _spec(survey)
    answers = answers if answers is not None else services.current_answers(respondent)
    start = (respondent.last_section if after is None else after) + 1
    for section in range(start, spec.section_count()):
        if any(_maybe_shown(q, answers, spec) for q in spec.section_questions(section)):
            return reverse("voices:page", args=[survey.token, section + 1])
    return reverse("voices:finish", args=[survey.token])


def _previous_url(survey: Survey, spec, answers: dict, before: int) -> str | None:
    for s in range(before - 1, -1, -1):
        if any(_maybe_shown(q, answers, spec) for q in spec.section_questions(s)):
            return reverse("voices:page", args=[survey.token, s + 1])
    return None


def _maybe_shown(q: QuestionSpec, answers: dict, spec) -> bool:
    """Shown, or depending on a question of its own page (decided while filling in that page)."""
    if is_shown(q, answers):
        return True
    same_page = {x.code for x in spec.section_questions(q.section)}
    return q.condition is not None and q.condition.question in same_page


def _for_respondent(error: ZorgzaamError, number: int | None, lang: str) -> str:
    """The plain modules name a question by its code; a respondent knows it by its number on the form."""
    problem = error.problem
    if number is None or "question" not in problem.params:
        return error.render(lang)
    return Problem(problem.code, {**problem.params, "question": number}).render(lang)


def _raw_from_post(request, questions: list[QuestionSpec]) -> dict:
    raw = {}
    for q in questions:
        if q.type == "multiple":
            raw[q.code] = request.POST.getlist(q.code)
        elif q.type == "map_point":
            # a Dutch phone keyboard types a decimal comma: "51,21" is 51.21 in a field of its own
            lat, lon = (request.POST.get(f"{q.code}__{part}", "").strip().replace(",", ".") for part in ("lat", "lon"))
            raw[q.code] = {"lat": lat, "lon": lon} if lat or lon else None
        else:
            raw[q.code] = request.POST.get(q.code)
    return raw


def _question_view(q: QuestionSpec, number: int, value, error: str | None, lang: str, spec) -> dict:
    chosen = value if isinstance(value, list) else ([] if value is None else [str(value)])
    view = {"code": q.code, "type": q.type, "number": number, "text": q.text(lang),
            "help": (q.help_en or q.help_nl) if lang == "en" else q.help_nl, "required": q.required,
            "error": error, "value": "" if value is None or isinstance(value, list | dict) else value,
            "choices": [{"code": c.code, "label": c.label(lang), "checked": c.code in chosen} for c in q.choices],
            "condition": None, "show_if": None,
            # the bank's wording of a multiple-choice question often says so itself; do not say it twice
            "says_several": any(w in q.text(lang).lower() for w in ("meerdere antwoorden", "several answers",
                                                                      "more than one"))}
    if q.type == "scale":
        view["choices"] = [{"code": v, "label": q.scale_labels.get(v, ""), "checked": v in [str(c) for c in chosen]}
                           for v in q.choice_codes()]
        view["hint"] = _("Kies een getal van %(low)s tot %(high)s.") % {"low": q.scale_min, "high": q.scale_max}
    if q.type in ("single", "multiple", "scale"):
        view["options_html"] = _options_html(q.type, q.code, view["choices"])
    if q.type == "map_point" and isinstance(value, dict):
        # as text with a decimal point: a localised "51,25" would not read back as a coordinate
        view["lat"], view["lon"] = str(value.get("lat", "")), str(value.get("lon", ""))
    if q.condition:
        other = spec.by_code().get(q.condition.question)
        cond_value = q.condition.value
        if other is not None and not isinstance(cond_value, list):
            cond_value = other.choice_label(str(cond_value), lang)
        view["condition"] = _("Alleen beantwoorden als: %(condition)s") % {
            "condition": f"{other.text(lang) if other else q.condition.question} → {cond_value}"}
        view["show_if"] = {"question": q.condition.question, "op": q.condition.op,
                           "value": q.condition.value if isinstance(q.condition.value, list) else [q.condition.value]}
        view["show_if_json"] = json.dumps(view["show_if"])
    return view


def _options_html(kind: str, code: str, choices: list[dict]) -> str:
    """The answer options of a choice or scale question as HTML, built here rather than in a loop of
    voices/_question.html: that loop (four conditions and four values per option) was most of a page's
    rendering time. Every value is escaped."""
    input_type = "checkbox" if kind == "multiple" else "radio"
    name = escape(code)
    options = []
    for c in choices:
        value = escape(c["code"])
        if kind == "scale":
            text = f"<strong>{value}</strong>" + (f"<small>{escape(c['label'])}</small>" if c["label"] else "")
        else:
            text = escape(c["label"])
        options.append(f'<label class="opt"><input type="{input_type}" name="{name}" value="{value}"'
                       f'{" checked" if c["checked"] else ""}>\n      <span>{text}</span></label>')
    return mark_safe("\n  ".join(options))  # every value above is escaped


@require_http_methods(["GET", "POST"])
@in_form_language
def survey_page(request, token: str, page: int, lang: str = "nl"):
    survey, respondent = _survey_and_respondent(request, token)
    if not survey.is_open:
        return _closed(request, survey, lang)
    if respondent is None:
        return redirect("voices:start", token=survey.token)
    if respondent.completed_at:
        return redirect("voices:thanks", token=survey.token)
    form = _form(survey)
    spec = form.spec
    section = page - 1
    if not 0 <= section < spec.section_count():
        return redirect(_next_url(survey, respondent))
    questions = spec.section_questions(section)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if _rate_limited(request, survey, "post"):
            return _too_many(request, survey, lang)
        idem = (request.POST.get("idem") or "")[:64]
        if idem and not cache.add(f"voices:idem:{respondent.pk}:{idem}", 1, 3600):
            return redirect(_next_url(survey, respondent, after=section, spec=spec))
        raw = _raw_from_post(request, questions)
        try:  # one transaction: lock, read the answers so far, validate against them, store all or nothing
            result = services.submit_page(respondent, raw, questions=questions, section=section, form=form)
        except ZorgzaamError as exc:
            if exc.problem.code == "survey_closed":
                return _closed(request, survey, lang)
            if exc.problem.code == "response_completed":  # sent meanwhile (another tab)
                return redirect("voices:thanks", token=survey.token)
            raise
        answers = result.answers
        if not result.errors:
            return redirect(_next_url(survey, respondent, after=section, spec=spec, answers=answers))
        numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
        errors = {code: _for_respondent(err, numbers.get(code), lang) for code, err in result.errors.items()}
        answers.update({k: v for k, v in raw.items() if v not in (None, "", [])})
        status = 400
        if idem:
            cache.delete(f"voices:idem:{respondent.pk}:{idem}")
    else:
        answers = services.current_answers(respondent)
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    shown = [q for q in questions if _maybe_shown(q, answers, spec)]
    items = [_question_view(q, numbers[q.code], answers.get(q.code), errors.get(q.code), lang, spec) for q in shown]
    sections = spec.sections
    heading = ""
    if section < len(sections):
        heading = sections[section].get("en") if lang == "en" and sections[section].get("en") else \
            sections[section].get("nl", "")
    previous = _previous_url(survey, spec, answers, section)
    point_map = _point_map(survey) if any(q["type"] == "map_point" for q in items) else None
    return render(request, "voices/page.html",
                  _ctx(request, survey, lang, questions=items, point_map=point_map, heading=heading, errors=errors, idem=uuid.uuid4().hex,
                       progress=_("Pagina %(page)s van %(pages)s") % {"page": page, "pages": spec.section_count()}, page=page,
                       page_count=spec.section_count(), previous=previous, saved_before=section > 0,
                       draft_key=_draft_key(survey, respondent)),
                  status=status)


@require_http_methods(["GET", "POST"])
@in_form_language
def survey_finish(request, token: str, lang: str = "nl"):
    survey, respondent = _survey_and_respondent(request, token)
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
            respondent, answers = services.send_response(respondent, form=_form(survey))
        except ZorgzaamError as exc:
            error = exc.render(lang)
        else:
            if services.wants_contact(respondent, answers):
                return redirect("voices:contact", token=survey.token)
            return redirect("voices:thanks", token=survey.token)
    spec = _spec(survey)
    previous = _previous_url(survey, spec, services.current_answers(respondent), spec.section_count())
    return render(request, "voices/finish.html", _ctx(request, survey, lang, error=error, previous=previous,
                                                      draft_key=_draft_key(survey, respondent)),
                  status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@in_form_language
@no_store
def survey_contact(request, token: str, lang: str = "nl"):
    survey, respondent = _survey_and_respondent(request, token)
    if respondent is None or not respondent.completed_at or not services.wants_contact(respondent):
        return redirect("voices:start", token=survey.token)
    if request.method == "POST":
        if _rate_limited(request, survey, "post"):
            return _too_many(request, survey, lang)
        if "skip" not in request.POST:
            from zorgzaam.voices.forms import check_contact, summary_message

            values, errors = check_contact(request.POST, lang)
            if errors:  # refused, never cut: the person sees what to change, with what they typed kept
                return render(request, "voices/contact.html", _ctx(
                    request, survey, lang, contact_text=_(CONTACT_TEXT), forget_drafts=_draft_prefix(survey),
                    values=values, errors=errors, error_summary=summary_message(lang)), status=400)
            services.save_contact(respondent, **values, consent_text=_(CONTACT_TEXT))
        return redirect("voices:thanks", token=survey.token)
    return render(request, "voices/contact.html", _ctx(request, survey, lang, contact_text=_(CONTACT_TEXT),
                                                       forget_drafts=_draft_prefix(survey), values={}, errors={}))


@in_form_language
def survey_thanks(request, token: str, lang: str = "nl"):
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    return render(request, "voices/message.html",
                  _ctx(request, survey, lang, heading=_("Bedankt!"),
                       message=_("Uw antwoorden zijn goed ontvangen. Bedankt om mee te doen."),
                       forget_drafts=_draft_prefix(survey)))


@require_GET
@gzip_page
def survey_streets(request, token: str):
    """The streets of the survey's neighbourhoods (GeoJSON lines, WGS84) for the map point question: public
    like the form, only while the survey is open, rate-limited per address; 404 without a street network."""
    survey = get_object_or_404(Survey, token=token)
    if not survey.is_open:
        return JsonResponse({"error": "survey_closed"}, status=403)
    if _rate_limited(request, survey, "map"):
        return JsonResponse({"error": "too_many"}, status=429)
    text = _streets(survey)
    if not text:
        return JsonResponse({"error": "no_streets"}, status=404)
    response = HttpResponse(text, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=STREETS_SECONDS)
    return response


@in_form_language
def survey_print(request, token: str, lang: str = "nl"):
    """The whole questionnaire on paper: boxes to tick, lines to write on, skip instructions."""
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), token=token)
    spec = _spec(survey)
    numbers = {q.code: i + 1 for i, q in enumerate(spec.questions)}
    sections = []
    for s in range(spec.section_count()):
        head = spec.sections[s] if s < len(spec.sections) else {}
        items = []
        for q in spec.section_questions(s):
            view = _question_view(q, numbers[q.code], None, None, lang, spec)
            if q.condition and q.condition.question in numbers:
                view["condition"] = view["condition"].replace(
                    "→", "(" + _("vraag %(number)s") % {"number": numbers[q.condition.question]} + ") →")
            items.append(view)
        sections.append({"heading": head.get("en") if lang == "en" and head.get("en") else head.get("nl", ""),
                         "questions": items})
    return render(request, "voices/print.html", _ctx(request, survey, lang, sections=sections))
