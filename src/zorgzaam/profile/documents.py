"""A neighbourhood profile as documents: the report's sections in the one document model
(:mod:`zorgzaam.graphics.document`: Word, PDF, HTML), a spreadsheet and CSV.

Plain module: no Django. Takes a :class:`zorgzaam.profile.service.Profile` (a plain dataclass of
tables) and writes files. Figures are shown as people read them (Dutch decimal commas by default);
a hidden small count is written as "< 5", an unknown as "–" with the reason beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from zorgzaam.areas.levels import level_label
from zorgzaam.graphics import charts
from zorgzaam.messages import gettext, gettext_noop, pgettext, render
from zorgzaam.profile.series import shown_rows
from zorgzaam.profile.series_documents import series_frame
from zorgzaam.profile.series_documents import t as series_t

TEXT = {
    "title": gettext_noop("Buurtprofiel"),
    "fictional": gettext_noop("Fictief voorbeeld: deze buurt en alle cijfers zijn verzonnen (demogemeente Overbos)."),
    "sectors": gettext_noop("Statistische sectoren"),
    "compared": gettext_noop("Vergeleken met"),
    "indicator": gettext_noop("Indicator"),
    "period": gettext_noop("Jaar"),
    "phrase": gettext_noop("Vergeleken met de gemeente"),
    "missing": gettext_noop("Niet beschikbaar"),
    "signals": gettext_noop("Signalen: vragen voor het verdere onderzoek"),
    "no_signals": gettext_noop("Geen cijfers springen er duidelijk uit tegenover de vergelijkingsgebieden."),
    "mind": gettext_noop("Let op"),
    "definitions": gettext_noop("Definities en bronnen"),
    "formula": gettext_noop("Berekening"),
    "source": gettext_noop("Bron"),
    "pyramid": gettext_noop("Bevolkingspiramide"),
    "age_bands": gettext_noop("Leeftijdsopbouw (10-jaarsklassen) tegenover de vergelijkingsgebieden"),
    "over_time": gettext_noop("Evolutie"),
    "men": gettext_noop("Mannen"),
    "women": gettext_noop("Vrouwen"),
    "residents": gettext_noop("inwoners"),
    "reliability": gettext_noop("(!) = weinig inwoners in de noemer: voorzichtig lezen."),
    "overview": gettext_noop("Overzicht"),
    "value": gettext_noop("Waarde"),
    "numerator": gettext_noop("Teller"),
    "denominator": gettext_noop("Noemer"),
    "status": gettext_noop("Status"),
    "reason": gettext_noop("Toelichting"),
    "not_aggregable": gettext_noop("niet optelbaar naar een eigen buurt"),
}


def t(key: str, lang: str):
    return pgettext("profile document", TEXT[key], lang)


def shown_value(row, indicator, lang: str) -> str:
    """A figure as printed: decimals by unit, '< 5' when hidden, '–' when unknown."""
    if row is None:
        return "–"
    if row["status"] == "suppressed":
        return f"< {row['reason_params'].get('min_count', 5)}" if isinstance(row["reason_params"], dict) else "< 5"
    text = indicator.format(row["value"], lang)
    return text + (" (!)" if row.get("reliability") else "")


def _area_label(key, profile, lang) -> str:
    level = key[0]
    if level == "neighbourhood":
        return profile.names.get(key, key[1])
    return f"{profile.names.get(key, key[1])} ({level_label(level, lang)})"


def figure_table(profile, lang: str) -> tuple[list[str], list[dict]]:
    """Headers and one row per indicator: the latest period with a value for the focus, beside the
    comparison areas' values of that period and the phrase against the first comparison area."""
    keys = [profile.focus] + list(profile.references)
    headers = [t("indicator", lang), t("period", lang)] + [_area_label(k, profile, lang) for k in keys] + \
        [t("phrase", lang)]
    # One pass over the results into plain lookups (a pandas selection per indicator and area was the
    # slowest part of an uncached profile page).
    frame = shown_rows(profile, keys)
    # per indicator: the focus's latest period with a value, else its latest period at all; only the rows of
    # that period are turned into lookups (turning every period's rows into dicts was the page's largest cost).
    # Whole columns as Python lists: iterating Arrow-backed strings one by one is slow.
    columns = [frame[c].tolist() for c in ("level", "code", "vintage", "indicator", "period", "status")]
    latest_any: dict[str, str] = {}
    latest_ok: dict[str, str] = {}
    for level, code, vintage, indicator_id, period, status in zip(*columns, strict=True):
        if (level, code, vintage) != profile.focus:
            continue
        if indicator_id not in latest_any or period > latest_any[indicator_id]:
            latest_any[indicator_id] = period
        if status == "ok" and (indicator_id not in latest_ok or period > latest_ok[indicator_id]):
            latest_ok[indicator_id] = period
    latest = {indicator: [latest_ok.get(indicator, ""), period] for indicator, period in latest_any.items()}
    chosen = {indicator: best[0] or best[1] for indicator, best in latest.items()}
    frame = frame.iloc[[i for i, (indicator_id, period) in enumerate(zip(columns[3], columns[4], strict=True))
                        if chosen.get(indicator_id) == period]]
    lookup: dict[tuple, dict] = {}
    for row in frame.to_dict("records"):
        lookup.setdefault(((row["level"], row["code"], row["vintage"]), row["indicator"], row["period"]), row)
    phrases: dict[tuple[str, str], str] = {}
    comparisons = profile.comparisons
    if len(comparisons) and profile.references:
        first = comparisons[comparisons["ref_code"] == profile.references[0][1]]
        for indicator_id, period, phrase in zip(first["indicator"].tolist(), first["period"].tolist(),
                                                first["phrase"].tolist(), strict=True):
            phrases.setdefault((indicator_id, period), phrase)
    rows = []
    for indicator in profile.catalogue:
        if indicator.group:
            continue
        best = latest.get(indicator.id)
        period = (best[0] or best[1]) if best else ""
        cells, statuses, reason = [], [], ""
        for key in keys:
            row = lookup.get((key, indicator.id, period))
            cells.append(shown_value(row, indicator, lang))
            statuses.append(row["status"] if row is not None else "")
            if key == profile.focus and row is not None and row["status"] != "ok" and row["reason_code"]:
                reason = render(row["reason_code"], row["reason_params"], lang=lang)
        # a count (residents, moves) of a part is naturally smaller than of the whole: no phrase
        phrase = (phrases.get((indicator.id, period)) or "") if indicator.is_ratio else ""
        rows.append({"indicator": indicator, "period": period, "cells": cells, "statuses": statuses,
                     "phrase": phrase, "reason": reason, "theme": indicator.theme})
    return headers, rows


