"""How many database statements the public form costs per request (issue 12: the form load benchmark,
benchmarks/bench_form_load.py, is bound by them). Pinned so that a change that adds a query to the submit
path fails here first. Counted without transaction control (BEGIN, COMMIT, SAVEPOINT …), which differs
between SQLite and PostgreSQL and inside the test's own transaction; the counts are the same on both."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zorgzaam.voices import services
from zorgzaam.voices.models import Answer, Respondent

pytestmark = pytest.mark.django_db

# statements per request, once the questionnaire is in the process's cache
START_POST = 2  # the survey; INSERT the respondent (a new one has no answers to read)
PAGE_GET = 2  # survey + respondent in one; the answers
PAGE_POST = 5  # survey + respondent; lock the response and the survey; the answers; one upsert; the page reached
PAGE_POST_AGAIN = 4  # a page saved before (going back to change an answer): the page reached stays
SEND_POST = 4  # survey + respondent; lock; the answers (required ones, contact opt-in); UPDATE completed_at
SEND_POST_AGAIN = 1  # the double tap: the respondent is sent already, straight to the thanks page

_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|END)\b", re.IGNORECASE)

PAGES = [{"satisfaction_neighbourhood": "4"}, {"talk_neighbours": "weekly"},
         {"service_needed_not_used": "yes", "service_barriers": ["cost", "paperwork"]},
         {"needs_open": "Een bank bij de kerk"}, {"age_band": "75_84", "sex": "female", "marital_status": "widowed"},
         {"involvement_optin": "no"}]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    services.clear_forms()


def _counted(call, *args):
    with CaptureQueriesContext(connection) as ctx:
        response = call(*args)
    statements = [q["sql"] for q in ctx.captured_queries if not _CONTROL.match(q["sql"])]
    return response, statements


def _check(label: str, statements: list[str], expected: int) -> None:
    assert len(statements) == expected, f"{label}: {len(statements)} statements, pinned at {expected}:\n" + \
        "\n".join(s[:160] for s in statements)


def test_statements_per_submission_are_pinned(survey):
    services.questionnaire_form(survey.questionnaire)  # the process's cache, as after the first respondent
    client = Client()
    start = f"/stem/{survey.token}/"
    r, statements = _counted(client.post, start, {"start_key": "q-1"})
    assert r.status_code == 302 and r.url.endswith("/pagina/1/")
    _check("start", statements, START_POST)
    url, first = r.url, r.url
    for number, answers in enumerate(PAGES, 1):
        r, statements = _counted(client.get, url)
        assert r.status_code == 200
        _check(f"page {number} (GET)", statements, PAGE_GET)
        r, statements = _counted(client.post, url, {"idem": f"i{number}", **answers})
        assert r.status_code == 302, r.content.decode()[:300]
        _check(f"page {number} (POST)", statements, PAGE_POST)
        if number == 1:  # back to page 1 to change the answer: an update of the same row
            r, statements = _counted(client.post, first, {"idem": "again", "satisfaction_neighbourhood": "3"})
            assert r.status_code == 302
            _check("page 1 changed", statements, PAGE_POST_AGAIN)
        url = r.url
    assert url.endswith("/versturen/")
    r, statements = _counted(client.post, url)
    assert r.status_code == 302 and r.url.endswith("/bedankt/")
    _check("send", statements, SEND_POST)
    r, statements = _counted(client.post, url)
    assert r.status_code == 302 and r.url.endswith("/bedankt/")
    _check("send again", statements, SEND_POST_AGAIN)
    respondent = Respondent.objects.get(survey=survey)
    assert respondent.completed_at is not None and respondent.last_section == len(PAGES) - 1
    assert Answer.objects.filter(respondent=respondent).count() == 9
    assert services.current_answers(respondent)["satisfaction_neighbourhood"] == 3


def test_the_questionnaire_is_read_once_per_process(survey):
    """The first request of a process reads the questions (spec and ids); later ones take them from the cache,
    also for another respondent."""
    first, second = Client(), Client()
    r, statements = _counted(first.post, f"/stem/{survey.token}/", {"start_key": "q-a"})
    _check("first start in the process", statements, START_POST + 1)
    r, statements = _counted(second.post, f"/stem/{survey.token}/", {"start_key": "q-b"})
    _check("second start", statements, START_POST)
    r, statements = _counted(second.post, r.url, {"idem": "b1", "satisfaction_neighbourhood": "5"})
    _check("second respondent's first page", statements, PAGE_POST)


def test_a_page_sent_after_the_response_was_sent_stores_nothing(survey):
    """Two tabs: the response is sent in one while the other's request, which still saw it open, saves page 1:
    under the lock the response is sent, nothing is stored; through the form it leads to the thanks page."""
    client = Client()
    r = client.post(f"/stem/{survey.token}/", {"start_key": "q-tabs"})
    page1 = r.url
    for number, answers in enumerate(PAGES, 1):
        r = client.post(r.url, {"idem": f"t{number}", **answers})
    assert client.post(r.url).url.endswith("/bedankt/")
    stale = Respondent.objects.get(survey=survey)
    stale.completed_at = None  # as the other tab's request read it, before the send
    with pytest.raises(services.ZorgzaamError) as error:
        services.submit_page(stale, {"satisfaction_neighbourhood": "1"},
                             questions=services.questionnaire_form(survey.questionnaire).spec.section_questions(0))
    assert error.value.problem.code == "response_completed"
    assert services.current_answers(stale)["satisfaction_neighbourhood"] == 4
    assert client.post(page1, {"idem": "late", "satisfaction_neighbourhood": "1"}).url.endswith("/bedankt/")
    assert services.current_answers(stale)["satisfaction_neighbourhood"] == 4


def test_a_page_with_errors_stores_nothing_and_shows_what_was_typed(survey):
    client = Client()
    r = client.post(f"/stem/{survey.token}/", {"start_key": "q-err"})
    r, statements = _counted(client.post, r.url, {"idem": "e1", "satisfaction_neighbourhood": "9"})
    assert r.status_code == 400 and not Answer.objects.exists()
    assert len(statements) <= PAGE_POST  # lookup, lock, answers; no write


def test_the_written_out_lookup_reads_what_the_orm_reads(survey):
    """services.respondent_for_link builds the respondent, survey and questionnaire from one SQL statement
    through the fields' converters: every field equals what the ORM loads (JSON, dates, booleans alike)."""
    from zorgzaam.voices.models import Survey

    Survey.objects.filter(pk=survey.pk).update(eligible_population={"Centrum": 120}, intro_en="Hello",
                                               uses_invitation_codes=False, min_cell=7)
    respondent = services.start_response(survey, start_key="q-orm")
    Respondent.objects.filter(pk=respondent.pk).update(last_section=2)
    found = services.respondent_for_link(respondent.pseudonym, survey.token)
    expected = Respondent.objects.select_related("survey__questionnaire").get(pk=respondent.pk)
    for got, want in ((found, expected), (found.survey, expected.survey),
                      (found.survey.questionnaire, expected.survey.questionnaire)):
        for field in type(want)._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.attname
        assert got._state.adding is False and got._state.db == want._state.db
    assert found.survey.eligible_population == {"Centrum": 120} and found.survey.questionnaire.sections
    with CaptureQueriesContext(connection) as ctx:
        assert found.survey.questionnaire.title_nl == expected.survey.questionnaire.title_nl
    assert not ctx.captured_queries  # survey and questionnaire came with it
    assert services.respondent_for_link(respondent.pseudonym, "another-token") is None
    assert services.respondent_for_link("nobody", survey.token) is None


