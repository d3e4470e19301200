"""Service layer of the voices module: the Django glue between the models and the plain modules.

The CLI, the web views and the demo all go through these functions::

    from zorgzaam.voices import services
    questionnaire = services.create_questionnaire(workspace, build_questionnaire(title_nl="…"))
    survey = services.create_survey(workspace, questionnaire, "Bevraging 2026", neighbourhoods=[…])
    respondent = services.start_response(survey, start_key="…")
    services.save_answers(respondent, {"satisfaction_neighbourhood": "4"})
    services.complete_response(respondent)
    data = services.response_data(survey)          # → analysis.ResponseData

Nothing here logs answers, names or contact details; log lines carry survey ids and counts only.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zorgzaam.messages import (
    ZorgzaamError,
    current_language,
    format_number,
    gettext_noop,
    register,
    register_param_kind,
)
from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import ResponseData
from zorgzaam.voices.models import (
    Answer,
    ContactDetails,
    DoorToDoorVisit,
    InvitationCode,
    Question,
    Questionnaire,
    ReferenceFigure,
    Respondent,
    Survey,
)
from zorgzaam.voices.spec import QuestionnaireSpec, QuestionSpec, is_shown, missing_required, validate_answer

log = logging.getLogger(__name__)

register({
    # the qualitative and survey findings' statements, worded when read (plan.models.Finding.statement)
    "finding_voices_note": gettext_noop("{label} volgens bewoners en partners: {text}"),
    "finding_voices_note_session": gettext_noop(
        "{label} volgens bewoners en partners ({kind} '{session}'{date}): {text}"),
    "finding_voices_theme_one": gettext_noop(
        "Het thema '{theme}' komt terug in {quotes} citaten uit {sessions} gesprek, bv. “{quote}”"),
    "finding_voices_theme": gettext_noop(
        "Het thema '{theme}' komt terug in {quotes} citaten uit {sessions} gesprekken, bv. “{quote}”"),
    "finding_survey_statement": gettext_noop("{survey} — vraag '{question}': {result}"),
    "finding_voices_question": gettext_noop(
        "Tonen de cijfers of de omgevingsanalyse hetzelfde? Koppel deze bevinding aan wat ze bevestigt of "
        "tegenspreekt."),
    "finding_survey_question": gettext_noop(
        "Klopt dit met wat de cijfers en de gesprekken tonen? Koppel het aan de bevinding die het bevestigt of "
        "tegenspreekt."),
    "merge_needs_two": gettext_noop(
        "Kies minstens twee antwoorden van vraag '{question}' om samen te tellen (niet allemaal)."),
    "survey_closed": gettext_noop(
        "Deze bevraging is afgesloten; er kunnen geen antwoorden meer bij. Bedankt voor uw interesse!"),
    "survey_not_found": gettext_noop("Bevraging '{survey}' niet gevonden."),
    "invitation_required": gettext_noop(
        "Voor deze bevraging hebt u een uitnodigingscode nodig (die staat op uw uitnodiging)."),
    "invitation_unknown": gettext_noop(
        "Deze uitnodigingscode kennen we niet. Kijk de code na (hoofdletters of kleine letters maakt niet uit)."),
    "invitation_used": gettext_noop(
        "Met deze uitnodigingscode is de vragenlijst al ingevuld. Per code kan dat maar één keer."),
    "response_completed": gettext_noop(
        "Deze antwoorden zijn al ingediend en kunnen niet meer gewijzigd worden."),
    "respondent_not_found": gettext_noop("Respondent '{respondent}' niet gevonden."),
    "required_missing": gettext_noop("Nog niet beantwoord: {questions}."),
})


def _session_kind_words(kind: str, lang: str | None) -> str:
    from zorgzaam.voices import codes

    return codes.label(codes.SESSION_KINDS, kind, lang or current_language()).lower()


# parameters of the findings' statements worded when read: a session's kind, a percentage, a p-value, and a
# questionnaire's text as typed per language ({"nl": …, "en": …}: what people typed stays as typed)
register_param_kind("session_kind", _session_kind_words)
register_param_kind("percent", lambda value, lang: format_number(value, lang, 1) + " %")
register_param_kind("p_value", lambda value, lang: analysis.p_text(value, lang or current_language()))
register_param_kind("typed", lambda texts, lang: texts.get(lang or current_language()) or texts.get("nl") or "")


# ------------------------------------------------------------------------------------------ questionnaires

@transaction.atomic
def create_questionnaire(workspace, spec: QuestionnaireSpec, *, source: str = "", is_fictional: bool = False
                         ) -> Questionnaire:
    spec.check()
    version = (Questionnaire.objects.filter(workspace=workspace, title_nl=spec.title_nl)
               .order_by("-version").values_list("version", flat=True).first() or 0) + 1
    questionnaire = Questionnaire.objects.create(
        workspace=workspace, title_nl=spec.title_nl, title_en=spec.title_en, sections=spec.sections,
        version=version, source=source, is_fictional=is_fictional)
    Question.objects.bulk_create([
        Question(questionnaire=questionnaire, code=q.code, position=i, section=q.section, type=q.type,
                 text_nl=q.text_nl, text_en=q.text_en, help_nl=q.help_nl, help_en=q.help_en,
                 choices=[{"code": c.code, "nl": c.nl, "en": c.en} for c in q.choices], scale_min=q.scale_min,
                 scale_max=q.scale_max, scale_labels=q.scale_labels, min_value=q.min_value, max_value=q.max_value,
                 required=q.required,
                 condition=({"question": q.condition.question, "op": q.condition.op, "value": q.condition.value}
                            if q.condition else None),
                 bank_item=q.bank_item)
        for i, q in enumerate(spec.questions)])
    return questionnaire


@transaction.atomic
def create_survey(workspace, questionnaire: Questionnaire, name: str, *, neighbourhoods=(), status: str = "open",
                  uses_invitation_codes: bool = False, retention_days: int = 730, min_cell: int = 5,
                  eligible_population: dict | None = None, is_fictional: bool = False) -> Survey:
    survey = Survey.objects.create(workspace=workspace, questionnaire=questionnaire, name=name, status=status,
                                   uses_invitation_codes=uses_invitation_codes, retention_days=retention_days,
                                   min_cell=min_cell, eligible_population=eligible_population or {},
                                   is_fictional=is_fictional)
    if neighbourhoods:
        survey.neighbourhoods.set(neighbourhoods)
    return survey


def get_survey(ref: str | int) -> Survey:
    survey = None
    if str(ref).isdigit():
        survey = Survey.objects.filter(pk=int(ref)).first()
    survey = survey or Survey.objects.filter(token=str(ref)).first() or Survey.objects.filter(name=str(ref)).first()
    if survey is None:
        raise ZorgzaamError("survey_not_found", survey=ref)
    return survey


def close_survey(survey: Survey) -> None:
    survey.status = Survey.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])


def make_invitation_codes(survey: Survey, count: int, *, neighbourhood=None) -> list[str]:
    made: list[str] = []
    while len(made) < count:
        try:
            with transaction.atomic():
                made.append(InvitationCode.objects.create(survey=survey, neighbourhood=neighbourhood).code)
        except IntegrityError:  # a rare clash of random codes: draw again
            continue
    survey.uses_invitation_codes = True
    survey.save(update_fields=["uses_invitation_codes"])
    return made


@transaction.atomic
def add_reference_figure(survey: Survey, question_code: str, categories: list[str], proportion: float, *,
                         label: str, source: str = "") -> ReferenceFigure:
    spec = survey.questionnaire.to_spec().by_code()
    if question_code not in spec:
        raise ZorgzaamError("question_not_in_survey", question=question_code)
    return ReferenceFigure.objects.create(survey=survey, question_code=question_code, categories=categories,
                                          proportion=proportion, label=label, source=source)


# ------------------------------------------------------------------------------------------ answering

def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def start_response(survey: Survey, *, start_key: str | None = None, invitation_code: str | None = None,
                   neighbourhood=None, channel: str = "web", entered_by: str = "") -> Respondent:
    """A new respondent, or the existing one for the same ``start_key`` (double submission) or for an
    invitation code whose response is not finished yet (resume). Refuses a closed survey and an
    invitation code whose response was completed."""
    return begin_response(survey, start_key=start_key, invitation_code=invitation_code, neighbourhood=neighbourhood,
                          channel=channel, entered_by=entered_by)[0]


def begin_response(survey: Survey, *, start_key: str | None = None, invitation_code: str | None = None,
                   neighbourhood=None, channel: str = "web", entered_by: str = "") -> tuple[Respondent, bool]:
    """:func:`start_response` and whether the respondent is new (then it has no answers yet: the form
    needs not read them). A repeated ``start_key`` is found by the unique constraint, not by a query
    first: a double click is rare, a start is one INSERT."""
    if not survey.is_open:
        raise ZorgzaamError("survey_closed")
    invitation = None
    if survey.uses_invitation_codes and channel == "web":
        if not invitation_code:
            raise ZorgzaamError("invitation_required")
        invitation = InvitationCode.objects.filter(survey=survey, code=normalise_code(invitation_code)).first()
        if invitation is None:
            raise ZorgzaamError("invitation_unknown")
    try:
        with transaction.atomic():
            if invitation is not None:
                invitation = InvitationCode.objects.select_for_update().get(pk=invitation.pk)
                current = Respondent.objects.filter(invitation=invitation).first()
                if current is not None:
                    if current.completed_at:
                        raise ZorgzaamError("invitation_used")
                    return current, False
                neighbourhood = neighbourhood or invitation.neighbourhood
            return Respondent.objects.create(survey=survey, start_key=start_key or None, invitation=invitation,
                                             neighbourhood=neighbourhood, channel=channel, entered_by=entered_by), True
    except IntegrityError:
        # the same start key (a double click, or twice at once) or invitation: return the one that won
        again = Respondent.objects.filter(survey=survey, start_key=start_key).first() if start_key else None
        again = again or (Respondent.objects.filter(invitation=invitation).first() if invitation else None)
        if again is None:
            if not start_key:
                raise
            # the key is another survey's (the constraint is over all surveys): a typed or replayed key, not
            # a double click here, so this is simply a new response without that key
            return Respondent.objects.create(survey=survey, start_key=None, invitation=invitation,
                                             neighbourhood=neighbourhood, channel=channel,
                                             entered_by=entered_by), True
        if again.completed_at and invitation is not None and again.start_key != start_key:
            raise ZorgzaamError("invitation_used") from None
        return again, False


def current_answers(respondent: Respondent) -> dict[str, Any]:
    """The response's stored answers by question code. Every page of the public form reads them, so the
    statement is written out once (the ORM's compilation of it cost more than the query itself); the values
    go through the JSON field's own converter, as the ORM would do."""
    value = Answer._meta.get_field("value")
    with connection.cursor() as cursor:
        cursor.execute(_sql("answers"), [respondent.pk])
        return {code: value.from_db_value(raw, None, connection) for code, raw in cursor.fetchall()}


def _sql(name: str) -> str:
    """The written-out statements of the public form's hot path (same SQL on PostgreSQL and SQLite),
    with the tables' and columns' names taken from the models."""
    found = _statements.get((connection.vendor, name))
    if found is None:
        quote = connection.ops.quote_name

        def col(model, field: str) -> str:
            return quote(model._meta.get_field(field).column)

        answer, question, respondent = (quote(m._meta.db_table) for m in (Answer, Question, Respondent))
        found = _statements[connection.vendor, name] = {
            "answers": f"SELECT q.{col(Question, 'code')}, a.{col(Answer, 'value')} FROM {answer} a "
                       f"INNER JOIN {question} q ON q.{col(Question, 'id')} = a.{col(Answer, 'question')} "
                       f"WHERE a.{col(Answer, 'respondent')} = %s",
            # one row per answer: (respondent, question, value, updated_at); an answer stored before is updated
            "upsert": f"INSERT INTO {answer} ({col(Answer, 'respondent')}, {col(Answer, 'question')}, "
                      f"{col(Answer, 'value')}, {col(Answer, 'updated_at')}) VALUES {{rows}} "
                      f"ON CONFLICT ({col(Answer, 'respondent')}, {col(Answer, 'question')}) DO UPDATE SET "
                      f"{col(Answer, 'value')} = EXCLUDED.{col(Answer, 'value')}, "
                      f"{col(Answer, 'updated_at')} = EXCLUDED.{col(Answer, 'updated_at')}",
            "page_reached": f"UPDATE {respondent} SET {col(Respondent, 'last_section')} = %s "
                            f"WHERE {col(Respondent, 'id')} = %s",
        }[name]
    return found


_statements: dict[tuple[str, str], str] = {}


def respondent_for_link(pseudonym: str, token: str) -> Respondent | None:
    """The respondent with this pseudonym in the survey of this link, with its survey and questionnaire,
    in one query by the pseudonym's unique index; None when there is none. Every request of the public form
    starts with it, so it is written out once per database connection's vendor instead of being compiled by
    the ORM each time (the select_related query cost about a third of a form request's time); the values
    go through the fields' own converters, as the ORM would do."""
    sql, plan = _link_lookup(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pseudonym, token])
        row = cursor.fetchone()
    if row is None:
        return None
    made, start = [], 0
    for model, names, converters in plan:
        values = list(row[start:start + len(names)])
        start += len(names)
        for i, chain, col in converters:
            for convert in chain:
                values[i] = convert(values[i], col, connection)
        made.append(model.from_db(connection.alias, names, values))
    respondent, survey, questionnaire = made
    Survey._meta.get_field("questionnaire").set_cached_value(survey, questionnaire)
    Respondent._meta.get_field("survey").set_cached_value(respondent, survey)
    return respondent


