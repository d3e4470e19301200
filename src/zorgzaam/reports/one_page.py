"""The one-page neighbourhood profile: A4, both sides at most, for a steering-group table or a residents'
meeting. Key figures beside the municipality and the region, a small map of the sectors, three to five
signals worded as questions, the top strengths and challenges of the summary table (accepted first), and a
footnote that explains every term the page uses (the glossary's words and the figures' definitions).

Two steps, as the buurtanalyse: :func:`gather` reads the profile (``profile.service``), the map
(``profile.service.sector_map``) and the summary table (``plan.findings.summary_rows``) — it never
recomputes a figure: the key figures are ``profile.documents.figure_table``'s cells, the signals the
profile's own. :func:`build_report` assembles a :class:`graphics.document.Report` (no database) and
:func:`render` lays it out compactly: no cover page and no contents, so it fits on two pages (the PDF is
checked for that in the tests). The text is written plainly and checked with :mod:`reports.plain_words`
(:func:`plain_check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zorgzaam.messages import gettext_noop, param_text, pgettext

KIND = "profile_page"
FORMATS = ("pdf", "docx", "html")
CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf", "html": "text/html; charset=utf-8"}

# the figures on the page, in this order, when the profile has them
KEY_INDICATORS = ("population", "share_65plus", "share_80plus", "share_living_alone_75plus", "mantelzorgratio",
                  "share_single_person_households", "share_increased_reimbursement_20_64", "share_tenants")
# audited downloads (``workspaces.audit.register_actions`` by the views and the CLI)
AUDIT_ACTIONS = {"profile_page_export": gettext_noop("het buurtprofiel op één blad downloaden"),
                 "residents_export": gettext_noop("de bewonersversie downloaden")}
SIGNALS_MAX = 5
TOP_ITEMS = 3  # strengths, and challenges, shown

TEXT = {  # context "one page"
    "title": gettext_noop("{name} op één blad"),
    "subtitle": gettext_noop("Wie woont er, wat valt op en wat zeggen bewoners?"),
    "fictional": gettext_noop("Fictief voorbeeld: deze buurt en alle cijfers zijn verzonnen."),
    "figures": gettext_noop("Kerncijfers"),
    "figure": gettext_noop("Cijfer"),
    "phrase": gettext_noop("Tegenover de gemeente"),
    "figures_intro": gettext_noop("De cijfers van {period}, naast de gemeente en het gewest."),
    "year": gettext_noop("{label} ({period})"),
    "no_figures": gettext_noop("Er zijn nog geen cijfers voor deze buurt. Laad ze in bij Gegevens."),
    "map_caption": gettext_noop("{title}"),
    "map_note": gettext_noop("De dik omlijnde vlakken vormen de buurt. Hoe donkerder, hoe hoger het cijfer."),
    "map_alt": gettext_noop("Kaart van de gemeente in vlakken, gekleurd naar het cijfer. De buurt {name} is dik "
                            "omlijnd."),
    "signals": gettext_noop("Wat valt op?"),
    "signal": gettext_noop("{subject}: {value}. Dat is {phrase} in {place} ({reference})."),
    "signals_intro": gettext_noop("Een signaal is een vraag, geen besluit. Toets het bij bewoners en partners."),
    "few_signals": gettext_noop("Er vallen maar {count} cijfers op tegenover de andere gebieden."),
    "no_signals": gettext_noop("Geen cijfer springt er duidelijk uit tegenover de andere gebieden."),
    "voices": gettext_noop("Sterktes en uitdagingen"),
    "strengths": gettext_noop("Wat goed gaat"),
    "challenges": gettext_noop("Waar het beter kan"),
    "accepted": gettext_noop("(aanvaard)"),
    "no_voices": gettext_noop("Het team verzamelde nog geen sterktes en uitdagingen. Dat gebeurt bij Plan > "
                              "Samenvatting."),
    "words": gettext_noop("Wat betekenen de woorden?"),
    "term": gettext_noop("{term}: {explanation}"),
    "source": gettext_noop("Bron van de cijfers: {sources}."),
}


def t(key: str, lang: str, **params) -> str:
    text = pgettext("one page", TEXT[key], lang)
    return text.format(**params) if params else text


@dataclass
class OnePageData:
    name: str
    lang: str
    profile: object = None  # profile.service.Profile, or None without figures
    map: tuple | None = None  # (title, matplotlib figure) from profile.service.sector_map
    strengths: list[tuple[str, bool]] = field(default_factory=list)  # (text, accepted)
    challenges: list[tuple[str, bool]] = field(default_factory=list)
    team: str = ""
    is_fictional: bool = False
    terms: list = field(default_factory=list)  # plain_words.Term: the glossary
    inputs: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ gathering

def strengths_and_challenges(rows: list[dict], notes: dict[int, str]) -> tuple[list, list]:
    """The summary table's strengths and challenges, accepted ones first, rejected ones left out: the
    residents' own strengths and challenges (``voices`` rows keyed ``strength:<id>`` / ``challenge:<id>``, in
    the words the team noted them, ``notes``: id → text) and the accepted findings of the environment and the
    team (challenges). The profile's signals have their own part of the page."""
    strengths, challenges = [], []
    for row in rows:
        if row["status"] == "rejected" or not row.get("current", True):
            continue
        accepted = row["status"] == "accepted"
        kind, _, ident = row["key"].partition(":")
        if row["source"] == "voices" and kind in ("strength", "challenge") and ident.isdigit():
            text = notes.get(int(ident)) or row["statement"]
            (strengths if kind == "strength" else challenges).append((text, accepted))
        elif row["source"] in ("environment", "team") and accepted:
            challenges.append((row["statement"], accepted))
    order = {True: 0, False: 1}
    return (sorted(strengths, key=lambda item: order[item[1]]), sorted(challenges, key=lambda item: order[item[1]]))