def profile_charts(profile, lang: str) -> list[tuple[str, object]]:
    """The profile's charts as (title, matplotlib figure): the population pyramid and the age structure
    beside the comparison areas. Documents render them as PNG, screens as SVG (from the same
    :func:`profile_chart_specs`). The figures over time have their own section (``profile.series_documents``)."""
    return [(title, spec.figure()) for title, spec in profile_chart_specs(profile, lang)]


def profile_chart_specs(profile, lang: str) -> list[tuple[str, charts.Chart]]:
    """The profile's charts as (title, chart data): cheap to make, drawn only when someone needs one."""
    images = []
    pyramid = profile.pyramid
    if len(pyramid) and pyramid[["male", "female"]].notna().any().any():
        title = f"{t('pyramid', lang)} — {profile.name}, {profile.pyramid_period}"
        images.append((title, charts.chart(
            "population_pyramid", bands=pyramid["band"].tolist(), male=pyramid["male"].tolist(),
            female=pyramid["female"].tolist(), title=title, labels=(t("men", lang), t("women", lang)), unit=t("residents", lang))))
    bands = [i for i in profile.catalogue if i.group == "age_bands_10"]
    if bands:
        series = {}
        period = None
        ids = [b.id for b in bands]
        chosen = shown_rows(profile)  # the areas shown only
        chosen = chosen[chosen["indicator"].isin(ids) & (chosen["status"] == "ok")]
        by_area: dict[tuple, list[tuple]] = {}  # plain lists: a pandas selection per area and band was slow
        for level, code, vintage, indicator_id, row_period, value in zip(
                *(chosen[c].tolist() for c in ("level", "code", "vintage", "indicator", "period", "value")),
                strict=True):
            by_area.setdefault((level, code, vintage), []).append((indicator_id, row_period, value))
        for key in [profile.focus] + list(profile.references):
            rows = by_area.get(tuple(key))
            if not rows:
                continue
            period = period or max(row_period for _, row_period, _ in rows)
            values = {indicator_id: value for indicator_id, row_period, value in rows if row_period == period}
            series[_area_label(key, profile, lang)] = [values.get(b.id, np.nan) for b in bands]
        if series and period:
            labels = [b.label(lang).replace("Aandeel ", "").replace("Share aged ", "").replace(" jaar", "")
                      for b in bands]
            title = f"{t('age_bands', lang)}, {period}"
            images.append((title, charts.chart("grouped_bars", categories=labels, series=series, title=title)))
    return images


