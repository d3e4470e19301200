"""The residents' version of the analysis of one neighbourhood: what we heard, what we found, what happens
next. In large type (at least 14 pt, in Word and in print), printable, and without personal data.

- **What we heard**: how many residents answered the survey and a few headline results, read from the voices
  report (``voices.services.survey_report``: the minimum cell size already applied, a hidden cell is never
  shown), and the strengths and challenges the team noted, in words. No quotes (a quote can make a person
  recognisable), no names.
- **What we found**: the accepted findings of the summary table (``plan.findings.summary_rows``).
- **What happens next**: the published "you said, we did" page of the neighbourhood (``followup``), and the
  plan's actions for the neighbourhood and for the whole municipality with their status (no owners: those
  are people).

Before anything is written, the whole text is read by the follow-up's personal-data detector
(:mod:`zorgzaam.followup.privacy`: phone numbers, e-mail addresses, national register numbers, addresses with
a house number) and for the names and addresses of the workspace's members; if anything is found the
document is refused (:class:`PersonalData` names what and where), so the team can fix the text it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zorgzaam.messages import ZorgzaamError, format_number, gettext_noop, pgettext, register

KIND = "residents"
FORMATS = ("pdf", "docx", "html")
MIN_PT = 14.0  # the smallest type in the document
HEADLINE_QUESTIONS = ("djg_total_cat", "satisfaction_neighbourhood", "feel_at_home", "happy_past_week",
                      "safe_evening", "make_ends_meet")
HEADLINES = 4

register({"residents_personal_data": gettext_noop(
    "De bewonersversie bevat persoonsgegevens ({found}). Pas de tekst aan waar ze vandaan komen en probeer "
    "opnieuw.")})

TEXT = {  # context "residents"
    "title": gettext_noop("{name}: wat we hoorden en wat we nu doen"),
    "subtitle": gettext_noop("Een kort verslag voor de bewoners"),
    "fictional": gettext_noop("Fictief voorbeeld: deze buurt en alles wat hier staat, is verzonnen."),
    "heard": gettext_noop("Wat we hoorden"),
    "answered": gettext_noop("{count} bewoners vulden de vragenlijst in. Dank je wel!"),
    "answered_unknown": gettext_noop("Bewoners vulden de vragenlijst in. Dank je wel!"),
    "sessions": gettext_noop("We praatten ook met bewoners in {count} gesprekken."),
    "session": gettext_noop("We praatten ook met bewoners in een gesprek."),
    "headline": gettext_noop("{question} {percent} % antwoordde: '{answer}'."),
    "headline_score": gettext_noop("{question} {percent} % gaf een {score} op {top}."),
    "strengths": gettext_noop("Wat goed gaat volgens bewoners"),
    "challenges": gettext_noop("Wat beter kan volgens bewoners"),
    "nothing_heard": gettext_noop("We hebben nog geen antwoorden of gesprekken verwerkt."),
    "found": gettext_noop("Wat we vonden"),
    "found_intro": gettext_noop("Dit zijn de punten waar het team mee verder wil."),
    "nothing_found": gettext_noop("Het team koos nog geen punten om mee verder te gaan."),
    "next": gettext_noop("Wat gebeurt er nu?"),
    "decided": gettext_noop("Wat we beslisten"),
    "not_done": gettext_noop("Wat we niet doen, en waarom"),
    "actions_here": gettext_noop("Wat we doen in {name}"),
    "actions_all": gettext_noop("Wat we doen in de hele gemeente"),
    "action": gettext_noop("{title} Stand: {status}."),
    "no_actions": gettext_noop("Het plan is nog in de maak. We houden je op de hoogte."),
    "privacy": gettext_noop("Dit verslag bevat geen namen of andere gegevens over wie meedeed. Kleine groepen "
                            "tonen we niet."),
}


def t(key: str, lang: str, **params) -> str:
    text = pgettext("residents", TEXT[key], lang)
    return text.format(**params) if params else text


class PersonalData(ZorgzaamError):
    """The residents' version would print personal data; ``found`` lists (kind, text)."""

    def __init__(self, found: list[tuple[str, str]]):
        super().__init__("residents_personal_data", found="; ".join(f"{kind}: {text}" for kind, text in found))
        self.found = found