def gather(neighbourhood, lang: str = "nl") -> OnePageData:
    """Everything the page shows for one neighbourhood, read once (Django side)."""
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.plan.findings import summary_rows
    from zorgzaam.profile.service import neighbourhood_profile, profile_signature, sector_map
    from zorgzaam.reports.plain_words import glossary_terms
    from zorgzaam.voices.models import StrengthChallenge

    workspace = neighbourhood.workspace
    data = OnePageData(neighbourhood.name, lang, team=workspace.name, is_fictional=workspace.is_demo)
    try:
        profile = neighbourhood_profile(neighbourhood)
        if (profile.focus_results()["status"] == "ok").any():
            data.profile = profile
    except ZorgzaamError:
        profile = None
    if data.profile is not None:
        data.is_fictional = data.is_fictional or data.profile.is_fictional
        shown = {r["indicator"] for r in data.profile.focus_results().to_dict("records") if r["status"] == "ok"}
        indicator = "share_80plus" if "share_80plus" in shown else "share_65plus"
        data.map = sector_map(neighbourhood, indicator, lang)
        data.terms = glossary_terms(data.profile.catalogue, lang)
    else:
        data.terms = glossary_terms(None, lang)
    notes = {s.pk: s.text for s in StrengthChallenge.objects.filter(neighbourhood=neighbourhood)}
    rows = summary_rows(workspace, neighbourhood, lang, current_only=True)
    data.strengths, data.challenges = strengths_and_challenges(rows, notes)
    if not rows:  # no summary table yet: what the team noted from conversations
        data.strengths = [(s.text, False) for s in StrengthChallenge.objects.filter(
            neighbourhood=neighbourhood, kind=StrengthChallenge.STRENGTH).order_by("pk")]
        data.challenges = [(s.text, False) for s in StrengthChallenge.objects.filter(
            neighbourhood=neighbourhood, kind=StrengthChallenge.CHALLENGE).order_by("pk")]
    version = neighbourhood.current
    data.inputs = {"neighbourhood": neighbourhood.name, "version": version.number if version else None,
                   "profile": profile_signature(neighbourhood) if data.profile is not None else "",
                   "findings": sorted((r["id"], r["status"]) for r in rows), "lang": lang}
    return data


# ------------------------------------------------------------------------------------------ assembling

def ranked_signals(profile, limit: int = SIGNALS_MAX) -> list:
    """The signals that say most, at most ``limit``: those with something to ask about (hints) first, among
    them those on the page's key figures (in their order), then those more comparison areas agree on, then
    the larger difference; ties keep the catalogue's order."""
    order = {indicator.id: i for i, indicator in enumerate(profile.catalogue)}
    key = {indicator: i for i, indicator in enumerate(KEY_INDICATORS)}

    def weight(signal):
        references = signal.evidence.get("references") or []
        spread = max((abs(r.get("index", 100) - 100) for r in references), default=0)
        return (0 if signal.hints else 1, key.get(signal.indicator, len(key)), -len(references), -spread,
                order.get(signal.indicator, 999))

    return sorted(profile.signals, key=weight)[:limit]