_link_lookups: dict[str, tuple[str, list]] = {}


def _link_lookup(connection) -> tuple[str, list]:
    """(SQL, [(model, attnames, [(index, converters, column)])]) of :func:`respondent_for_link`."""
    found = _link_lookups.get(connection.vendor)
    if found is None:
        quote = connection.ops.quote_name
        columns, plan = [], []
        for model, alias in ((Respondent, "r"), (Survey, "s"), (Questionnaire, "q")):
            fields = model._meta.concrete_fields
            columns += [f"{alias}.{quote(f.column)}" for f in fields]
            converters = []
            for i, field in enumerate(fields):
                col = field.get_col(alias)
                chain = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if chain:
                    converters.append((i, chain, col))
            plan.append((model, [f.attname for f in fields], converters))
        column = {(m, name): quote(m._meta.get_field(name).column) for m, name in (
            (Respondent, "survey"), (Respondent, "pseudonym"), (Survey, "questionnaire"), (Survey, "token"))}
        sql = (f"SELECT {', '.join(columns)} FROM {quote(Respondent._meta.db_table)} r "
               f"INNER JOIN {quote(Survey._meta.db_table)} s ON s.{quote(Survey._meta.pk.column)} = "
               f"r.{column[Respondent, 'survey']} "
               f"INNER JOIN {quote(Questionnaire._meta.db_table)} q ON q.{quote(Questionnaire._meta.pk.column)} = "
               f"s.{column[Survey, 'questionnaire']} "
               f"WHERE r.{column[Respondent, 'pseudonym']} = %s AND s.{column[Survey, 'token']} = %s")
        found = _link_lookups[connection.vendor] = (sql, plan)
    return found