def test_the_options_built_in_the_view_are_escaped_and_keep_the_choice():
    """views._options_html writes what the template's loop over the choices wrote: one label per answer, the
    chosen one checked, every code and label escaped (a questionnaire's texts are typed by people)."""
    from zorgzaam.voices.views import _options_html

    html = _options_html("multiple", "q<1", [{"code": "a&b", "label": "<i>x</i>", "checked": True},
                                             {"code": "c", "label": "Zorg \"thuis\"", "checked": False}])
    assert html == ('<label class="opt"><input type="checkbox" name="q&lt;1" value="a&amp;b" checked>\n'
                    '      <span>&lt;i&gt;x&lt;/i&gt;</span></label>\n'
                    '  <label class="opt"><input type="checkbox" name="q&lt;1" value="c">\n'
                    '      <span>Zorg &quot;thuis&quot;</span></label>')
    scale = _options_html("scale", "s", [{"code": "1", "label": "Slecht", "checked": False},
                                         {"code": "2", "label": "", "checked": True}])
    assert scale == ('<label class="opt"><input type="radio" name="s" value="1">\n'
                     '      <span><strong>1</strong><small>Slecht</small></span></label>\n'
                     '  <label class="opt"><input type="radio" name="s" value="2" checked>\n'
                     '      <span><strong>2</strong></span></label>')


def test_a_page_view_shows_the_stored_answer_checked(survey):
    client = Client()
    r = client.post(f"/stem/{survey.token}/", {"start_key": "q-checked"})
    client.post(r.url, {"idem": "c1", "satisfaction_neighbourhood": "4"})
    html = client.get(r.url).content.decode()
    assert '<input type="radio" name="satisfaction_neighbourhood" value="4" checked>' in html
    assert '<input type="radio" name="satisfaction_neighbourhood" value="3">' in html