def signal_sentence(signal, lang: str) -> str:
    """'Aandeel 80-plussers: 10,4 %. Dat is duidelijk hoger dan in de gemeente X (8,0 %).' — the signal's own
    stored statement, said shorter: the first comparison area it names."""
    params = signal.statement_record.get("params") or {}
    references = (params.get("references") or {}).get("list") or []
    if not params or not references:
        return signal.statement[lang]
    first = references[0].get("params") or {}
    return t("signal", lang, subject=param_text(params["subject"], lang), value=param_text(params["value"], lang),
             phrase=param_text(params["phrase"], lang), place=param_text(first.get("place"), lang),
             reference=param_text(first.get("value"), lang))


def signal_question(signal, lang: str) -> str:
    """The signal's question without its closing advice (said once for all signals)."""
    text = signal.question[lang]
    match = re.match(r"(.+?\?)(\s|$)", text)
    return match.group(1) if match else text


def _figures(data: OnePageData, lang: str) -> list:
    from zorgzaam.graphics.document import Figure, Table, para
    from zorgzaam.profile.documents import figure_table

    profile = data.profile
    headers, rows = figure_table(profile, lang)
    by_id = {r["indicator"].id: r for r in rows}
    chosen = [by_id[i] for i in KEY_INDICATORS if i in by_id and by_id[i]["statuses"][:1] == ["ok"]]
    columns = [0] + ([1, len(profile.references)] if len(profile.references) > 1 else
                     [1] if profile.references else [])
    periods = [r["period"] for r in chosen]
    common = max(set(periods), key=periods.count) if periods else ""
    table_rows = []
    for row in chosen:
        label = row["indicator"].label(lang)
        if row["period"] != common:
            label = t("year", lang, label=label, period=row["period"])
        table_rows.append([label] + [row["cells"][c] for c in columns] + [row["phrase"]])
    blocks = [para(t("figures_intro", lang, period=common))]
    blocks.append(Table([t("figure", lang)] + [headers[2 + c] for c in columns] + [t("phrase", lang)], table_rows,
                        numeric=[False] + [True] * len(columns) + [False],
                        widths=[4.4] + [3.1] * len(columns) + [3.2]))
    if data.map is not None:
        title, figure = data.map
        blocks.append(Figure(t("map_caption", lang, title=title), t("map_alt", lang, name=data.name),
                             render=lambda f=figure: f, note=t("map_note", lang), width_cm=11.5))
    return blocks


def _signals(data: OnePageData, lang: str) -> list:
    from zorgzaam.graphics.document import bold, para

    chosen = ranked_signals(data.profile) if data.profile is not None else []
    if not chosen:
        return [para(t("no_signals", lang))]
    blocks = [para(t("signals_intro", lang))]
    if len(chosen) < 3:
        blocks.append(para(t("few_signals", lang, count=len(chosen))))
    for signal in chosen:
        blocks.append(para(signal_sentence(signal, lang), " ", bold(signal_question(signal, lang)), style="bullet"))
    return blocks