# ------------------------------------------------------------------------------------------ the form's questionnaire

@dataclass(frozen=True)
class Form:
    """A questionnaire as the public form uses it: the spec and each question's row id (for storing answers)."""

    questionnaire_id: int
    spec: QuestionnaireSpec
    question_ids: dict[str, int]


FORM_SECONDS = 300
_forms: dict[tuple, tuple[float, Form]] = {}
_forms_lock = threading.Lock()


def questionnaire_form(questionnaire: Questionnaire) -> Form:
    """The questionnaire's :class:`Form`, kept in the process for a few minutes: a questionnaire's questions
    never change (a new version is a new row), and every page of the form needs them. Keyed by id and
    creation time, so a row id used again (SQLite after a rollback) is another questionnaire."""
    key = (questionnaire.pk, questionnaire.created_at)
    now = time.monotonic()
    found = _forms.get(key)
    if found is not None and now - found[0] < FORM_SECONDS:
        return found[1]
    rows = list(questionnaire.questions.all())
    form = Form(questionnaire.pk,
                QuestionnaireSpec(title_nl=questionnaire.title_nl, title_en=questionnaire.title_en,
                                  sections=list(questionnaire.sections or []), questions=[q.to_spec() for q in rows],
                                  version=questionnaire.version),
                {q.code: q.pk for q in rows})
    with _forms_lock:
        if len(_forms) > 64:
            _forms.clear()
        _forms[key] = (now, form)
    return form