# ------------------------------------------------------------------------------------------- Word

WORDS = {  # the report's own headings and alt texts: Dutch msgids (context "profile document")
    "area": gettext_noop("Het gebied"),
    "figures": gettext_noop("Cijfers per thema"),
    "charts": gettext_noop("Grafieken en kaarten"),
    "figures_caption": gettext_noop("{theme}: {name} naast de vergelijkingsgebieden"),
    "pyramid_alt": gettext_noop("Bevolkingspiramide van {name} ({period}): per leeftijdsklasse het "
                                "aantal mannen links en vrouwen rechts, de jongsten onderaan."),
    "bands_alt": gettext_noop("Staafgrafiek van het aandeel inwoners per leeftijdsklasse van 10 "
                              "jaar, met een staaf per gebied: {areas}."),
    "map_alt": gettext_noop("Kaart van de statistische sectoren van de gemeente, gekleurd in vijf "
                            "klassen van het cijfer; de sectoren van de buurt zijn dik omlijnd. "
                            "{title}."),
    "subtitle": gettext_noop("Wie woont er? Cijfers naast de vergelijkingsgebieden, over de tijd, "
                             "en de signalen die eruit volgen."),
}


def _w(key: str, lang: str, **params) -> str:
    return pgettext("profile document", WORDS[key], lang).format(**params)


def profile_figures(profile, lang: str, maps: list | None = None, streets: list | None = None) -> list:
    """The profile's charts and the caller's static maps as :class:`document.Figure` s, each with its alt
    text (the charts drawn only when a renderer needs them). ``streets``: the street network's lines
    (coordinate lists in EPSG:31370, e.g. ``environment.layers.street_paths``) drawn onto each map
    (``graphics.maps.add_streets``); every map is rasterised once at print resolution, one PNG for Word and
    PDF, as the environment document's maps."""
    from zorgzaam.graphics.document import Figure, raster_figure
    from zorgzaam.graphics.maps import add_streets

    areas = ", ".join(_area_label(k, profile, lang) for k in [profile.focus] + list(profile.references))
    figures = []
    for title, spec in profile_chart_specs(profile, lang):
        alt = (_w("pyramid_alt", lang, name=profile.name, period=profile.pyramid_period)
               if spec.kind == "population_pyramid" else _w("bands_alt", lang, areas=areas))
        figures.append(Figure(title, alt, render=spec.figure, width_cm=20.0 if spec.kind == "grouped_bars" else 13.0))
    for item in maps or []:
        title, figure = item
        add_streets(figure, streets, lang)
        figures.append(raster_figure(title, _w("map_alt", lang, title=title), figure, width_cm=16.0))
    return figures