@dataclass
class ResidentsData:
    name: str
    lang: str
    team: str = ""
    is_fictional: bool = False
    respondents: int | None = None  # None: no survey, or too few to show
    surveyed: bool = False
    sessions: int = 0
    headlines: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    feedback: dict | None = None  # {"title", "decided", "not_done"} of the published page
    actions_here: list[tuple[str, str]] = field(default_factory=list)  # (title, status words)
    actions_all: list[tuple[str, str]] = field(default_factory=list)
    street_names: list[str] = field(default_factory=list)
    member_words: list[str] = field(default_factory=list)  # members' names, user names and e-mail addresses
    terms: list = field(default_factory=list)
    inputs: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ gathering

def survey_headlines(report: dict, group: str, lang: str, limit: int = HEADLINES) -> list[str]:
    """A few results of a voices survey report for one group, in words: per question the answer chosen most
    often with its share, only from cells the report shows (a hidden cell is never used)."""
    tables = {table["question"]: table for table in (report.get("scales") or []) + (report.get("tables") or [])}
    out = []
    for question in HEADLINE_QUESTIONS:
        table = tables.get(question)
        if table is None:
            continue
        row = next((r for r in table["rows"] if r["group"] == group), None)
        if row is None or row.get("n_reason"):
            continue
        shown = [c for c in row["cells"] if not c.get("suppressed") and c.get("percent") is not None]
        if not shown:
            continue
        best = max(shown, key=lambda c: c["percent"])
        title = table["title"].strip()
        title = title if title[-1:] in ".?!:" else title + ":"
        percent = format_number(best["percent"], lang, 0)
        if str(best["label"]).isdigit():  # a point in the middle of a scale has a number, not words
            out.append(t("headline_score", lang, question=title, percent=percent, score=best["label"],
                         top=table["categories"][-1]))
        else:
            out.append(t("headline", lang, question=title, percent=percent, answer=best["label"]))
        if len(out) >= limit:
            break
    return out


def _plan_actions(workspace, neighbourhood, lang: str):
    """The plan's actions for the neighbourhood (the action or a goal above it names it) and for the whole
    municipality (no node on the way names a neighbourhood), with their status in the team's words."""
    from zorgzaam.plan import plan_service
    from zorgzaam.plan.models import Action, GoalNode

    settings = plan_service.settings_for(workspace)
    nodes = {n.pk: n for n in GoalNode.objects.filter(workspace=workspace).prefetch_related("neighbourhoods")}
    here, everywhere = [], []
    for action in Action.objects.filter(node__workspace=workspace).select_related("node").order_by(
            "node__parent_id", "node__position", "node_id"):
        names, node = set(), nodes.get(action.node_id)
        while node is not None:
            names |= {n.pk for n in node.neighbourhoods.all()}
            node = nodes.get(node.parent_id)
        item = (action.node.title, plan_service.status_name(action.status, lang, settings))
        if neighbourhood.pk in names:
            here.append(item)
        elif not names:
            everywhere.append(item)
    return here, everywhere