def clear_forms() -> None:
    with _forms_lock:
        _forms.clear()


# ------------------------------------------------------------------------------------------ saving and sending

def validate_answers(questions: list[QuestionSpec], raw: dict[str, Any], earlier: dict[str, Any] | None = None
                     ) -> tuple[dict[str, Any], dict[str, ZorgzaamError]]:
    """Normalised answers and errors per question code for the ``questions`` of one page. Questions
    hidden by skip logic are cleared. Required questions that are shown must be answered."""
    answers = dict(earlier or {})
    clean: dict[str, Any] = {}
    errors: dict[str, ZorgzaamError] = {}
    for q in questions:
        if not is_shown(q, answers):
            clean[q.code] = None
            answers.pop(q.code, None)
            continue
        try:
            value = validate_answer(q, raw.get(q.code))
        except ZorgzaamError as error:
            errors[q.code] = error
            continue
        clean[q.code] = value
        answers[q.code] = value
        if q.required and value is None:
            errors[q.code] = ZorgzaamError("answer_required", question=q.code)
    return clean, errors


@dataclass
class PageResult:
    """What :func:`submit_page` did: the normalised answers of the page, the errors per question code
    (nothing stored then), and all the respondent's answers after it."""

    clean: dict[str, Any]
    errors: dict[str, ZorgzaamError]
    answers: dict[str, Any]


@transaction.atomic
def save_answers(respondent: Respondent, raw: dict[str, Any], *, questions: list[QuestionSpec] | None = None,
                 section: int | None = None, allow_completed: bool = False, form: Form | None = None
                 ) -> dict[str, Any]:
    """Validate and store answers (all-or-nothing). ``questions`` defaults to the raw keys' questions.
    Raises the first error; the web form uses :func:`submit_page`, which returns all of them."""
    result = submit_page(respondent, raw, questions=questions, section=section, allow_completed=allow_completed,
                         form=form)
    if result.errors:
        raise next(iter(result.errors.values()))
    return result.clean


@transaction.atomic
def submit_page(respondent: Respondent, raw: dict[str, Any], *, questions: list[QuestionSpec] | None = None,
                section: int | None = None, allow_completed: bool = False, form: Form | None = None) -> PageResult:
    """One page of answers in one transaction: lock the response (and the survey against closing), read the
    answers stored so far, validate ``raw`` against them (skip logic), then store all or nothing and note the
    page. Errors of validation are returned, not raised (nothing is stored then); a closed survey, a sent
    response or an unknown question code raise. ``form`` (:func:`questionnaire_form`) saves reading the
    questions; without it, or when it is another questionnaire's, they are read."""
    status, questionnaire_id, completed_at, last_section = _lock_response(respondent.pk)
    if status != Survey.OPEN and respondent.channel == "web":
        raise ZorgzaamError("survey_closed")
    if completed_at and not allow_completed:
        raise ZorgzaamError("response_completed")
    if form is not None and form.questionnaire_id == questionnaire_id:
        ids, by_code = form.question_ids, None
    else:
        rows = {q.code: q for q in Question.objects.filter(questionnaire_id=questionnaire_id)}
        ids, by_code = {c: q.pk for c, q in rows.items()}, rows
    for code in raw:
        if code not in ids:
            raise ZorgzaamError("question_not_in_survey", question=code)
    if questions is None:
        specs = form.spec.by_code() if by_code is None else {c: q.to_spec() for c, q in by_code.items()}
        questions = [specs[c] for c in raw]
    answers = current_answers(respondent)
    clean, errors = validate_answers(questions, raw, answers)
    if errors:
        return PageResult(clean, errors, answers)
    _store(respondent, clean, ids)
    if section is not None and section > last_section:
        with connection.cursor() as cursor:
            cursor.execute(_sql("page_reached"), [section, respondent.pk])
        respondent.last_section = section
    answers.update(clean)
    return PageResult(clean, {}, {c: v for c, v in answers.items() if v is not None})


