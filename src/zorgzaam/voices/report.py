"""The survey report as plain data (no Django): one JSON-ready dict that the CLI prints, the web shows
and :mod:`zorgzaam.voices.documents` writes to XLSX and Word. Every table in it has gone through the
minimum-cell rule; :func:`small_cell_violations` checks that independently before anything is written.

>>> report = build_report(data, title="Bevraging Kerkveld", min_cell=5, references=[…])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zorgzaam.messages import gettext, gettext_noop, register, render
from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import Merge, ResponseData
from zorgzaam.voices.scales import CATEGORY_LABELS, EMOTIONAL, SOCIAL, djg_scores

# Outcomes and background variables used for the default breakdowns when present in the questionnaire.
DEFAULT_OUTCOMES = ("satisfaction_neighbourhood", "happy_past_week", "djg_total_cat", "make_ends_meet",
                    "unexpected_expense", "safe_evening")
DEFAULT_BACKGROUND = ("marital_status", "income_source", "age_band", "household_type", "tenure")

# Derived variables a team may also merge categories of (besides single-choice and scale questions).
DERIVED = {"djg_total_cat": ["not_lonely", "moderate", "severe"]}
LONELINESS_TITLE = gettext_noop("Eenzaamheid (korte schaal van De Jong Gierveld, 0–6)")

register({
    "report_weighting_note": gettext_noop(
        "Gewogen naar de bevolking ({variables}); de ongewogen cijfers staan in de kolom 'aantal'."),
    "report_legend": gettext_noop(
        "Tekens in de tabellen: «<{min_cell}» = minder dan {min_cell} antwoorden; zo'n klein aantal tonen we niet, "
        "zodat niemand herkenbaar wordt. «x» = ook verborgen, omdat je dat kleine aantal anders zou kunnen "
        "terugrekenen uit de totalen (of omdat bijna iedereen dit antwoord koos). Tussen haakjes: het "
        "95%-betrouwbaarheidsinterval (Wilson): met 95 % zekerheid ligt het echte aandeel in die marge."),
    "hidden_primary": gettext_noop("Niet getoond omdat er minder dan {min_cell} antwoorden zijn: {cells}."),
    "hidden_secondary": gettext_noop(
        "Ook verborgen, zodat je die kleine aantallen niet kunt terugrekenen uit de totalen: {cells}."),
    "hidden_group": gettext_noop(
        "Minder dan {min_cell} antwoorden op deze vraag, dus de hele rij is verborgen: {groups}."),
    "hidden_total": gettext_noop(
        "Het aantal antwoorden is verborgen voor {groups}, zodat je een kleine groep niet kunt "
        "terugrekenen."),
    "hidden_complement": gettext_noop(
        "Niet getoond omdat minder dan {min_cell} mensen dit níet kozen: {cells}."),
    "merged_note": gettext_noop(
        "Op vraag van het team tellen {joined} samen als '{label}'{who}, zodat het resultaat ook "
        "getoond kan worden waar een van die antwoorden te weinig voorkomt."),
    "merged_who": gettext_noop(" (gekozen door {by} op {on})"),
    "cells_in": gettext_noop("'{label}' bij {groups}"),
    "cells_everywhere": gettext_noop("'{label}' overal"),
})

MARK_OTHER = "x"


def hidden_mark(reason_code: str | None, min_cell: int) -> str:
    """What a table prints instead of a hidden number: '<5' for a small count or group, 'x' for a cell
    hidden to protect another (or because nearly everyone chose it)."""
    if reason_code in (analysis.REASON_PRIMARY, analysis.REASON_GROUP):
        return f"<{min_cell}"
    return MARK_OTHER


@dataclass
class ReferenceInput:
    question: str
    categories: list[str]
    proportion: float
    label: str
    source: str = ""
    group: str | None = None


@dataclass
class ReportOptions:
    title: str
    min_cell: int = analysis.DEFAULT_MIN_CELL
    lang: str = "nl"
    can_see_free_text: bool = False
    references: list[ReferenceInput] = field(default_factory=list)
    visits: pd.DataFrame | None = None
    eligible: dict[str, int] | None = None
    population: dict[str, dict[str, float]] | None = None  # var -> category -> count, for representativeness
    weight_margins: dict[str, dict[str, float]] | None = None  # raking margins (optional)
    breakdowns: list[tuple[str, str]] | None = None
    fictional: bool = False
    merges: dict[str, list[Merge]] = field(default_factory=dict)  # question code -> answers counted together


def add_derived(data: ResponseData) -> ResponseData:
    """Add the loneliness scores when the six items are in the questionnaire."""
    codes = set(data.frame.columns)
    if set(EMOTIONAL + SOCIAL) <= codes:
        scores = djg_scores(data.frame)
        frame = data.frame.copy()
        for column in scores:
            frame[column] = scores[column].astype(object).where(scores[column].notna(), None)
        return ResponseData(spec=data.spec, frame=frame)
    return data


def _djg_tables(data: ResponseData, opts: ReportOptions) -> list[dict]:
    if "djg_total_cat" not in data.frame:
        return []
    lang = opts.lang
    out = []
    for column, cats, title in (
        ("djg_total_cat", DERIVED["djg_total_cat"], LONELINESS_TITLE),
        ("djg_emotional_cat", ["not", "lonely"], gettext_noop("Emotionele eenzaamheid (0–3)")),
        ("djg_social_cat", ["not", "lonely"], gettext_noop("Sociale eenzaamheid (0–3)")),
    ):
        table = analysis.frequency_table(data, column, categories=cats,
                                         labels=[gettext(CATEGORY_LABELS[c], lang) for c in cats],
                                         title=gettext(title, lang),
                                         min_cell=opts.min_cell, lang=lang, merges=opts.merges.get(column))
        out.append(table.to_dict(lang) | {"kind": "scale_score"})
    return out


def build_report(data: ResponseData, opts: ReportOptions) -> dict:
    lang = opts.lang
    data = add_derived(data)
    frame = data.frame
    n = len(frame)
    report: dict = {"title": opts.title, "lang": lang, "min_cell": opts.min_cell, "fictional": opts.fictional,
                    "respondents": n if n >= opts.min_cell else None, "sections": {},
                    "legend": render("report_legend", {"min_cell": opts.min_cell}, lang=lang)}
    # response: respondents per neighbourhood and channel
    response_rows = []
    groups = data.groups()
    for name in groups + [analysis.TOTAL]:
        sub = frame if name == analysis.TOTAL else frame[frame["neighbourhood"] == name]
        count = len(sub)
        eligible = (opts.eligible or {}).get(name) if name != analysis.TOTAL else (
            sum((opts.eligible or {}).values()) or None)
        shown = count >= opts.min_cell
        response_rows.append({
            "group": analysis.total_label(lang) if name == analysis.TOTAL else name,
            "respondents": count if shown else None,
            "eligible": eligible,
            "response_rate": round(count / eligible, 3) if shown and eligible else None,
        })
    report["response"] = response_rows
    if "channel" in frame:
        counts = frame["channel"].value_counts()
        report["channels"] = [{"channel": k, "respondents": int(v) if v >= opts.min_cell else None}
                              for k, v in counts.items()]
    if opts.visits is not None and len(opts.visits):
        report["campaign"] = analysis.campaign_summary(opts.visits, eligible=opts.eligible, min_cell=opts.min_cell)
        for row in report["campaign"]:
            if row["neighbourhood"] == analysis.TOTAL:
                row["neighbourhood"], row["is_total"] = analysis.total_label(lang), True
    if opts.population:
        report["representativeness"] = [
            analysis.compare_with_population(data, var, pop, min_cell=opts.min_cell, lang=lang)
            for var, pop in opts.population.items() if var in frame]
        for table in report["representativeness"]:
            asked = data.spec.by_code().get(table["variable"])
            table["title"] = asked.text(lang) if asked is not None else table["variable"]
    weighted = False
    if opts.weight_margins:
        frame = frame.copy()
        frame["weight"] = analysis.rake(frame, opts.weight_margins)
        data = ResponseData(spec=data.spec, frame=frame)
        weighted = True
        report["weighting"] = render("report_weighting_note", {"variables": ", ".join(opts.weight_margins)},
                                     lang=lang)
    tables = [t.to_dict(lang) for t in analysis.all_frequency_tables(data, min_cell=opts.min_cell, lang=lang,
                                                                     weighted=weighted, merges=opts.merges)]
    if weighted:
        unweighted = {t.code: t.to_dict(lang) for t in analysis.all_frequency_tables(data, min_cell=opts.min_cell,
                                                                                     lang=lang, merges=opts.merges)}
        for table in tables:
            table["unweighted"] = unweighted[table["question"]]
    report["tables"] = tables
    report["numbers"] = [analysis.number_summary(data, q.code, min_cell=opts.min_cell)
                         for q in data.spec.questions if q.type == "number" and q.code in frame]
    for summary in report["numbers"]:
        for row in summary["rows"]:
            if row["group"] == analysis.TOTAL:
                row["group"] = analysis.total_label(lang)
    report["scales"] = _djg_tables(data, opts)
    comparisons = []
    by_code = data.spec.by_code()
    for ref in opts.references:
        if ref.question not in frame:
            continue
        asked = by_code.get(ref.question)
        result = analysis.compare_question_with_reference(data, ref.question, ref.categories, ref.proportion,
                                                          label=ref.label, group=ref.group, min_cell=opts.min_cell)
        entry = {"question": ref.question, "title": asked.text(lang) if asked is not None else ref.question,
                 "categories": ref.categories, "label": ref.label, "source": ref.source,
                 "group": ref.group, "reference_percent": round(100 * ref.proportion, 1)}
        if result is None:
            entry |= {"suppressed": True, "text": gettext("Niet getoond: te weinig antwoorden.", lang)}
        else:
            entry |= {"suppressed": False, "count": result.k, "n": result.n,
                      "percent": round(100 * result.proportion, 1), "ci_low": round(100 * result.ci_low, 1),
                      "ci_high": round(100 * result.ci_high, 1), "test": result.test,
                      "p_value": round(result.p_value, 4), "verdict": result.verdict,
                      "text": result.text(lang)}
        comparisons.append(entry)
    report["comparisons"] = comparisons
    pairs = opts.breakdowns
    if pairs is None:
        pairs = [(o, b) for o in DEFAULT_OUTCOMES for b in DEFAULT_BACKGROUND if o in frame and b in frame]
    associations = []
    for outcome, by in pairs:
        if outcome == "djg_total_cat":
            cats = ["not_lonely", "moderate", "severe"]
            result = analysis.breakdown(data, outcome, by, min_cell=opts.min_cell, lang=lang, outcome_categories=cats,
                                        outcome_labels=[gettext(CATEGORY_LABELS[c], lang) for c in cats],
                                        merges=opts.merges.get(outcome), outcome_title=gettext(LONELINESS_TITLE, lang))
        else:
            result = analysis.breakdown(data, outcome, by, min_cell=opts.min_cell, lang=lang,
                                        merges=opts.merges.get(outcome))
        associations.append(result.to_dict(lang))
    report["associations"] = associations
    if opts.can_see_free_text:
        report["free_text"] = [{"question": q.code, "title": q.text(lang),
                                "answers": analysis.free_text_answers(data, q.code, can_see_free_text=True)}
                               for q in data.spec.questions if q.is_free_text and q.code in frame]
    else:
        report["free_text_withheld"] = True
    for table in iter_tables(report):
        describe_table(table, lang)
    return report


def _and(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (gettext(" en ", lang)) + items[-1]


def _date_text(iso: str, lang: str) -> str:
    parts = (iso or "")[:10].split("-")
    if len(parts) != 3:
        return iso
    # Dutch 03-12-2026, English 3/12/2026: the catalogue holds each language's order and separators
    return gettext("{dd}-{mm}-{yyyy}", lang).format(dd=parts[2], mm=parts[1], yyyy=parts[0], d=int(parts[2]),
                                                    m=int(parts[1]))


def describe_table(table: dict, lang: str = "nl") -> dict:
    """Adds to a table (``FrequencyTable.to_dict``) what a reader needs in words: ``hidden_text`` (what is
    hidden and why, per reason), ``merged_text`` (the team's merges, who and when) and ``merge_offer`` (answers
    worth counting together because one is too rare to show), and a ``mark`` on every hidden cell."""
    m = table["min_cell"]
    by_reason: dict[str, dict[str, list[str]]] = {}
    groups_hidden, totals_hidden = [], []
    for row in table["rows"]:
        if row["n"] is None:
            (groups_hidden if row.get("n_reason") in (None, analysis.REASON_GROUP) else totals_hidden).append(
                row["group"])
            row["n_mark"] = hidden_mark(row.get("n_reason") or analysis.REASON_GROUP, m)
        for cell in row["cells"]:
            code = cell.get("reason_code")
            if not code:
                continue
            cell["mark"] = hidden_mark(code, m)
            if code == analysis.REASON_GROUP:
                continue
            by_reason.setdefault(code, {}).setdefault(cell["label"], []).append(row["group"])
    every_row = [row["group"] for row in table["rows"] if row["n"] is not None]
    for cells in by_reason.values():  # an answer hidden in every row (e.g. nobody gave it): one word
        for label, groups in cells.items():
            if len(groups) > 2 and groups == every_row:
                cells[label] = [gettext("overal", lang)]
    texts = []
    for code, message in ((analysis.REASON_PRIMARY, "hidden_primary"), (analysis.REASON_COMPLEMENT, "hidden_complement"),
                          (analysis.REASON_SECONDARY, "hidden_secondary")):
        if code in by_reason:
            cells = "; ".join(
                render("cells_everywhere" if groups in (["overal"], ["every row"]) else "cells_in",
                       {"label": label, "groups": _and(groups, lang)}, lang=lang)
                for label, groups in by_reason[code].items())
            texts.append(render(message, {"min_cell": m, "cells": cells}, lang=lang))
    if groups_hidden:
        texts.insert(0, render("hidden_group", {"min_cell": m, "groups": _and(groups_hidden, lang)}, lang=lang))
    if totals_hidden:
        texts.append(render("hidden_total", {"groups": _and(totals_hidden, lang)}, lang=lang))
    table["hidden_text"] = texts
    merged_texts = []
    for merge in table.get("merged", []):
        who = render("merged_who", {"by": merge["chosen_by"], "on": _date_text(merge["chosen_on"], lang)},
                     lang=lang) if merge.get("chosen_by") else ""
        joined = _and([f"'{label}'" for label in merge["labels"]], lang)
        merged_texts.append(render("merged_note", {"joined": joined, "label": merge["label"], "who": who}, lang=lang))
    table["merged_text"] = merged_texts
    table["merge_offer"] = merge_offer(table, lang)
    return table


def merge_offer(table: dict, lang: str = "nl") -> dict | None:
    """Answers worth counting together: when a category is hidden as too small in a row whose group is
    shown, propose it with its smaller neighbour (answers are mostly ordered, e.g. 'matig' beside
    'ernstig'). None when nothing small is hidden or the table has only two columns left."""
    categories = table.get("categories") or []
    if len(categories) < 3 or table.get("kind") not in ("single", "scale", "scale_score", "derived", "breakdown"):
        return None
    if table.get("kind") == "scale_score" and table["question"] not in DERIVED:
        return None
    small = [0] * len(categories)
    totals = [0] * len(categories)
    for row in table["rows"]:
        if row["n"] is None:
            continue
        for k, cell in enumerate(row["cells"]):
            if cell.get("reason_code") == analysis.REASON_PRIMARY:
                small[k] += 1
            if cell["count"] is not None and row is table["rows"][0]:
                totals[k] = cell["count"]
    if not any(small):
        return None
    k = max(range(len(categories)), key=lambda i: (small[i], -totals[i]))
    neighbours = [i for i in (k - 1, k + 1) if 0 <= i < len(categories)]
    other = min(neighbours, key=lambda i: (totals[i] if totals[i] else 0, i))
    chosen = sorted([k, other])
    labels = [table["columns"][i] for i in chosen]
    return {"categories": [categories[i] for i in chosen], "labels": labels,
            "label": analysis.default_merge_label(labels, lang),
            "choices": [{"category": c, "label": label} for c, label in zip(categories, table["columns"], strict=True)
                        if "+" not in c]}


def iter_tables(report: dict):
    """Every table of the report (for checks and writers): frequency, scale, breakdown tables."""
    for table in report.get("tables", []):
        yield table
        if "unweighted" in table:
            yield table["unweighted"]
    yield from report.get("scales", [])
    for assoc in report.get("associations", []):
        yield assoc["table"]


def small_cell_violations(report: dict) -> list[str]:
    """Every shown count under the minimum anywhere in the report (should always be empty)."""
    m = report["min_cell"]
    bad = []
    for table in iter_tables(report):
        for row in table["rows"]:
            if row["n"] is not None and row["n"] < m:
                bad.append(f"{table['question']}/{row['group']}: n={row['n']}")
            for cell in row["cells"]:
                if cell["count"] is not None and cell["count"] < m:
                    bad.append(f"{table['question']}/{row['group']}/{cell['category']}: {cell['count']}")
    for key in ("response", "channels"):
        for row in report.get(key, []):
            if row.get("respondents") is not None and row["respondents"] < m:
                bad.append(f"{key}/{row}: {row['respondents']}")
    for row in report.get("campaign", []):
        for status in ("completed", "left_questionnaire", "refused", "not_home", "visited"):
            if row.get(status) is not None and row[status] < m:
                bad.append(f"campaign/{row['neighbourhood']}/{status}: {row[status]}")
    for table in report.get("representativeness", []):
        for row in table["rows"]:
            if row["respondents"] is not None and row["respondents"] < m:
                bad.append(f"representativeness/{table['variable']}/{row['category']}: {row['respondents']}")
    for comp in report.get("comparisons", []):
        if not comp.get("suppressed") and (comp["count"] < m or comp["n"] - comp["count"] < m):
            bad.append(f"comparison/{comp['question']}: {comp['count']}/{comp['n']}")
    return bad


def report_text(report: dict) -> str:
    """The report as plain text for a terminal (``zorgzaam survey report`` without ``--json``): who
    answered, the loneliness score, the comparisons, every question's table (all respondents and each
    group on a line), the associations and the legend. Hidden numbers show their mark, as in the documents."""
    from zorgzaam.messages import format_number

    lang = report["lang"]
    m = report["min_cell"]

    def number(value, decimals=0):
        return f"<{m}" if value is None else format_number(value, lang, decimals)

    def table_lines(table: dict) -> list[str]:
        out = [table["title"]]
        out += [f"  {text}" for text in table.get("merged_text", [])]
        for row in table["rows"]:
            n = number(row["n"]) if row["n"] is not None else row.get("n_mark", f"<{m}")
            parts = []
            for cell in row["cells"]:
                if cell["suppressed"]:
                    parts.append(f"{cell['label']} {cell.get('mark') or hidden_mark(cell.get('reason_code'), m)}")
                else:
                    parts.append(f"{cell['label']} {number(cell['percent'], 1)} % "
                                 f"[{number(cell['ci_low'], 1)}–{number(cell['ci_high'], 1)}]")
            out.append(f"  {row['group']} ({n}): " + "; ".join(parts))
        out += [f"  ! {text}" for text in table.get("hidden_text", [])]
        return out + [""]

    lines = [report["title"], "=" * min(len(report["title"]), 100)]
    if report.get("fictional"):
        lines.append(gettext("FICTIEF: verzonnen demo-antwoorden.", lang))
    lines.append((gettext("Respondenten: ", lang)) + number(report.get("respondents")))
    lines.append("")
    lines.append(gettext("Wie antwoordde?", lang))
    for row in report.get("response", []):
        rate = "" if row.get("response_rate") is None else \
            f", {gettext('respons', lang)} {format_number(100 * row['response_rate'], lang, 1)} %"
        lines.append(f"  {row['group']}: {number(row['respondents'])}{rate}")
    lines.append("")
    if report.get("scales"):
        lines += [gettext("EENZAAMHEID", lang), ""]
        for table in report["scales"]:
            lines += table_lines(table)
    if report.get("comparisons"):
        lines += [gettext("VERGELEKEN MET REFERENTIECIJFERS", lang), ""]
        for comp in report["comparisons"]:
            lines += [f"{comp['title']} — {comp['label']}", f"  {comp['text']}", ""]
    if report.get("tables"):
        lines += [gettext("ALLE VRAGEN", lang), ""]
        for table in report["tables"]:
            lines += table_lines(table)
    if report.get("associations"):
        lines += [gettext("VERBANDEN", lang), ""]
        for assoc in report["associations"]:
            lines += table_lines(assoc["table"])[:-1] + [f"  {assoc['text']}", ""]
    if report.get("weighting"):
        lines += [report["weighting"], ""]
    lines.append(report.get("legend", ""))
    return "\n".join(lines)