def profile_sections(profile, lang: str = "nl", maps: list | None = None, streets: list | None = None) -> list:
    """The profile as sections of the document model (``graphics.document``): the area, the figures per
    theme beside the comparison areas, charts and maps (``maps``: (title, figure) pairs made by the caller,
    e.g. ``profile.service.sector_map``; ``streets`` drawn on them, see :func:`profile_figures`), the figures
    over time, the signals with their questions and pitfalls, and the definitions with their sources."""
    from zorgzaam.graphics.document import Heading, Section, Sources, Table, bold, callout, italic, para
    from zorgzaam.profile.series_documents import series_section

    area = Section(_w("area", lang))
    if profile.is_fictional:
        area.blocks.append(callout(t("fictional", lang), kind="warning"))
    area.blocks.append(para(bold(f"{t('sectors', lang)}: "), ", ".join(profile.sectors)))
    area.blocks.append(para(bold(f"{t('compared', lang)}: "),
                            "; ".join(_area_label(k, profile, lang) for k in profile.references)))

    figures = Section(_w("figures", lang))
    headers, rows = figure_table(profile, lang)
    keys = [profile.focus] + list(profile.references)
    short = [headers[0], headers[1]] + [profile.names.get(k, k[1]) for k in keys] + [headers[-1]]
    values = max(len(headers) - 3, 1)
    missing = []
    for theme, labels in profile.catalogue.themes.items():
        theme_rows = [r for r in rows if r["theme"] == theme and any(s == "ok" for s in r["statuses"][:1])]
        missing += [r for r in rows if r["theme"] == theme and r not in theme_rows]
        if not theme_rows:
            continue
        label = labels.get(lang, theme)
        figures.blocks.append(Heading(label, 2))
        figures.blocks.append(Table(
            short, [[r["indicator"].label(lang), r["period"], *r["cells"], r["phrase"]] for r in theme_rows],
            caption=_w("figures_caption", lang, theme=label, name=profile.name),
            numeric=[False, True] + [True] * values + [False],
            widths=[6.0, 1.4] + [(24.0 - 6.0 - 1.4 - 4.2) / values] * values + [4.2]))
    figures.blocks.append(para(italic(t("reliability", lang)), style="small"))
    if missing:
        figures.blocks.append(Heading(t("missing", lang), 2))
        figures.blocks += [para(f"{r['indicator'].label(lang)}: {r['reason'] or '–'}", style="bullet")
                           for r in missing]
    sections = [area, figures]
    shown = profile_figures(profile, lang, maps, streets)
    if shown:
        sections.append(Section(_w("charts", lang), list(shown)))
    over_time = series_section(profile, lang)
    if over_time is not None:
        sections.append(over_time)

    signals = Section(t("signals", lang))
    if not profile.signals:
        signals.blocks.append(para(t("no_signals", lang)))
    for signal in profile.signals:
        signals.blocks.append(para(bold(signal.statement[lang]), style="bullet"))
        signals.blocks.append(para(signal.question[lang]))
        for pitfall in signal.pitfalls:
            signals.blocks.append(callout(pitfall[lang], kind="note", title=t("mind", lang)))
    signals.blocks += [para(note) for note in profile.notes or []]
    sections.append(signals)

    definitions = Section(t("definitions", lang))
    listed = [i for i in profile.catalogue if not i.group]
    definitions.blocks.append(Table(
        [t("indicator", lang), t("formula", lang), t("source", lang)],
        [[i.label(lang), i.explanation.get(lang, "") + ("" if i.aggregable else f" ({t('not_aggregable', lang)})"),
          i.source] for i in listed],
        caption=t("definitions", lang), numeric=[False, False, False], widths=[5.0, 13.0, 6.0]))
    sources = sorted({i.source for i in listed if i.source})
    if sources:
        definitions.blocks.append(Sources(tuple(sources), t("source", lang)))
    sections.append(definitions)
    return sections