def _lock_response(respondent_id: int) -> tuple[str, int, Any, int]:
    """(survey status, questionnaire id, completed_at, last_section) of a response, in one query that locks
    the response's row against a concurrent save or send of the same response until this transaction ends
    (FOR NO KEY UPDATE) and the survey's row against closing (FOR SHARE: closing updates it and so waits),
    without making different respondents wait for each other. SQLite locks the whole database for a write
    transaction anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.status, s.questionnaire_id, r.completed_at, r.last_section FROM voices_respondent r "
                "JOIN voices_survey s ON s.id = r.survey_id WHERE r.id = %s FOR NO KEY UPDATE OF r FOR SHARE OF s",
                [respondent_id])
            row = cursor.fetchone()
    else:
        row = (Respondent.objects.filter(pk=respondent_id)
               .values_list("survey__status", "survey__questionnaire_id", "completed_at", "last_section").first())
    if row is None:
        raise Respondent.DoesNotExist(f"respondent {respondent_id}")
    return row


def _store(respondent: Respondent, clean: dict[str, Any], ids: dict[str, int] | dict[str, Question]) -> None:
    """Store a page's clean answers (None removes one): ``ids`` maps question codes to question ids (or to
    the :class:`Question` rows, as paper_store passes them)."""
    ids = {c: getattr(ids[c], "pk", ids[c]) for c in clean}
    remove = [ids[c] for c, v in clean.items() if v is None]
    if remove:
        Answer.objects.filter(respondent=respondent, question_id__in=remove).delete()
    keep = {c: v for c, v in clean.items() if v is not None}
    if keep:  # one upsert (INSERT … ON CONFLICT DO UPDATE on the answer_unique constraint), written out
        value, updated = (Answer._meta.get_field(name) for name in ("value", "updated_at"))
        now = updated.get_db_prep_save(timezone.now(), connection)
        params = []
        for code, answer in keep.items():
            params += [respondent.pk, ids[code], value.get_db_prep_save(answer, connection), now]
        with connection.cursor() as cursor:
            cursor.execute(_sql("upsert").format(rows=", ".join(["(%s, %s, %s, %s)"] * len(keep))), params)


def complete_response(respondent: Respondent, *, form: Form | None = None) -> Respondent:
    """Mark the response as submitted (idempotent). Refuses when required questions are missing."""
    return send_response(respondent, form=form)[0]


@transaction.atomic
def send_response(respondent: Respondent, *, form: Form | None = None) -> tuple[Respondent, dict[str, Any]]:
    """:func:`complete_response` and the response's answers (for :func:`wants_contact`), in one transaction
    that locks the response and the survey as :func:`submit_page` does; a response sent already is
    returned as it is (a second tap on "send" changes nothing)."""
    status, questionnaire_id, completed_at, _last = _lock_response(respondent.pk)
    answers = current_answers(respondent)
    if completed_at:
        respondent.completed_at = completed_at
        return respondent, answers
    if status != Survey.OPEN and respondent.channel == "web":
        raise ZorgzaamError("survey_closed")
    if form is not None and form.questionnaire_id == questionnaire_id:
        spec = form.spec
    else:
        spec = Questionnaire.objects.get(pk=questionnaire_id).to_spec()
    missing = missing_required(spec.questions, answers)
    if missing:
        raise ZorgzaamError("required_missing", questions=", ".join(missing))
    respondent.completed_at = timezone.now()
    Respondent.objects.filter(pk=respondent.pk).update(completed_at=respondent.completed_at)
    if respondent.invitation_id:
        InvitationCode.objects.filter(pk=respondent.invitation_id).update(used_at=respondent.completed_at)
    return respondent, answers


def wants_contact(respondent: Respondent, answers: dict[str, Any] | None = None) -> bool:
    from zorgzaam.voices.bank import contact_optin_items

    answers = current_answers(respondent) if answers is None else answers
    return any(answers.get(code) == "yes" for code in contact_optin_items())


@transaction.atomic
def save_contact(respondent: Respondent, *, name: str = "", email: str = "", phone: str = "", address: str = "",
                 consent_text: str = "") -> ContactDetails:
    contact, _ = ContactDetails.objects.update_or_create(
        respondent=respondent, defaults={"name": name, "email": email, "phone": phone, "address": address,
                                         "consent_text": consent_text})  # checked, never cut (voices.forms)
    return contact


# ------------------------------------------------------------------------------------------ analysis input

def response_data(survey: Survey, *, include_incomplete: bool = False) -> ResponseData:
    """The survey's answers as a wide frame (one row per respondent) for :mod:`analysis`."""
    spec = survey.questionnaire.to_spec()
    respondents = Respondent.objects.filter(survey=survey)
    if not include_incomplete:
        respondents = respondents.filter(completed_at__isnull=False)
    meta = pd.DataFrame(list(respondents.values_list("pk", "pseudonym", "neighbourhood__name", "channel")),
                        columns=["respondent", "pseudonym", "neighbourhood", "channel"])
    meta = meta.set_index("respondent")
    rows = Answer.objects.filter(respondent__in=respondents).values_list("respondent_id", "question__code", "value")
    long = pd.DataFrame(list(rows), columns=["respondent", "code", "value"])
    frame = meta.copy()
    for q in spec.questions:
        frame[q.code] = pd.Series(dtype=object)
    if len(long):
        for code, group in long.groupby("code", sort=False):
            frame[code] = pd.Series(group["value"].to_numpy(), index=group["respondent"].to_numpy(),
                                    dtype=object).reindex(frame.index)
    frame = frame.astype({q.code: object for q in spec.questions})
    frame = frame.where(frame.notna(), None)
    return ResponseData(spec=spec, frame=frame)


def visits_frame(survey: Survey) -> pd.DataFrame:
    rows = DoorToDoorVisit.objects.filter(survey=survey).values_list(
        "street", "house_number", "neighbourhood__name", "status", "visited_on")
    frame = pd.DataFrame(list(rows), columns=["street", "house_number", "neighbourhood", "status", "date"])
    frame["address"] = (frame["street"] + " " + frame["house_number"]).str.strip()
    return frame


def record_visit(survey: Survey, *, street: str, house_number: str = "", status: str, visited_on: dt.date,
                 neighbourhood=None, visitor: str = "", note: str = "") -> DoorToDoorVisit:
    return DoorToDoorVisit.objects.create(survey=survey, street=street, house_number=house_number, status=status,
                                          visited_on=visited_on, neighbourhood=neighbourhood, visitor=visitor,
                                          note=note)


# ------------------------------------------------------------------------------------------ privacy

