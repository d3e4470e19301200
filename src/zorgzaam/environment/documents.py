"""The environment analysis ("Wat is er in de buurt?") as documents: an editable Word section and a
spreadsheet with one sheet per table. Plain module, no Django.

Both take the dict of :func:`zorgzaam.environment.service.environment_section`. Maps come from the one
map renderer (:mod:`zorgzaam.graphics.maps`) and go into Word as PNG at print resolution, each with a
caption naming its method and approximations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from zorgzaam.graphics import maps
from zorgzaam.messages import format_number, gettext, gettext_noop, pgettext

CHILD_CATEGORIES = {"childcare": "age_000_004", "school": "age_000_014", "playground": "age_000_014",
                    "park": "age_000_014"}

TEXT = {
    "title": gettext_noop("Wat is er in de buurt?"),
    "fictional": gettext_noop("Fictief voorbeeld: deze buurt, de voorzieningen en de straten zijn verzonnen (demogemeente)."),
    "intro": gettext_noop("Welke voorzieningen liggen in en rond {name}, hoe ver wandelen de bewoners ernaartoe, hoeveel "
              "huisartsenaanbod delen ze met hun buren, hoe wandelvriendelijk is de buurt, en waar passen wie er "
              "woont en wat er is niet goed bij elkaar?"),
    "method": gettext_noop("Werkwijze"),
    "distance": gettext_noop("Afstand"),
    "locations": gettext_noop("Woonlocaties"),
    "speed": gettext_noop("Wandelsnelheid"),
    "network": gettext_noop("Stratennetwerk"),
    "facilities": gettext_noop("Voorzieningen"),
    "category": gettext_noop("Soort voorziening"),
    "inside": gettext_noop("In de buurt"),
    "near": gettext_noop("Tot {d} m erbuiten"),
    "region": gettext_noop("In de gemeente"),
    "missing": gettext_noop("Geen enkele voorziening van deze soort in de gegevens: {names}. Ontbreekt ze echt, of ontbreekt ze "
                "alleen in de gegevens?"),
    "reach": gettext_noop("Bereikbaarheid te voet"),
    "reach_intro": gettext_noop("Aandeel van de bewoners (naar bevolking gewogen) dat binnen de afstand wandelt tot de "
                    "dichtstbijzijnde voorziening van elke soort."),
    "group": gettext_noop("Groep"),
    "residents": gettext_noop("Inwoners"),
    "within": gettext_noop("≤ {d} m"),
    "median": gettext_noop("Mediane afstand"),
    "unreachable_col": gettext_noop("Onbereikbaar"),
    "unreachable": gettext_noop("Niet bereikbaar"),
    "unreachable_line": gettext_noop("{category}: {locations} woonlocaties ({population} inwoners): {status}. Voorbeelden "
                         "(sector, x, y): {examples}."),
    "all_reachable": gettext_noop("Elke woonlocatie kan elke soort voorziening over het netwerk bereiken (geen eilanden)."),
    "supply": gettext_noop("Huisartsenaanbod, gedeeld met de buren"),
    "supply_intro": gettext_noop("Werkwijze in twee stappen: elke praktijk deelt haar aanbod met alle inwoners die haar binnen "
                     "{catchment} m kunnen bereiken; elke inwoner telt het aanbod op van alle praktijken binnen die "
                     "afstand. Zo concurreren bewoners van naburige buurten om dezelfde praktijken."),
    "supply_summary": gettext_noop("{name}: {value} praktijken per 1.000 inwoners (aanbod gedeeld met de buren); gemeente: {municipality}; eenvoudige "
                       "verhouding praktijken / inwoners in de gemeente: {plain}."),
    "speed_value": gettext_noop("{kmh} km per uur"),
    "residents_line": gettext_noop("{placed_words}: {placed}; {census_words}: {census}. Alle aandelen en scores tellen de "
                       "inwoners die op de kaart geplaatst konden worden."),
    "reference_area": gettext_noop("referentiegebied"),
    "area": gettext_noop("Gebied"),
    "per_1000": gettext_noop("Per 1.000 inwoners"),
    "sector": gettext_noop("Sector"),
    "practice": gettext_noop("Praktijk"),
    "served": gettext_noop("Inwoners binnen bereik"),
    "walkability": gettext_noop("Wandelvriendelijkheid"),
    "score": gettext_noop("Score"),
    "intersections": gettext_noop("Kruispunten per km²"),
    "density": gettext_noop("Inwoners per ha"),
    "mix": gettext_noop("Functiemix (0–1)"),
    "municipality": gettext_noop("Gemeente"),
    "signals": gettext_noop("Wie er woont en wat er is: (mis)match"),
    "signals_intro": gettext_noop("Een signaal is een vraag om verder te kijken, geen besluit: de voorzieningen en straten komen "
                      "uit de beschikbare gegevens en kunnen onvolledig zijn. {fired} van {checked} regels slaan aan."),
    "evidence": gettext_noop("Onderbouwing"),
    "no_signals": gettext_noop("Geen enkele regel slaat aan voor dit gebied."),
    "statement": gettext_noop("Signaal"),
    "rule": gettext_noop("Regel"),
    "name": gettext_noop("Naam"),
    "address": gettext_noop("Adres"),
    "source": gettext_noop("Bron"),
    "where": gettext_noop("Ligging"),
    "where_values": {"inside": gettext_noop("in de buurt"), "near": gettext_noop("dichtbij"),
                     "region": gettext_noop("in de gemeente")},
}


def t(key: str, lang: str, **params):
    value = TEXT[key]  # Dutch msgids, English in the reports catalogue (context "environment document")
    if isinstance(value, dict):
        return {k: pgettext("environment document", v, lang) for k, v in value.items()}
    value = pgettext("environment document", value, lang)
    return value.format(**params) if params else value


def _n(value, lang: str, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return format_number(value, lang, decimals)


def _pct(value, lang: str) -> str:
    return "–" if value is None else f"{format_number(100 * value, lang, 0)} %"


def placed_header(lang: str) -> str:
    """The column header of residents placed on the map (the count every share and score weighs by)."""
    from zorgzaam.profile.residents import resident_words

    return resident_words("placed", lang, capital=True)


def census_header(lang: str) -> str:
    """The column header of residents according to the sector count (as in the profile)."""
    from zorgzaam.profile.residents import resident_words

    return resident_words("census", lang, capital=True)


def _residents_line(section: dict, lang: str) -> str:
    residents = section.get("residents") or {}
    return t("residents_line", lang, placed_words=placed_header(lang), placed=_n(residents.get("placed"), lang),
             census_words=census_header(lang).lower(), census=_n(residents.get("census"), lang))


def walkability_entries(section: dict, lang: str) -> list[tuple[dict, str]]:
    """(entry, label) of the walkability table, as the screen shows it: the target, the workspace's other
    neighbourhoods, then the reference area, each read from ``service.walkability_of``."""
    walk = section["walkability"]
    entries = [(walk.get("target"), section["target"])]
    entries += [(n, n["name"]) for n in walk["by_neighbourhood"] if not n.get("is_target")]
    reference = walk.get("municipality")
    if reference:
        entries.append((reference, f"{reference.get('name') or t('municipality', lang)} ({t('reference_area', lang)})"))
    return [(e, label) for e, label in entries if e and e.get("score") is not None]


def walkability_table(section: dict, lang: str, caption: str = ""):
    """The walkability table (:func:`walkability_entries`: score, its three parts, both resident counts), or
    None when no area has a score."""
    from zorgzaam.graphics.document import Table

    rows = [[label, _n(entry["score"], lang, 1), _n(entry["intersection_density"], lang, 0),
             _n(entry["residential_density"], lang, 1), _n(entry["land_use_mix"], lang, 2),
             _n(entry["residents_placed"], lang), _n(entry["residents_census"], lang)]
            for entry, label in walkability_entries(section, lang)]
    if not rows:
        return None
    return Table([t("area", lang), t("score", lang), t("intersections", lang), t("density", lang), t("mix", lang),
                  placed_header(lang), census_header(lang)], rows, caption=caption or t("walkability", lang),
                 widths=[4.0, 1.4, 2.2, 1.8, 1.8, 2.4, 2.4])


def reach_rows(section: dict, lang: str, all_groups: bool = False) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the reach table (the document shows everyone, 65+, 80+ and, for children's
    facilities, the children; the spreadsheet every group)."""
    thresholds = section["thresholds_m"]
    headers = [t("category", lang), t("group", lang), placed_header(lang)] + \
        [t("within", lang, d=_n(d, lang)) for d in thresholds] + [t("median", lang), t("unreachable_col", lang)]
    rows = []
    for row in section["reach"]:
        wanted = {"all", "age_065_999", "age_080_999"}
        if row["category"] in CHILD_CATEGORIES:
            wanted = {"all", CHILD_CATEGORIES[row["category"]]}
        if not all_groups and row["group"] not in wanted:
            continue
        median = row["median_distance_m"]
        rows.append([row["category_name"], row["group_label"], _n(row["population"], lang)]
                    + [_pct(s, lang) for s in row["shares"]]
                    + [f"{_n(median, lang)} m" if median is not None else ("" if row["group"] != "all" else "–"),
                       _n(row["population_unreachable"], lang)])
    return headers, rows