def profile_report(profile, lang: str = "nl", maps: list | None = None, cover=None, streets: list | None = None):
    """The neighbourhood profile as a :class:`document.Report` (landscape: a figure beside four
    comparison areas needs the width). ``cover``: the team's :class:`document.Cover`; ``streets``: the street
    network's lines under the maps (:func:`profile_figures`), when the caller has a network."""
    from zorgzaam.graphics.document import Cover, Report

    lines = (t("fictional", lang),) if profile.is_fictional else ()
    return Report(f"{t('title', lang)}: {profile.name}", _w("subtitle", lang),
                  cover or Cover(lines=lines), profile_sections(profile, lang, maps, streets), lang=lang,
                  landscape=True)


def _write(content, path):
    if path is None:
        return content
    if hasattr(path, "write"):
        path.write(content)
        return path
    Path(path).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def profile_docx(profile, path: str | Path | None, lang: str = "nl", maps: list | None = None, cover=None,
                 streets: list | None = None):
    """An editable Word document of the profile (:func:`profile_report`, rendered by
    ``graphics.document.render_docx``). Returns the bytes when ``path`` is None."""
    from zorgzaam.graphics.document import render_docx

    return _write(render_docx(profile_report(profile, lang, maps, cover, streets)), path)


def profile_pdf(profile, path: str | Path | None, lang: str = "nl", maps: list | None = None, cover=None,
                streets: list | None = None):
    """The same report as PDF (WeasyPrint). Returns the bytes when ``path`` is None."""
    from zorgzaam.graphics.document import render_pdf

    return _write(render_pdf(profile_report(profile, lang, maps, cover, streets)), path)


def profile_html(profile, path: str | Path | None, lang: str = "nl", maps: list | None = None, cover=None,
                 streets: list | None = None):
    """The same report as one printable HTML page. Returns the text when ``path`` is None."""
    from zorgzaam.graphics.document import render_html

    return _write(render_html(profile_report(profile, lang, maps, cover, streets)), path)


# ------------------------------------------------------------------------------------------- XLSX