def audit(*, actor: str, kind: str, survey: Survey | None = None, workspace=None, fmt: str = "", target: str = "",
          detail: dict | None = None):
    """A line in the one audit log about a survey (``zorgzaam.workspaces.audit``)."""
    from zorgzaam.workspaces.audit import record

    return record(actor=actor, action=kind, workspace=workspace, obj=survey, fmt=fmt, target=target, detail=detail)


def _respondent(pseudonym: str) -> Respondent:
    respondent = Respondent.objects.select_related("survey").filter(pseudonym=pseudonym).first()
    if respondent is None:
        raise ZorgzaamError("respondent_not_found", respondent=pseudonym)
    return respondent


def export_respondent(pseudonym: str, *, actor: str) -> dict:
    """Everything stored about one respondent (answers with their questions, contact details, metadata),
    e.g. to answer a request for access. Writes an audit row."""
    respondent = _respondent(pseudonym)
    answers = [{"question": code, "text": text, "value": value} for code, text, value in
               Answer.objects.filter(respondent=respondent).order_by("question__position")
               .values_list("question__code", "question__text_nl", "value")]
    contact = ContactDetails.objects.filter(respondent=respondent).values(
        "name", "email", "phone", "address", "consent_text", "created_at").first()
    audit(actor=actor, kind="respondent_export", survey=respondent.survey, fmt="json", target=pseudonym)
    return {"respondent": respondent.pseudonym, "survey": respondent.survey.name, "channel": respondent.channel,
            "neighbourhood": respondent.neighbourhood.name if respondent.neighbourhood else None,
            "started_at": respondent.started_at, "completed_at": respondent.completed_at,
            "answers": answers, "contact_details": contact}


@transaction.atomic
def erase_respondent(pseudonym: str, *, actor: str) -> dict:
    """Remove a respondent with all answers and contact details. The audit row keeps the pseudonym only."""
    respondent = _respondent(pseudonym)
    survey = respondent.survey
    answers = Answer.objects.filter(respondent=respondent).count()
    had_contact = ContactDetails.objects.filter(respondent=respondent).exists()
    respondent.delete()
    audit(actor=actor, kind="erasure", survey=survey, target=pseudonym,
          detail={"answers": answers, "contact_details": had_contact})
    log.info("voices: erased one respondent of survey %s", survey.pk)
    return {"respondent": pseudonym, "answers_removed": answers, "contact_details_removed": had_contact}


def purge_expired(*, actor: str, now: dt.datetime | None = None) -> list[dict]:
    """Erase all respondents of closed surveys whose retention period has passed."""
    now = now or timezone.now()
    done = []
    for survey in Survey.objects.filter(status=Survey.CLOSED, closed_at__isnull=False):
        if survey.closed_at + dt.timedelta(days=survey.retention_days) > now:
            continue
        with transaction.atomic():
            count = Respondent.objects.filter(survey=survey).count()
            if not count:
                continue
            Respondent.objects.filter(survey=survey).delete()
            audit(actor=actor, kind="purge", survey=survey, detail={"respondents": count})
        log.info("voices: purged %s respondents of survey %s (retention passed)", count, survey.pk)
        done.append({"survey": survey.pk, "name": survey.name, "respondents_removed": count})
    return done


# ------------------------------------------------------------------------------------------ imports

def import_xlsform(workspace, path, *, survey_name: str | None = None, is_fictional: bool = False) -> dict:
    """Questionnaire (and an open survey) from an XLSForm; the report lists what was not carried over."""
    from pathlib import Path

    from zorgzaam.voices.xlsform import read_xlsform

    result = read_xlsform(path)
    with transaction.atomic():
        questionnaire = create_questionnaire(workspace, result.spec, source=Path(path).name, is_fictional=is_fictional)
        survey = create_survey(workspace, questionnaire, survey_name or result.spec.title_nl, is_fictional=is_fictional)
    return {"questionnaire": questionnaire.pk, "survey": survey.pk, "token": survey.token,
            "title": result.spec.title_nl, "questions": len(result.spec.questions),
            "sections": len(result.spec.sections), "not_supported": result.problems,
            "messages_nl": result.messages("nl"), "messages_en": result.messages("en")}


def import_responses(survey: Survey, path, fmt: str, *, actor: str = "", overrides: dict[str, str] | None = None,
                     skip_bad_rows: bool = False, dry_run: bool = False, lang: str = "nl") -> dict:
    """Respondents and answers from a Kobo/ODK/LimeSurvey export. All or nothing: with problems and without
    ``skip_bad_rows`` nothing is stored. Rows already imported (same response id) are skipped."""
    from pathlib import Path

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.voices.responses_import import plan_import, read_table

    path = Path(path)
    frame = read_table(path)
    spec = survey.questionnaire.to_spec()
    names = list(Neighbourhood.objects.filter(workspace=survey.workspace).values_list("name", flat=True))
    plan = plan_import(frame, spec, fmt, file=path.name, neighbourhoods=names, overrides=overrides)
    report = plan.report(lang)
    report |= {"stored": 0, "already_imported": 0, "incomplete": 0, "dry_run": dry_run}
    if dry_run or (plan.problems and not skip_bad_rows):
        report["stored"] = 0
        return report
    by_code = {q.code: q for q in survey.questionnaire.questions.all()}
    nbh = {n.name: n for n in Neighbourhood.objects.filter(workspace=survey.workspace)}
    existing = set(Respondent.objects.filter(survey=survey).exclude(external_id="")
                   .values_list("external_id", flat=True))
    with transaction.atomic():
        answers: list[Answer] = []
        for row in plan.rows:
            if row.external_id and row.external_id in existing:
                report["already_imported"] += 1
                continue
            respondent = Respondent.objects.create(
                survey=survey, channel="import", external_id=row.external_id[:120],
                neighbourhood=nbh.get(row.neighbourhood) if row.neighbourhood else None,
                completed_at=timezone.now() if row.complete else None, entered_by=actor[:150])
            if not row.complete:
                report["incomplete"] += 1
            answers += [Answer(respondent=respondent, question_id=by_code[c].pk, value=v) for c, v in row.answers.items()]
            report["stored"] += 1
        Answer.objects.bulk_create(answers, batch_size=2000)
    log.info("voices: imported %s responses into survey %s", report["stored"], survey.pk)
    return report