def _voices(data: OnePageData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, para

    if not (data.strengths or data.challenges):
        return [para(t("no_voices", lang))]
    blocks = []
    for key, items in (("strengths", data.strengths), ("challenges", data.challenges)):
        if items:
            blocks.append(Heading(t(key, lang), 2))
            blocks += [para(_sentence(text), style="bullet") for text, _accepted in items[:TOP_ITEMS]]
    return blocks


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _words(report, data: OnePageData, lang: str) -> list:
    """The footnote: every glossary term the page uses, with its explanation, and the figures' sources."""
    from zorgzaam.graphics.document import Sources, para
    from zorgzaam.reports.plain_words import explanations_needed, report_text

    prose, other = report_text(report)
    needed = explanations_needed("\n".join(prose + other), data.terms)
    items = [t("term", lang, term=term.term[:1].upper() + term.term[1:], explanation=term.explanation)
             for term in needed]
    blocks = [Sources(tuple(items))]
    if data.profile is not None:
        sources = sorted({i.source for i in data.profile.catalogue
                          if i.id in KEY_INDICATORS and i.source})
        if sources:
            blocks.append(para(t("source", lang, sources="; ".join(sources)), style="small"))
    return blocks


def build_report(data: OnePageData, cover=None):
    """The page as a :class:`graphics.document.Report` (plain assembly, no database)."""
    from zorgzaam.graphics.document import Cover, Report, Section, callout, para

    lang = data.lang
    figures = Section(t("figures", lang))
    if data.is_fictional:
        figures.blocks.append(callout(t("fictional", lang), kind="warning"))
    if data.profile is None:
        figures.blocks.append(para(t("no_figures", lang)))
    else:
        figures.blocks += _figures(data, lang)
    sections = [figures, Section(t("signals", lang), _signals(data, lang)), Section(t("voices", lang),
                                                                                    _voices(data, lang))]
    report = Report(t("title", lang, name=data.name), t("subtitle", lang),
                    cover or Cover(team=data.team), sections, lang=lang)
    report.sections.append(Section(t("words", lang), _words(report, data, lang)))
    return report


def plain_check(report, data: OnePageData):
    """The plain-words check of the page's text (:func:`reports.plain_words.check_report`)."""
    from zorgzaam.reports.plain_words import check_report

    return check_report(report, data.terms)


# ------------------------------------------------------------------------------------------ rendering

COMPACT_CSS = """
<style>
/* one page: no cover page, no contents, chapters run on; A4 with narrow margins */
@page { margin: 1.3cm 1.5cm 1.5cm; }
@page :first { @bottom-center { content: none; } }
html { font-size: 10pt; }
.cover { min-height: 0; page-break-after: auto; break-after: auto; margin: 0 0 .4em; }
.cover .title { font-size: 19pt; margin: 0 0 .1em; }
.cover .subtitle { font-size: 11pt; margin: 0 0 .2em; }
.cover .team { font-size: 9.5pt; margin: 0; }
.cover p { margin: .1em 0; }
section.chapter > h1 { page-break-before: auto; break-before: auto; font-size: 13pt; margin: .7em 0 .3em; }
h2 { font-size: 11pt; margin: .5em 0 .2em; }
p { margin: .25em 0; }
ul { margin: .2em 0; padding-left: 1.3em; }
li { margin: .15em 0; }
table { font-size: 9pt; }
table.fixed th { hyphens: manual; }
figure { margin: .4em 0; }
figure svg.chart { max-height: 9cm; }
figcaption { font-size: 8pt; }
ol.sources { font-size: 8pt; margin: .2em 0; padding-left: 1.5em; }
.callout { padding: .3em .6em; margin: .4em 0; }
</style>
"""


def compact_html(text: str, css: str = COMPACT_CSS) -> str:
    """The renderer's HTML laid out as a short handout: the contents list left out and the cover run on."""
    text = re.sub(r'<nav class="toc".*?</nav>\n?', "", text, count=1, flags=re.S)
    return text.replace("</head>", css + "</head>", 1)


def compact_docx(content: bytes, *, min_pt: float | None = None, body_pt: float | None = None) -> bytes:
    """The renderer's Word file as a short handout: the cover's page break and the contents (title, TOC field,
    hint) removed; with ``min_pt`` every run and style at least that large (large type), with ``body_pt`` the
    body text that size."""
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document(io.BytesIO(content))
    body = document.element.body
    paragraphs = list(document.paragraphs)
    # the cover ends with a paragraph holding only a page break; the contents follow up to the hint with a break
    breaks = [i for i, p in enumerate(paragraphs) if p._p.xpath('.//w:br[@w:type="page"]')]
    if len(breaks) >= 2:
        for paragraph in paragraphs[breaks[0]:breaks[1] + 1]:
            body.remove(paragraph._p)
    for element in document.settings.element.findall(qn("w:updateFields")):
        document.settings.element.remove(element)
    if body_pt is not None:
        document.styles["Normal"].font.size = Pt(body_pt)
    if min_pt is not None:
        least = Pt(min_pt)
        for style in document.styles:
            font = getattr(style, "font", None)
            if font is not None and font.size is not None and font.size < least:
                font.size = least
        runs = [r for p in document.paragraphs for r in p.runs]
        runs += [r for table in document.tables for row in table.rows for cell in row.cells
                 for p in cell.paragraphs for r in p.runs]
        for section in document.sections:
            for part in (section.footer, section.header, section.first_page_footer, section.first_page_header):
                runs += [r for p in part.paragraphs for r in p.runs]
        for run in runs:
            if run.font.size is not None and run.font.size < least:
                run.font.size = least
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(report, fmt: str) -> bytes:
    from zorgzaam.graphics.document import render_docx, render_html, render_pdf

    if fmt == "html":
        return compact_html(render_html(report)).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report, compact_html(render_html(report)))
    if fmt == "docx":
        return compact_docx(render_docx(report))
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def make(neighbourhood, fmt: str, lang: str = "nl") -> tuple[bytes, OnePageData]:
    """The page of ``neighbourhood`` in ``fmt`` (pdf, docx, html) and the data it shows."""
    data = gather(neighbourhood, lang)
    return render(build_report(data), fmt), data


def file_name(name: str, fmt: str, prefix: str = "buurtprofiel") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "buurt"
    return f"{prefix}-{slug}.{fmt}"