def gather(neighbourhood, lang: str = "nl", actor: str = "") -> ResidentsData:
    """What the residents' version shows, read once (Django side). Reading the survey report is an export of
    answers and is audited by the voices app under ``actor``."""
    from zorgzaam.followup.models import FeedbackPage
    from zorgzaam.followup.services import street_names
    from zorgzaam.plan.findings import summary_rows
    from zorgzaam.reports.plain_words import glossary_terms
    from zorgzaam.voices.models import QualitativeSession, StrengthChallenge, Survey
    from zorgzaam.voices.report import small_cell_violations
    from zorgzaam.voices.services import survey_report

    workspace = neighbourhood.workspace
    data = ResidentsData(neighbourhood.name, lang, team=workspace.name, is_fictional=workspace.is_demo)
    surveys = []
    for survey in Survey.objects.filter(workspace=workspace, neighbourhoods=neighbourhood).order_by("pk"):
        if not survey.respondents.filter(completed_at__isnull=False).exists():
            continue
        report = survey_report(survey, actor=actor or "rapport", lang=lang, fmt="residents", target="residents")
        if small_cell_violations(report):  # never print a small cell, even if a report slipped through
            continue
        data.surveyed = True
        surveys.append(survey.pk)
        row = next((r for r in report.get("response") or [] if r["group"] == neighbourhood.name), None)
        if row is not None and row.get("respondents") is not None:
            data.respondents = (data.respondents or 0) + row["respondents"]
        data.headlines += survey_headlines(report, neighbourhood.name, lang, HEADLINES - len(data.headlines))
    data.sessions = QualitativeSession.objects.filter(neighbourhood=neighbourhood).count()
    notes = StrengthChallenge.objects.filter(neighbourhood=neighbourhood).order_by("pk")
    data.strengths = [s.text for s in notes if s.kind == StrengthChallenge.STRENGTH]
    data.challenges = [s.text for s in notes if s.kind == StrengthChallenge.CHALLENGE]
    texts = {s.pk: s.text for s in notes}
    rows = summary_rows(workspace, neighbourhood, lang, current_only=True)
    for row in rows:
        if row["status"] != "accepted":
            continue
        kind, _, ident = row["key"].partition(":")
        if row["source"] == "voices" and ident.isdigit() and kind in ("strength", "challenge"):
            data.findings.append(texts.get(int(ident)) or row["statement"])
        elif row["source"] != "voices" or not row["quotes"]:  # a finding built on quotes is not repeated
            data.findings.append(row["statement"])
    page = FeedbackPage.objects.filter(workspace=workspace, neighbourhood=neighbourhood,
                                       status=FeedbackPage.PUBLISHED).order_by("-date", "-pk").first()
    if page is not None:
        data.feedback = {"title": page.title, "decided": page.decided, "not_done": page.not_done}
    data.actions_here, data.actions_all = _plan_actions(workspace, neighbourhood, lang)
    data.street_names = street_names(workspace)
    data.member_words = member_words(workspace)
    data.terms = glossary_terms(None, lang)
    version = neighbourhood.current
    data.inputs = {"neighbourhood": neighbourhood.name, "version": version.number if version else None,
                   "surveys": surveys, "findings": sorted((r["id"], r["status"]) for r in rows),
                   "feedback_page": page.pk if page is not None else None, "lang": lang}
    return data


def member_words(workspace) -> list[str]:
    """The words that would name a member of the workspace: full names, user names and e-mail addresses."""
    from zorgzaam.workspaces.models import Membership

    found = set()
    for membership in Membership.objects.filter(workspace=workspace).select_related("user"):
        user = membership.user
        full = f"{user.first_name} {user.last_name}".strip()
        for word in (full, user.email, user.get_username()):
            if word and len(word) >= 4:
                found.add(word)
    return sorted(found)


# ------------------------------------------------------------------------------------------ assembling

def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if not text or text[-1] in ".!?…" else text + "."