# ------------------------------------------------------------------------------------------ reports

def report_options(survey: Survey, *, lang: str = "nl", can_see_free_text: bool = False,
                   weight_margins: dict | None = None, population: dict | None = None):
    from zorgzaam.voices.report import ReferenceInput, ReportOptions

    refs = [ReferenceInput(question=r.question_code, categories=list(r.categories), proportion=r.proportion,
                           label=r.label, source=r.source) for r in survey.reference_figures.all()]
    visits = visits_frame(survey)
    return ReportOptions(title=survey.name, min_cell=survey.min_cell, lang=lang, can_see_free_text=can_see_free_text,
                         references=refs, visits=visits if len(visits) else None,
                         eligible={k: int(v) for k, v in (survey.eligible_population or {}).items()} or None,
                         population=population, weight_margins=weight_margins, fictional=survey.is_fictional,
                         merges=category_merges(survey))


def category_merges(survey: Survey) -> dict:
    """The team's merges of answers per question, as :class:`analysis.Merge` for the report."""
    from zorgzaam.voices.analysis import Merge
    from zorgzaam.voices.models import CategoryMerge

    out: dict[str, list] = {}
    for merge in CategoryMerge.objects.filter(survey=survey):
        out.setdefault(merge.question_code, []).append(Merge(
            categories=list(merge.categories), label=merge.label, chosen_by=merge.chosen_by,
            chosen_on=timezone.localtime(merge.chosen_at).date().isoformat() if merge.chosen_at else ""))
    return out


def mergeable_categories(survey: Survey, question_code: str) -> list[str] | None:
    """The answers of a question whose categories may be counted together (single choice, scale, or the
    loneliness score); None for any other question."""
    from zorgzaam.voices.report import DERIVED

    if question_code in DERIVED:
        return list(DERIVED[question_code])
    q = survey.questionnaire.to_spec().by_code().get(question_code)
    if q is None or q.type not in ("single", "scale"):
        return None
    return [str(c) for c in q.choice_codes()]


def add_category_merge(survey: Survey, question_code: str, categories: list[str], *, chosen_by: str,
                       label: str = ""):
    """Record the team's choice to count answers together in the report (who and when are kept). An
    answer already in another merge of the question leaves that merge."""
    from zorgzaam.voices.models import CategoryMerge

    allowed = mergeable_categories(survey, question_code)
    if allowed is None:
        raise ZorgzaamError("question_not_in_survey", question=question_code)
    chosen = [c for c in allowed if c in set(categories)]
    if len(chosen) < 2 or len(chosen) >= len(allowed):
        raise ZorgzaamError("merge_needs_two", question=question_code)
    with transaction.atomic():
        for other in CategoryMerge.objects.filter(survey=survey, question_code=question_code):
            if set(other.categories) & set(chosen):
                other.delete()
        merge = CategoryMerge.objects.create(survey=survey, question_code=question_code, categories=chosen,
                                             label=label.strip(), chosen_by=chosen_by or "onbekend")
    audit(actor=chosen_by, kind="merge", survey=survey, target=question_code, detail={"categories": chosen})
    return merge


def remove_category_merge(survey: Survey, pk: int, *, actor: str) -> bool:
    """Undo a merge: the answers are reported separately again (small ones hidden)."""
    from zorgzaam.voices.models import CategoryMerge

    merge = CategoryMerge.objects.filter(survey=survey, pk=pk).first()
    if merge is None:
        return False
    audit(actor=actor, kind="merge_removed", survey=survey, target=merge.question_code,
          detail={"categories": merge.categories})
    merge.delete()
    return True


def survey_report(survey: Survey, *, actor: str, lang: str = "nl", can_see_free_text: bool = False,
                  fmt: str = "json", target: str = "", weight_margins: dict | None = None,
                  population: dict | None = None) -> dict:
    """The report dict (see :mod:`zorgzaam.voices.report`); every call is an export and is audited."""
    from zorgzaam.voices.report import build_report

    data = response_data(survey)
    report = build_report(data, report_options(survey, lang=lang, can_see_free_text=can_see_free_text,
                                               weight_margins=weight_margins, population=population))
    report["survey"] = {"id": survey.pk, "name": survey.name, "status": survey.status}
    audit(actor=actor, kind="report", survey=survey, fmt=fmt, target=target,
          detail={"free_text": can_see_free_text, "respondents": len(data.frame)})
    return report


def neighbourhood_findings(neighbourhood) -> list:
    """What the residents' voices say about a neighbourhood, as summary-table rows (``plan.findings``):
    survey results that clearly differ from a reference figure the team entered (never when a cell would
    be under the minimum), then the qualitative evidence (:func:`qualitative_findings`)."""
    return survey_findings(neighbourhood) + qualitative_findings(neighbourhood)


QUOTES_PER_THEME = 2  # a theme heard in at least this many quotes becomes a finding