def _figure(static_map, width_cm: float = 16.0):
    """A :class:`maps.StaticMap` as a document figure: its title as caption, its method and approximations
    as the note under it, and the two as the alt text. Drawn once and rasterised once at print resolution
    (``document.raster_figure``): Word and PDF share one PNG per map (as SVG, the street layer under every
    map made the demo's PDF five times slower)."""
    from zorgzaam.graphics.document import raster_figure

    return raster_figure(static_map.title, f"{static_map.title}. {static_map.caption}", static_map.figure,
                         note=static_map.caption, width_cm=width_cm)


def environment_sections(section: dict, lang: str = "nl", extra_maps: list | None = None) -> list:
    """The environment analysis as sections of the document model (``graphics.document``): method,
    facilities (table and map), the reach table with its maps and the unreachable locations, GP supply by
    2SFCA, walkability (table, map, warning) and the (mis)match signals with their evidence.
    ``extra_maps``: more :class:`maps.StaticMap` (e.g. isochrones), at the end."""
    from zorgzaam.graphics.document import Heading, Section, Table, bold, callout, italic, para

    name = section["target"]
    methods = section["methods"]
    method = Section(t("method", lang))
    if section.get("is_fictional"):
        method.blocks.append(callout(t("fictional", lang), kind="warning"))
    method.blocks.append(para(t("intro", lang, name=name)))
    for label, value in ((t("distance", lang), methods["distance_text"]),
                         (t("locations", lang), "; ".join(methods["locations_text"])
                          + f" ({_n(methods['location_count'], lang)})"),
                         (t("speed", lang), t("speed_value", lang, kmh=_n(methods["speed_m_s"] * 3.6, lang, 1))),
                         (t("residents", lang), _residents_line(section, lang)),
                         (t("network", lang), methods.get("network") or "–")):
        method.blocks.append(para(bold(f"{label}: "), str(value), style="bullet"))
    static_maps = maps.environment_maps(section, lang)
    by_kind = {"facilities": static_maps[:1], "distance": [m for m in static_maps[1:] if m.title.startswith(
        gettext(maps.TEXT["distance"], lang).split("{")[0])],
        "walkability": [m for m in static_maps if m.title == gettext(maps.TEXT["walkability"], lang)]}

    facilities = Section(t("facilities", lang))
    near = 800
    facilities.blocks.append(Table(
        [t("category", lang), t("inside", lang), t("near", lang, d=_n(near, lang)), t("region", lang)],
        [[c["category_name"], c["inside"], c["near"], c["region"]] for c in section["facility_counts"]
         if c["category"] in section["categories"]], caption=t("facilities", lang) + f" — {name}",
        widths=[7.5, 3.0, 3.0, 3.0]))
    if section.get("missing_categories"):
        from zorgzaam.environment.taxonomy import category_name

        facilities.blocks.append(para(t("missing", lang, names=", ".join(category_name(c, lang)
                                                                         for c in section["missing_categories"]))))
    facilities.blocks += [_figure(m) for m in by_kind["facilities"]]

    reach = Section(t("reach", lang), [para(t("reach_intro", lang))])
    headers, rows = reach_rows(section, lang)
    reach.blocks.append(Table(headers, rows, caption=t("reach", lang) + f" — {name}",
                              widths=[4.0, 2.2, 2.6] + [1.4] * len(section["thresholds_m"]) + [1.9, 2.1]))
    reach.blocks.append(Heading(t("unreachable", lang), 2))
    if not section["unreachable"]:
        reach.blocks.append(para(t("all_reachable", lang)))
    for item in section["unreachable"]:
        examples = "; ".join(f"{e['sector_code']} {_n(e['x'], lang)} {_n(e['y'], lang)}" for e in item["examples"][:5])
        reach.blocks.append(para(t("unreachable_line", lang, category=item["category_name"],
                                   locations=_n(item["locations"], lang), population=_n(item["population"], lang),
                                   status=item["status_text"], examples=examples), style="bullet"))
    reach.blocks += [_figure(m) for m in by_kind["distance"]]

    supply = section["supply"]
    gp = Section(t("supply", lang), [
        para(t("supply_intro", lang, catchment=_n(supply["catchment_m"], lang))),
        para(t("supply_summary", lang, name=name, value=_n(supply["target_per_1000"], lang, 2),
               municipality=_n(supply["municipality_per_1000"], lang, 2),
               plain=_n(supply["plain_ratio_per_1000"], lang, 2)))])
    if supply["by_neighbourhood"]:
        gp.blocks.append(Table(
            [t("area", lang), placed_header(lang), t("per_1000", lang)],
            [[n["name"] + (" ◀" if n["is_target"] else ""), _n(n["population"], lang), _n(n["per_1000"], lang, 2)]
             for n in supply["by_neighbourhood"]], caption=t("supply", lang) + f": {t('area', lang).lower()}",
            widths=[8.0, 3.0, 3.5]))
    if supply["by_sector"]:
        gp.blocks.append(Table(
            [t("sector", lang), placed_header(lang), t("per_1000", lang)],
            [[f"{s['code']} {s['name']}" + (" ◀" if s["in_target"] else ""), _n(s["population"], lang),
              _n(s["per_1000"], lang, 2)] for s in sorted(supply["by_sector"], key=lambda s: -(s["per_1000"] or 0))],
            caption=t("supply", lang) + f": {t('sector', lang).lower()}", widths=[8.0, 3.0, 3.5]))
    gp.blocks.append(para(italic(supply["note"]), style="small"))

    walk = section["walkability"]
    walking = Section(t("walkability", lang), [para(walk["method"])])
    if walk.get("reference_text"):
        walking.blocks.append(para(walk["reference_text"]))
    table = walkability_table(section, lang, caption=t("walkability", lang) + f" — {name}")
    if table is not None:
        walking.blocks.append(table)
    walking.blocks.append(callout(walk["warning"], kind="warning"))
    walking.blocks += [_figure(m) for m in by_kind["walkability"]]

    signals = Section(t("signals", lang), [para(t("signals_intro", lang, fired=len(section["signals"]),
                                                    checked=section["rules_checked"]))])
    if section.get("signal_message"):
        signals.blocks.append(para(section["signal_message"]))
    elif not section["signals"]:
        signals.blocks.append(para(t("no_signals", lang)))
    for signal in section["signals"]:
        signals.blocks.append(para(bold(signal["statement"]), style="bullet"))
        signals.blocks.append(para(italic(f"{t('evidence', lang)}: "), signal["evidence_text"]))
    signals.blocks += [_figure(m) for m in extra_maps or []]
    return [method, facilities, reach, gp, walking, signals]


