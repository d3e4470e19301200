"""The survey report as plain data (no Django): one JSON-ready dict that the CLI prints, the web shows
and :mod:`zorgzaam.voices.documents` writes to XLSX and Word. Every table in it has gone through the
minimum-cell rule; :func:`small_cell_violations` checks that independently before anything is written.

>>> report = build_report(data, title="Bevraging Kerkveld", min_cell=5, references=[…])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zorgzaam.messages import register
from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import ResponseData
from zorgzaam.voices.scales import CATEGORY_LABELS, EMOTIONAL, SOCIAL, djg_scores

# Outcomes and background variables used for the default breakdowns when present in the questionnaire.
DEFAULT_OUTCOMES = ("satisfaction_neighbourhood", "happy_past_week", "djg_total_cat", "make_ends_meet",
                    "unexpected_expense", "safe_evening")
DEFAULT_BACKGROUND = ("marital_status", "income_source", "age_band", "household_type", "tenure")

register({
    "report_weighting_note": (
        "Gewogen naar de bevolking ({variables}); de ongewogen cijfers staan in de kolom 'aantal'.",
        "Weighted to the population ({variables}); the unweighted figures are in the 'count' column."),
})


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
    i = 1 if lang == "en" else 0
    out = []
    for column, cats, title in (
        ("djg_total_cat", ["not_lonely", "moderate", "severe"],
         ("Eenzaamheid (korte schaal van De Jong Gierveld, 0–6)", "Loneliness (De Jong Gierveld short scale, 0–6)")),
        ("djg_emotional_cat", ["not", "lonely"], ("Emotionele eenzaamheid (0–3)", "Emotional loneliness (0–3)")),
        ("djg_social_cat", ["not", "lonely"], ("Sociale eenzaamheid (0–3)", "Social loneliness (0–3)")),
    ):
        table = analysis.frequency_table(data, column, categories=cats,
                                         labels=[CATEGORY_LABELS[c][i] for c in cats], title=title[i],
                                         min_cell=opts.min_cell, lang=lang)
        out.append(table.to_dict(lang) | {"kind": "scale_score"})
    return out


def build_report(data: ResponseData, opts: ReportOptions) -> dict:
    lang = opts.lang
    data = add_derived(data)
    frame = data.frame
    n = len(frame)
    report: dict = {"title": opts.title, "lang": lang, "min_cell": opts.min_cell, "fictional": opts.fictional,
                    "respondents": n if n >= opts.min_cell else None, "sections": {}}
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
            "group": ("Totaal" if lang == "nl" else "Total") if name == analysis.TOTAL else name,
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
    if opts.population:
        report["representativeness"] = [
            analysis.compare_with_population(data, var, pop, min_cell=opts.min_cell, lang=lang)
            for var, pop in opts.population.items() if var in frame]
    weighted = False
    if opts.weight_margins:
        frame = frame.copy()
        frame["weight"] = analysis.rake(frame, opts.weight_margins)
        data = ResponseData(spec=data.spec, frame=frame)
        weighted = True
        from zorgzaam.messages import render
        report["weighting"] = render("report_weighting_note", {"variables": ", ".join(opts.weight_margins)},
                                     lang=lang)
    tables = [t.to_dict(lang) for t in analysis.all_frequency_tables(data, min_cell=opts.min_cell, lang=lang,
                                                                     weighted=weighted)]
    if weighted:
        unweighted = {t.code: t.to_dict(lang) for t in analysis.all_frequency_tables(data, min_cell=opts.min_cell,
                                                                                     lang=lang)}
        for table in tables:
            table["unweighted"] = unweighted[table["question"]]
    report["tables"] = tables
    report["numbers"] = [analysis.number_summary(data, q.code, min_cell=opts.min_cell)
                         for q in data.spec.questions if q.type == "number" and q.code in frame]
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
            entry |= {"suppressed": True, "text": "Niet getoond: te weinig antwoorden." if lang == "nl"
                      else "Not shown: too few answers."}
        else:
            entry |= {"suppressed": False, "count": result.k, "n": result.n,
                      "percent": round(100 * result.proportion, 1), "ci_low": round(100 * result.ci_low, 1),
                      "ci_high": round(100 * result.ci_high, 1), "test": result.test,
                      "p_value": round(result.p_value, 4), "verdict": result.verdict,
                      "text": result.text_nl if lang == "nl" else result.text_en}
        comparisons.append(entry)
    report["comparisons"] = comparisons
    pairs = opts.breakdowns
    if pairs is None:
        pairs = [(o, b) for o in DEFAULT_OUTCOMES for b in DEFAULT_BACKGROUND if o in frame and b in frame]
    associations = []
    for outcome, by in pairs:
        if outcome == "djg_total_cat":
            i = 1 if lang == "en" else 0
            cats = ["not_lonely", "moderate", "severe"]
            result = analysis.breakdown(data, outcome, by, min_cell=opts.min_cell, lang=lang, outcome_categories=cats,
                                        outcome_labels=[CATEGORY_LABELS[c][i] for c in cats])
        else:
            result = analysis.breakdown(data, outcome, by, min_cell=opts.min_cell, lang=lang)
        associations.append(result.to_dict(lang))
    report["associations"] = associations
    if opts.can_see_free_text:
        report["free_text"] = [{"question": q.code, "title": q.text(lang),
                                "answers": analysis.free_text_answers(data, q.code, can_see_free_text=True)}
                               for q in data.spec.questions if q.is_free_text and q.code in frame]
    else:
        report["free_text_withheld"] = True
    return report


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
