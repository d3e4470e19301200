"""Paper entry in the database: the Django glue around :mod:`zorgzaam.voices.paper`.

>>> result, entry = enter_first(survey, {"satisfaction_neighbourhood": "4", ...}, actor="an", sheet="17")
>>> result, entry = enter_second(entry, {...}, actor="bo")    # blind; differences are recorded
>>> resolve(entry, {"satisfaction_neighbourhood": "second"}, actor="chef")

Paper questionnaires keep arriving by post after a survey closes, so entry is allowed on a closed
survey too (the answers are stored with channel ``paper``). Nothing is logged but counts and ids.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zorgzaam.messages import ZorgzaamError, gettext_noop, register
from zorgzaam.voices import paper, services
from zorgzaam.voices.models import PaperEntry, PaperSetting, Respondent, Survey

log = logging.getLogger(__name__)

register({
    "paper_second_same_person": gettext_noop(
        "De tweede ingave moet door iemand anders gebeuren dan de eerste."),
    "paper_second_done": gettext_noop("Deze vragenlijst is al een tweede keer ingegeven."),
    "paper_not_selected": gettext_noop("Deze vragenlijst hoeft niet een tweede keer ingegeven te worden."),
    "paper_bad_choice": gettext_noop("Kies bij vraag {question} de eerste of de tweede ingave."),
})


def setting(survey: Survey) -> PaperSetting:
    found, _ = PaperSetting.objects.get_or_create(survey=survey)
    return found


def set_verify_percent(survey: Survey, value) -> PaperSetting:
    current = setting(survey)
    current.verify_percent = paper.check_percent(value)
    current.save(update_fields=["verify_percent"])
    return current


def _questions(survey: Survey):
    return survey.questionnaire.to_spec().questions


def enter_first(survey: Survey, typed: dict[str, str], *, actor: str, neighbourhood=None, sheet: str = ""
                ) -> tuple[paper.SheetResult, PaperEntry | None]:
    """Store a typed questionnaire as a completed paper response, or return the errors (nothing stored)."""
    result = paper.read_sheet(_questions(survey), typed)
    if result.errors:
        return result, None
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        sequence = (PaperEntry.objects.filter(survey=survey).aggregate(m=Max("sequence"))["m"] or 0) + 1
        respondent = Respondent.objects.create(survey=survey, neighbourhood=neighbourhood, channel="paper",
                                               entered_by=actor[:150])
        by_code = {q.code: q for q in survey.questionnaire.questions.all()}
        services._store(respondent, {c: v for c, v in result.answers.items() if v is not None}, by_code)
        respondent.completed_at = timezone.now()
        respondent.last_section = max((q.section for q in by_code.values()), default=0)
        respondent.save(update_fields=["completed_at", "last_section"])
        percent = setting(survey).verify_percent
        entry = PaperEntry.objects.create(survey=survey, respondent=respondent, sequence=sequence, sheet=sheet[:40],
                                          first_by=actor[:150],
                                          needs_second=paper.in_sample(sequence, percent, survey.token))
    log.info("voices: paper questionnaire %s entered for survey %s", sequence, survey.pk)
    return result, entry


def enter_second(entry: PaperEntry, typed: dict[str, str], *, actor: str) -> tuple[paper.SheetResult, bool]:
    """The blind second entry: checked like the first, compared, differences kept for a supervisor.
    Returns (result, stored)."""
    if not entry.needs_second:
        raise ZorgzaamError("paper_not_selected")
    if entry.second_at:
        raise ZorgzaamError("paper_second_done")
    if actor == entry.first_by:
        raise ZorgzaamError("paper_second_same_person")
    questions = _questions(entry.survey)
    result = paper.read_sheet(questions, typed)
    if result.errors:
        return result, False
    first = services.current_answers(entry.respondent)
    compared, differences = paper.compare_entries(questions, first, result.answers)
    entry.second_answers = {c: v for c, v in result.answers.items() if v is not None}
    entry.second_by, entry.second_at = actor[:150], timezone.now()
    entry.compared, entry.differences = compared, differences
    if not differences:
        entry.resolved_by, entry.resolved_at = "", entry.second_at
    entry.save()
    return result, True


@transaction.atomic
def resolve(entry: PaperEntry, choices: dict[str, str], *, actor: str) -> int:
    """Settle every difference with the first or the second entry ('first' | 'second'); the respondent's
    answers take the chosen values. Returns how many answers changed."""
    wanted = {}
    for diff in entry.differences:
        choice = choices.get(diff["question"])
        if choice not in ("first", "second"):
            raise ZorgzaamError("paper_bad_choice", question=diff["question"])
        if choice == "second":
            wanted[diff["question"]] = diff["second"]
    if wanted:
        by_code = {q.code: q for q in entry.survey.questionnaire.questions.all()}
        services._store(entry.respondent, wanted, by_code)
    for diff in entry.differences:
        diff["chosen"] = choices[diff["question"]]
    entry.resolved_by, entry.resolved_at = actor[:150], timezone.now()
    entry.save(update_fields=["differences", "resolved_by", "resolved_at"])
    return len(wanted)


def mark_for_second(entry: PaperEntry) -> None:
    if not entry.second_at:
        entry.needs_second = True
        entry.save(update_fields=["needs_second"])


def overview(survey: Survey) -> dict:
    entries = list(PaperEntry.objects.filter(survey=survey))
    done = [e for e in entries if e.second_at]
    return {
        "entered": len(entries),
        "selected": sum(e.needs_second for e in entries),
        "waiting": [e for e in entries if e.needs_second and not e.second_at],
        "verified": len(done),
        "to_resolve": [e for e in done if e.differences and not e.resolved_at],
        "compared": sum(e.compared for e in done),
        "differences": sum(len(e.differences) for e in done),
        "agreement": paper.agreement([(e.compared, len(e.differences)) for e in done]),
    }