def environment_report(section: dict, lang: str = "nl", extra_maps: list | None = None, cover=None):
    """The section "Wat is er in de buurt?" as a :class:`document.Report`."""
    from zorgzaam.graphics.document import Cover, Report

    lines = (t("fictional", lang),) if section.get("is_fictional") else ()
    return Report(f"{t('title', lang)} — {section['target']}", "", cover or Cover(lines=lines),
                  environment_sections(section, lang, extra_maps), lang=lang)


def environment_docx(section: dict, path: str | Path | None, lang: str = "nl", extra_maps: list | None = None):
    """The Word section "Wat is er in de buurt?" (:func:`environment_report`, rendered by
    ``graphics.document.render_docx``). Returns the bytes when ``path`` is None."""
    from zorgzaam.graphics.document import render_docx

    content = render_docx(environment_report(section, lang, extra_maps))
    if path is None:
        return content
    Path(path).write_bytes(content)
    return Path(path)


def environment_frames(section: dict, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """One table per sheet: facilities, counts, reach (every group), unreachable locations, GP supply
    (sectors, neighbourhoods, practices), walkability (areas, cells), signals, method."""
    where = t("where_values", lang)
    sheets = {}
    sheets[t("facilities", lang)] = pd.DataFrame([{
        "id": f["id"], t("name", lang): f["name"], t("category", lang): f["category_name"], "x": f["x"], "y": f["y"],
        t("address", lang): f["address"], t("where", lang): where.get(f["where"], f["where"]),
        t("source", lang): f["source"], "Datum / date": f["source_date"]} for f in section["facilities"]])
    sheets[gettext("Aantallen", lang)] = pd.DataFrame([{
        t("category", lang): c["category_name"], t("inside", lang): c["inside"], t("near", lang, d="800"): c["near"],
        t("region", lang): c["region"]} for c in section["facility_counts"]])
    thresholds = section["thresholds_m"]
    sheets[t("reach", lang)] = pd.DataFrame([{
        t("category", lang): r["category_name"], "category_id": r["category"], t("group", lang): r["group_label"],
        t("residents", lang): round(r["population"], 1),
        **{t("within", lang, d=_n(d, lang)): (None if s is None else round(s, 4)) for d, s in zip(thresholds, r["shares"], strict=True)},
        t("median", lang) + " (m)": None if r["median_distance_m"] is None else round(r["median_distance_m"], 1),
        t("unreachable_col", lang): round(r["population_unreachable"], 1), "methode / method": r["method"]}
        for r in section["reach"]])
    sheets[t("unreachable", lang)] = pd.DataFrame([{
        t("category", lang): u["category_name"], "status": u["status_text"], "location_id": e["location_id"],
        t("sector", lang): e["sector_code"], "x": e["x"], "y": e["y"]} for u in section["unreachable"]
        for e in u["examples"]], columns=[t("category", lang), "status", "location_id", t("sector", lang), "x", "y"])
    supply = section["supply"]
    sheets[gettext("Huisartsen per sector", lang)] = pd.DataFrame([{
        t("sector", lang): s["code"], t("name", lang): s["name"], "in buurt / in target": s["in_target"],
        t("residents", lang): round(s["population"], 1), t("per_1000", lang): s["per_1000"]}
        for s in supply["by_sector"]])
    sheets[gettext("Huisartsen per buurt", lang)] = pd.DataFrame([{
        t("area", lang): n["name"], t("residents", lang): round(n["population"], 1), t("per_1000", lang): n["per_1000"]}
        for n in supply["by_neighbourhood"]])
    sheets[gettext("Huisartsenpraktijken", lang)] = pd.DataFrame([{
        t("practice", lang): p["name"], "x": p["x"], "y": p["y"], t("served", lang): round(p["population_served"], 1),
        t("per_1000", lang): p["ratio_per_1000"]} for p in supply["points"]])
    walk = section["walkability"]
    sheets[t("walkability", lang)] = pd.DataFrame(
        [{t("area", lang): label, t("score", lang): entry["score"], t("intersections", lang): entry["intersection_density"],
          t("density", lang): entry["residential_density"], t("mix", lang): entry["land_use_mix"],
          placed_header(lang): entry["residents_placed"], census_header(lang): entry["residents_census"]}
         for entry, label in walkability_entries(section, lang)])
    sheets[gettext("Cellen 100 m", lang)] = pd.DataFrame(walk["cells"])
    sheets[gettext("Signalen", lang)] = pd.DataFrame([{
        t("rule", lang): s["rule_id"], t("statement", lang): s["statement"], t("evidence", lang): s["evidence_text"],
        **{f"evidence.{k}": (", ".join(v) if isinstance(v, list) else v) for k, v in s["evidence"].items()}}
        for s in section["signals"]])
    methods = section["methods"]
    sheets[t("method", lang)] = pd.DataFrame([
        {"": t("distance", lang), "waarde / value": methods["distance_text"]},
        {"": t("locations", lang), "waarde / value": "; ".join(methods["locations_text"])},
        {"": t("speed", lang), "waarde / value": t("speed_value", lang, kmh=_n(methods["speed_m_s"] * 3.6, lang, 1))},
        {"": t("residents", lang), "waarde / value": _residents_line(section, lang)},
        {"": t("network", lang), "waarde / value": methods.get("network") or ""},
        {"": t("supply", lang), "waarde / value": f"{_n(supply['catchment_m'], lang)} m; {supply['note']}"},
        {"": t("walkability", lang), "waarde / value": " ".join(
            v for v in (walk["method"], walk.get("reference_text", ""), walk["warning"]) if v)},
    ] + ([{"": "!", "waarde / value": t("fictional", lang)}] if section.get("is_fictional") else []))
    return sheets


def environment_xlsx(section: dict, path: str | Path, lang: str = "nl") -> Path:
    from openpyxl.styles import Font

    from zorgzaam.spreadsheets import fit_columns, protect_book

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in environment_frames(section, lang).items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            fit_columns(sheet)
            sheet.freeze_panes = "A2"
        protect_book(writer.book)  # facility names are text, never formulas
    return Path(path)