def build_report(data: ResidentsData, cover=None):
    """The residents' version as a :class:`graphics.document.Report` (plain assembly, no database)."""
    from zorgzaam.graphics.document import Cover, Heading, Report, Section, callout, para

    lang = data.lang
    heard = Section(t("heard", lang))
    if data.is_fictional:
        heard.blocks.append(callout(t("fictional", lang), kind="warning"))
    if data.surveyed:
        heard.blocks.append(para(t("answered", lang, count=data.respondents) if data.respondents
                                 else t("answered_unknown", lang)))
    if data.sessions:
        heard.blocks.append(para(t("sessions", lang, count=data.sessions) if data.sessions > 1
                                 else t("session", lang)))
    heard.blocks += [para(_sentence(h), style="bullet") for h in data.headlines]
    for key, items in (("strengths", data.strengths), ("challenges", data.challenges)):
        if items:
            heard.blocks.append(Heading(t(key, lang), 2))
            heard.blocks += [para(_sentence(text), style="bullet") for text in items]
    if not (data.surveyed or data.sessions or data.strengths or data.challenges):
        heard.blocks.append(para(t("nothing_heard", lang)))

    found = Section(t("found", lang))
    if data.findings:
        found.blocks.append(para(t("found_intro", lang)))
        found.blocks += [para(_sentence(text), style="bullet") for text in data.findings]
    else:
        found.blocks.append(para(t("nothing_found", lang)))

    after = Section(t("next", lang))
    if data.feedback:
        after.blocks.append(Heading(data.feedback["title"], 2))
        after.blocks.append(Heading(t("decided", lang), 3))
        after.blocks += [para(line) for line in data.feedback["decided"].splitlines() if line.strip()]
        if data.feedback["not_done"].strip():
            after.blocks.append(Heading(t("not_done", lang), 3))
            after.blocks += [para(line) for line in data.feedback["not_done"].splitlines() if line.strip()]
    for key, items in (("actions_here", data.actions_here), ("actions_all", data.actions_all)):
        if items:
            after.blocks.append(Heading(t(key, lang, name=data.name), 2))
            after.blocks += [para(t("action", lang, title=_sentence(title), status=status), style="bullet")
                             for title, status in items]
    if not (data.feedback or data.actions_here or data.actions_all):
        after.blocks.append(para(t("no_actions", lang)))
    after.blocks.append(para(t("privacy", lang), style="small"))
    report = Report(t("title", lang, name=data.name), t("subtitle", lang), cover or Cover(team=data.team),
                    [heard, found, after], lang=lang)
    check_personal_data(report, data)
    return report


def personal_data(report, street_names=(), member_words=()) -> list[tuple[str, str]]:
    """Personal data in the report's text: what ``followup.privacy`` finds, and members' names, user names and
    e-mail addresses. (kind, text found) pairs."""
    from zorgzaam.followup import privacy
    from zorgzaam.reports.plain_words import report_text

    prose, other = report_text(report)
    text = "\n".join(prose + other)
    found = [(f.label(report.lang), f.text) for f in privacy.find_personal_data(text, list(street_names))]
    for word in member_words:
        if re.search(rf"(?<![\w@.]){re.escape(word)}(?![\w@])", text, re.IGNORECASE):
            found.append((pgettext("residents", gettext_noop("naam van een lid"), report.lang), word))
    return found


def check_personal_data(report, data: ResidentsData) -> None:
    found = personal_data(report, data.street_names, data.member_words)
    if found:
        raise PersonalData(found)


# ------------------------------------------------------------------------------------------ rendering

LARGE_CSS = """
<style>
/* the residents' version: large type everywhere (at least 14 pt), printable, no contents page */
@page { margin: 1.8cm 1.8cm 2cm; @bottom-center { font-size: 14pt; } }
html { font-size: 15pt; line-height: 1.45; }
.cover { min-height: 0; page-break-after: auto; break-after: auto; margin: 0 0 .6em; }
.cover .title { font-size: 26pt; margin: 0 0 .2em; }
.cover .subtitle, .cover .team, .cover p { font-size: 16pt; margin: .1em 0; }
section.chapter > h1 { page-break-before: auto; break-before: auto; font-size: 21pt; margin: 1em 0 .4em; }
h2 { font-size: 18pt; }
h3 { font-size: 16pt; }
.small, .table-note, figcaption, figcaption .note, ol.sources, table, caption { font-size: 14pt; }
li { margin: .3em 0; }
</style>
"""


def render(report, fmt: str) -> bytes:
    from zorgzaam.graphics.document import render_docx, render_html, render_pdf
    from zorgzaam.reports.one_page import compact_docx, compact_html

    if fmt == "html":
        return compact_html(render_html(report), LARGE_CSS).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report, compact_html(render_html(report), LARGE_CSS))
    if fmt == "docx":
        return compact_docx(render_docx(report), min_pt=MIN_PT, body_pt=15)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def make(neighbourhood, fmt: str, lang: str = "nl", actor: str = "") -> tuple[bytes, ResidentsData]:
    data = gather(neighbourhood, lang, actor)
    return render(build_report(data), fmt), data