def qualitative_findings(neighbourhood) -> list:
    """The qualitative evidence of a neighbourhood as summary-table rows: every strength and challenge the
    team noted, and every theme that comes back in at least ``QUOTES_PER_THEME`` quotes. Each row carries
    its evidence: the sessions (kind, title, date) and the quotes themselves (speaker kind, never a name)."""
    from django.db.models import Q

    from zorgzaam.voices.models import Quote, StrengthChallenge
    from zorgzaam.workspaces.findings import FindingInput

    def session_ref(session) -> dict:
        if session is None:
            return {}
        return {"session_id": session.pk, "session": session.title, "session_kind": session.kind,
                "held_on": session.held_on.isoformat() if session.held_on else ""}

    def statement(label: str, note) -> dict:
        """A note's statement as a message record: the label and the session's kind worded when read."""
        params = {"label": {"msgid": label}, "text": note.text}
        session = note.session
        if session is None:
            return {"code": "finding_voices_note", "params": params}
        return {"code": "finding_voices_note_session", "params": params | {
            "kind": {"session_kind": session.kind}, "session": session.title,
            "date": f", {session.held_on:%d/%m/%Y}" if session.held_on else ""}}

    question = {"code": "finding_voices_question", "params": {}}  # worded when read
    quotes = list(Quote.objects.filter(Q(neighbourhood=neighbourhood) | Q(neighbourhood__isnull=True,
                                                                          session__neighbourhood=neighbourhood))
                  .select_related("session").order_by("pk"))
    items = []
    notes = StrengthChallenge.objects.filter(neighbourhood=neighbourhood).select_related("session").order_by("pk")
    for note in notes:
        label = gettext_noop("Sterkte") if note.kind == StrengthChallenge.STRENGTH else gettext_noop("Uitdaging")
        related = [{"text": q.text, "speaker_kind": q.speaker_kind, **session_ref(q.session)} for q in quotes
                   if set(q.themes) & set(note.themes)][:3]
        items.append(FindingInput(
            "voices", f"{note.kind}:{note.pk}", {}, {}, "",
            {"kind": note.kind, "themes": list(note.themes), "building_blocks": list(note.building_blocks),
             **session_ref(note.session), "quotes": related},
            statement_record=statement(label, note), question_record=question))
    by_theme: dict[str, list] = {}
    for quote in quotes:
        for theme in quote.themes:
            by_theme.setdefault(theme, []).append(quote)
    for theme, heard in sorted(by_theme.items()):
        if len(heard) < QUOTES_PER_THEME:
            continue
        sessions = {q.session_id for q in heard if q.session_id}
        blocks = sorted({b for q in heard for b in q.building_blocks})
        items.append(FindingInput(
            "voices", f"theme:{theme}", {}, {}, "", {"kind": "theme", "theme": theme, "building_blocks": blocks, "sessions": sorted(sessions),
                     "quotes": [{"text": q.text, "speaker_kind": q.speaker_kind, **session_ref(q.session)}
                                for q in heard]},
            statement_record={"code": "finding_voices_theme_one" if len(sessions) == 1 else "finding_voices_theme",
                              "params": {"theme": theme, "quotes": len(heard), "sessions": len(sessions),
                                         "quote": heard[0].text}},
            question_record=question))
    return items


def survey_findings(neighbourhood) -> list:
    """Survey results that stand out for a neighbourhood: every reference figure the team entered, compared
    with this neighbourhood's answers; only a clear difference (the test's verdict) becomes a finding, and
    never when a cell would be under the minimum."""
    from zorgzaam.workspaces.findings import FindingInput

    items = []
    for survey in Survey.objects.filter(neighbourhoods=neighbourhood).prefetch_related("reference_figures"):
        references = list(survey.reference_figures.all())
        if not references:
            continue
        data = response_data(survey)
        questions = {q.code: q for q in data.spec.questions}
        for ref in references:
            if ref.question_code not in data.frame:
                continue
            result = analysis.compare_question_with_reference(data, ref.question_code, ref.categories, ref.proportion,
                                                              label=ref.label, group=neighbourhood.name,
                                                              min_cell=survey.min_cell)
            if result is None or result.verdict not in ("higher", "lower"):
                continue
            question = questions.get(ref.question_code)
            wording_nl = getattr(question, "text_nl", "") or ref.question_code
            wording_en = getattr(question, "text_en", "") or wording_nl
            # the question's wording as typed per language in the questionnaire; the result worded when read
            worded = {"msgid": [analysis._REFERENCE_TEXTS[result.verdict], {
                "here": {"percent": 100 * result.proportion}, "label": result.label,
                "ref": {"percent": 100 * result.reference}, "p": {"p_value": result.p_value}}]}
            items.append(FindingInput(
                "voices", f"survey{survey.pk}:{ref.question_code}:{result.verdict}", {}, {}, "", {"survey": survey.pk, "question": ref.question_code, "categories": list(ref.categories),
                     "count": result.k, "respondents": result.n, "percent": round(100 * result.proportion, 1),
                     "ci_low": round(100 * result.ci_low, 1), "ci_high": round(100 * result.ci_high, 1),
                     "reference": ref.label, "reference_percent": round(100 * ref.proportion, 1),
                     "test": result.test, "p_value": round(result.p_value, 4)},
                statement_record={"code": "finding_survey_statement", "params": {
                    "survey": survey.name, "question": {"typed": {"nl": wording_nl, "en": wording_en}},
                    "result": worded}},
                question_record={"code": "finding_survey_question", "params": {}}))
    return items