def profile_frames(profile, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """The sheets of the spreadsheet: an overview, one per theme (every period), definitions, signals."""
    headers, rows = figure_table(profile, lang)
    overview = pd.DataFrame([[r["indicator"].label(lang), r["period"], *r["cells"], r["phrase"], r["reason"]]
                             for r in rows], columns=headers + [t("reason", lang)])
    sheets = {t("overview", lang): overview}
    keys = [profile.focus] + list(profile.references)
    results = profile.results
    for theme, labels in profile.catalogue.themes.items():
        ids = [i.id for i in profile.catalogue if i.theme == theme]
        part = results[results["indicator"].isin(ids)]
        # a year in which an indicator cannot be computed at all is noise; an indicator without any
        # figure keeps its latest year, so the reason is shown once
        has_figure = part.groupby(["indicator", "period"])["status"].transform(lambda s: (s != "not_computable").any())
        latest = part.groupby("indicator")["period"].transform("max")
        never = ~part.groupby("indicator")["status"].transform(lambda s: (s != "not_computable").any())
        part = part[has_figure | (never & (part["period"] == latest))]
        if part.empty:
            continue
        records = []
        for row in part.itertuples(index=False):
            key = (row.level, row.code, row.vintage)
            if key not in keys and row.level != "neighbourhood":
                continue
            indicator = profile.catalogue[row.indicator]
            shown = row.status == "ok"
            records.append({
                t("indicator", lang): indicator.label(lang), t("period", lang): row.period,
                gettext("Gebied", lang): _area_label(key, profile, lang),
                t("value", lang): round(float(row.value), 2) if shown else shown_value(row._asdict(), indicator, lang),
                t("numerator", lang): row.numerator if shown else None,
                t("denominator", lang): row.denominator if shown else None,
                t("status", lang): row.status,
                t("reason", lang): render(row.reason_code, row.reason_params, lang=lang) if row.reason_code else "",
            })
        if records:
            sheets[labels.get(lang, theme)[:31]] = pd.DataFrame(records)
    over_time = series_frame(profile, lang)
    if len(over_time):
        sheets[series_t("sheet", lang)] = over_time
    sheets[t("definitions", lang)[:31]] = pd.DataFrame([{
        "id": i.id, t("indicator", lang): i.label(lang), t("formula", lang): i.explanation.get(lang, ""),
        "Teller / numerator": " + ".join(i.numerator) + (" − " + " − ".join(i.subtract) if i.subtract else ""),
        "Noemer / denominator": " + ".join(i.denominator), "Schaal / scale": i.scale, "Eenheid / unit": i.unit,
        t("source", lang): i.source,
        "Optelbaar / aggregable": (gettext("ja", lang)) if i.aggregable else (gettext("nee", lang))}
        for i in profile.catalogue])
    sheets[gettext("Signalen", lang)] = pd.DataFrame([{
        t("indicator", lang): profile.catalogue[s.indicator].label(lang), t("period", lang): s.period,
        gettext("Signaal", lang): s.statement[lang],
        gettext("Vraag", lang): s.question[lang],
        t("mind", lang): " / ".join(p[lang] for p in s.pitfalls)} for s in profile.signals])
    return sheets


def profile_xlsx(profile, path: str | Path, lang: str = "nl") -> Path:
    from openpyxl.styles import Font

    from zorgzaam.spreadsheets import fit_columns, protect_book

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in profile_frames(profile, lang).items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            fit_columns(sheet)
            sheet.freeze_panes = "A2"
        if profile.is_fictional:
            writer.book.active.title = writer.book.active.title  # keep the overview first
            overview = writer.book.worksheets[0]
            overview.insert_rows(1)
            overview["A1"] = t("fictional", lang)
            overview["A1"].font = Font(bold=True, color="8A5A00")
        protect_book(writer.book)  # names and notes are text, never formulas
    return path if not isinstance(path, str | Path) else Path(path)


CSV_COLUMNS = ["area_level", "area_code", "area_name", "indicator", "period", "value", "numerator", "denominator",
               "unit", "status", "reason", "reliability"]


def profile_csv_frame(profile, lang: str = "nl") -> pd.DataFrame:
    """Every figure of the profile (``Profile.records``: the focus, its comparison areas and the other
    neighbourhoods), one row per area, indicator and period."""
    flat = [{"area_level": r["area"]["level"], "area_code": r["area"]["code"], "area_name": r["area"]["name"],
             "indicator": r["indicator"], "period": r["period"], "value": r["value"], "numerator": r["numerator"],
             "denominator": r["denominator"], "unit": r["unit"], "status": r["status"], "reason": r["reason"],
             "reliability": r["reliability"]} for r in profile.records(lang)]
    frame = pd.DataFrame(flat, columns=CSV_COLUMNS)
    for column in ("value", "numerator", "denominator"):  # unknown is empty, never text: keeps the decimal mark
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def profile_csv(profile, target, lang: str = "nl", *, for_people: bool = False) -> bytes:
    """The profile's figures as CSV (:func:`zorgzaam.spreadsheets.frame_to_csv`): for people (a web
    download) in the Dutch dialect, else (CLI ``--csv``) with comma and decimal point. Written to ``target``
    (a path or a buffer) when given; returns the bytes."""
    from zorgzaam.spreadsheets import frame_to_csv

    return frame_to_csv(profile_csv_frame(profile, lang), target, for_people=for_people)
