"""A finding's evidence in plain words (plain module, no Django): what the summary table shows under
"waarop steunt dit?" for each kind of finding, so that a reader sees the figures, the method and the
quotes behind a statement without opening the analysis.

``describe(source, evidence, lang)`` returns an :class:`Evidence`: short lines (each a fact with its
number) and the quotes (text, who said it, in which session)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zorgzaam.messages import format_number, gettext, gettext_noop, pgettext

_WORDS = {
    "value": gettext_noop("Waarde"),
    "count": gettext_noop("{numerator} van {denominator}"),
    "reference": gettext_noop("Ter vergelijking: {name} {value} (index {index})"),
    "share_within": gettext_noop("{share} van de {group} woont binnen {metres} m van {categories}"),
    "unreachable": gettext_noop("{population} bewoners kunnen over het netwerk niets bereiken (eiland)"),
    "method_network": gettext_noop("Gemeten over het stratennet"),
    "method_line": gettext_noop("Hemelsbreed gemeten, met omwegfactor"),
    "compared": gettext_noop("{indicator}: {value} tegenover {comparison}"),
    "survey": gettext_noop("{count} van {respondents} antwoorden ({percent}, 95 %-betrouwbaarheidsinterval "
                           "{low}–{high}); {reference}: {reference_percent}"),
    "test": gettext_noop("Toets: {test}, p = {p}"),
    "themes": gettext_noop("Thema's: {themes}"),
    "blocks": gettext_noop("Bouwstenen: {blocks}"),
    "session": gettext_noop("Uit: {session}{date}"),
    "everyone": gettext_noop("bewoners"),
}
_TESTS = {"z_test": gettext_noop("z-toets voor een proportie"),
          "binomial": gettext_noop("exacte binomiale toets"),
          "chi2": gettext_noop("chikwadraattoets"), "fisher": gettext_noop("exacte toets van Fisher")}


@dataclass
class Quote:
    text: str
    speaker: str
    session: str = ""
    held_on: str = ""
    session_id: int | None = None


@dataclass
class Evidence:
    lines: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def _w(key: str, lang: str, **params) -> str:
    return pgettext("plan evidence", _WORDS[key], lang).format(**params)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return f"{format_number(value, lang, decimals)} %"


def _share(value: float, lang: str) -> str:  # a 0–1 share
    return _pct(100 * value, lang, 0)


def _group(code: str, lang: str) -> str:
    """``age_075_999`` → '75-plussers'; ``age_000_017`` → '0- tot 17-jarigen'."""
    if not code or code == "all":
        return _w("everyone", lang)
    parts = code.split("_")
    if len(parts) == 3 and parts[0] == "age" and parts[1].isdigit():
        low, high = int(parts[1]), int(parts[2])
        if high >= 999:
            return gettext("{low}-plussers", lang).format(low=low)
        return gettext("{low}- tot {high}-jarigen", lang).format(low=low, high=high)
    return code


def _date(iso: str) -> str:
    """'2025-05-20' → '20/05/2025' (as dates are written in Belgium); anything else as it is."""
    parts = (iso or "").split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 and all(p.isdigit() for p in parts) else iso


def _names(ids, namer, lang: str) -> str:
    return ", ".join(namer(i, lang) for i in ids)


def describe(source: str, evidence: dict, lang: str = "nl", *, category_name=None, indicator_name=None,
             building_block_name=None, speaker_name=None, session_kind_name=None, indicator_value=None) -> Evidence:
    """The evidence of one finding as lines and quotes. The ``*_name`` callables turn codes into names
    (category, indicator, building block, speaker kind, session kind) and ``indicator_value(code, value,
    lang)`` formats a value with its unit; without them the code and the bare number are shown."""
    ident = (lambda code, lang: code)  # noqa: E731
    category_name, indicator_name = category_name or ident, indicator_name or ident
    building_block_name, speaker_name = building_block_name or ident, speaker_name or ident
    session_kind_name = session_kind_name or ident
    indicator_value = indicator_value or (lambda code, value, lang: format_number(value, lang, 1))
    out = Evidence()
    ev = evidence or {}
    if source == "profile" and ev.get("value") is not None:
        unit = f" {ev['unit']}" if ev.get("unit") else ""
        line = f"{_w('value', lang)}: {format_number(ev['value'], lang, 1)}{unit}"
        if ev.get("numerator") is not None and ev.get("denominator") is not None:
            line += " (" + _w("count", lang, numerator=format_number(ev["numerator"], lang),
                              denominator=format_number(ev["denominator"], lang)) + ")"
        out.lines.append(line)
        for ref in ev.get("references", []):
            if ref.get("value") is None:
                continue
            out.lines.append(_w("reference", lang, name=ref.get("name", ref.get("code", "")),
                                value=format_number(ref["value"], lang, 1) + unit,
                                index=format_number(ref.get("index") or 0, lang)))
    elif source == "environment":
        if ev.get("indicator") and ev.get("value") is not None and ev.get("comparison_value") is not None:
            out.lines.append(_w("compared", lang, indicator=indicator_name(ev["indicator"], lang),
                                value=indicator_value(ev["indicator"], ev["value"], lang),
                                comparison=indicator_value(ev["indicator"], ev["comparison_value"], lang)))
        if ev.get("share_within") is not None and ev.get("threshold_m") is not None:
            out.lines.append(_w("share_within", lang, share=_share(ev["share_within"], lang),
                                group=_group(ev.get("group", ""), lang), metres=format_number(ev["threshold_m"], lang),
                                categories=_names(ev.get("categories", []), category_name, lang)))
        if ev.get("population_unreachable"):
            out.lines.append(_w("unreachable", lang, population=format_number(ev["population_unreachable"], lang)))
        if ev.get("reach_method"):
            out.lines.append(_w("method_network" if ev["reach_method"] == "network" else "method_line", lang))
    elif source == "voices":
        if ev.get("respondents") is not None and ev.get("percent") is not None:
            out.lines.append(_w("survey", lang, count=format_number(ev["count"], lang),
                                respondents=format_number(ev["respondents"], lang), percent=_pct(ev["percent"], lang),
                                low=_pct(ev["ci_low"], lang), high=_pct(ev["ci_high"], lang),
                                reference=ev.get("reference", ""), reference_percent=_pct(ev["reference_percent"], lang)))
            if ev.get("test"):
                name = _TESTS.get(ev["test"])
                out.lines.append(_w("test", lang, test=pgettext("plan evidence", name, lang) if name else ev["test"],
                                    p=format_number(ev.get("p_value", 0), lang, 3)))
        if ev.get("session"):
            date = f", {_date(ev['held_on'])}" if ev.get("held_on") else ""
            kind = session_kind_name(ev.get("session_kind", ""), lang)
            out.lines.append(_w("session", lang, session=f"{kind} '{ev['session']}'" if kind else ev["session"],
                                date=date))
        themes = ev.get("themes") or ([ev["theme"]] if ev.get("theme") else [])
        if themes:
            out.lines.append(_w("themes", lang, themes=", ".join(themes)))
        if ev.get("building_blocks"):
            out.lines.append(_w("blocks", lang, blocks=_names(ev["building_blocks"], building_block_name, lang)))
        for quote in ev.get("quotes", []):
            out.quotes.append(Quote(quote.get("text", ""), speaker_name(quote.get("speaker_kind", ""), lang),
                                    quote.get("session", ""), _date(quote.get("held_on", "")), quote.get("session_id")))
    return out
