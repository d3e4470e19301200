"""The buurtanalyse report for one or more neighbourhoods, built with the one document model
(:mod:`zorgzaam.graphics.document`) and rendered to Word, PDF or HTML.

Two steps. :func:`gather` reads everything from the database and the analyses' services into a plain
:class:`BuurtanalyseData` (the profile from ``profile.service``, "what is there" from
``environment.service.environment_section``, the survey reports from ``voices.services``, the summary table,
challenges, plan and meetings, the decree checklist); it never recomputes a figure. :func:`build_report`
turns that into a :class:`document.Report`: plain assembly, no database. A section whose data is missing
says what is missing and how to add it, and the report still renders. While the checklist has to-dos the
report is a draft (marked ONTWERP).

:func:`export` renders, stores the file under the data directory as a new version (never overwriting an
earlier one) and records who made it from which inputs (:class:`reports.models.ReportExport`), audited."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from zorgzaam.messages import gettext, gettext_noop, pgettext
from zorgzaam.reports.checklist import Checklist, checklist_section

KIND = "buurtanalyse"
FORMATS = ("docx", "pdf", "html")

# the sections a team can choose (the checklist annex always comes with the report)
SECTIONS = ("vision", "delineation", "profile", "environment", "voices", "summary", "synthesis", "challenges",
            "plan", "trajectory", "sources")

SECTION_TITLES = {
    "vision": gettext_noop("Onze visie op een zorgzame buurt"),
    "delineation": gettext_noop("Hoe we de buurten afbakenden"),
    "profile": gettext_noop("Wie woont er?"),
    "environment": gettext_noop("Wat is er in de buurt?"),
    "voices": gettext_noop("Wat leeft er?"),
    "summary": gettext_noop("Samenvattende tabel"),
    "synthesis": gettext_noop("Wat we besluiten per buurt"),
    "challenges": gettext_noop("Uitdagingen en prioriteiten"),
    "plan": gettext_noop("Het buurtplan in grote lijnen"),
    "trajectory": gettext_noop("Wie we raadpleegden"),
    "sources": gettext_noop("Bronnen en werkwijze"),
}

# the profile's key figures shown per neighbourhood (the full profile is its own report)
KEY_INDICATORS = ("population", "share_65plus", "share_80plus", "mantelzorgratio", "grijze_druk",
                  "interne_vergrijzing", "share_single_person_households", "share_living_alone_75plus",
                  "share_increased_reimbursement_20_64", "share_replacement_income_65plus", "share_tenants",
                  "social_rental_per_100_households", "ocmw_support_per_100")

SURVEY_TABLES = 4  # survey tables shown per survey besides the loneliness score (the survey report has all)


def w(msgid: str, lang: str) -> str:
    """A text of this module's tables (a Dutch msgid) in ``lang``."""
    return gettext(msgid, lang)


MISSING = {
    "vision": gettext_noop("Het team schreef nog geen visie. Schrijf ze bovenaan het buurtplan (Plan > "
                           "Visie)."),
    "profile": gettext_noop("Er zijn geen cijfers over de bevolking van {name}. Laad ze in bij Gegevens "
                            "> Importeren (bv. de bevolking per statistische sector van Statbel) en maak "
                            "het rapport opnieuw."),
    "environment": gettext_noop("De omgevingsanalyse van {name} kon niet gemaakt worden: {reason} Voeg "
                                "voorzieningen en een stratennetwerk toe bij Omgeving."),
    "voices": gettext_noop("Er is nog geen bevraging met antwoorden en geen verslag van een gesprek voor "
                           "{name}. Start een bevraging of noteer een gesprek bij Bewoners."),
    "summary": gettext_noop("De samenvattende tabel is nog leeg. Verzamel de signalen bij Plan > "
                            "Samenvatting."),
    "challenges": gettext_noop("Er zijn nog geen uitdagingen. Maak ze uit de samenvattende tabel en kies "
                               "de prioriteiten samen met bewoners en professionals (Plan > "
                               "Prioriteiten)."),
    "plan": gettext_noop("Er is nog geen buurtplan. Zet de uitdagingen om in doelen en acties (Plan)."),
    "trajectory": gettext_noop("Er is nog geen overleg vastgelegd. Noteer elk overleg met datum en "
                               "deelnemers bij Opvolging > Overleg."),
}


@dataclass
class NeighbourhoodData:
    name: str
    version: int | None
    rule: str = ""
    rule_description: str = ""
    sectors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    profile: object = None  # profile.service Profile, or None
    profile_problem: str = ""
    _figures: dict | None = field(default=None, repr=False)  # key figure id -> (focus, municipality) as printed
    _table: tuple | None = field(default=None, repr=False)  # (lang, the profile's figure table), made once
    environment: dict | None = None
    environment_problem: str = ""
    strengths: list[str] = field(default_factory=list)
    challenges_heard: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (text, speaker kind, themes)
    sessions: list[dict] = field(default_factory=list)


@dataclass
class BuurtanalyseData:
    workspace: str
    lang: str
    neighbourhoods: list[NeighbourhoodData]
    sections: tuple[str, ...]
    checklist: Checklist
    is_fictional: bool = False
    vision: str = ""
    surveys: list[dict] = field(default_factory=list)  # voices report dicts (already protected)
    findings: list[dict] = field(default_factory=list)
    challenges: list[dict] = field(default_factory=list)
    priorities: list[dict] = field(default_factory=list)
    plan: list[dict] = field(default_factory=list)  # goal_tree rows
    meetings: list[dict] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)
    inputs: dict = field(default_factory=dict)
    base_url: str = ""
    shapes: list = field(default_factory=list)  # (sector code, shapely outline) of the municipality, for maps
    approximate_shapes: bool = False


# ------------------------------------------------------------------------------------------ gathering

def _session_kind(kind: str, lang: str) -> str:
    from zorgzaam.voices import codes

    return codes.label(codes.SESSION_KINDS, kind, lang)


def _warning_text(warning, lang: str) -> str:
    """A neighbourhood version's warning in words: a message record ({"code", "params"}) worded in ``lang``,
    an older row's {"nl", "en"} read as stored, or plain text."""
    from zorgzaam.messages import stored_text

    if isinstance(warning, dict):
        return stored_text(warning, lang) or str(warning.get("code", ""))
    return str(warning)


def gather(workspace, neighbourhoods: list, *, sections=SECTIONS, lang: str = "nl", actor: str = "",
           progress: Callable[[float, str], None] | None = None, base_url: str = "") -> BuurtanalyseData:
    """Everything the report shows, read once. ``progress(fraction, step)`` is told how far it is."""
    from zorgzaam.followup.models import Meeting
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.plan import plan_service
    from zorgzaam.plan.models import Challenge, Finding, PriorityDecision
    from zorgzaam.profile.service import _datasets, neighbourhood_profile
    from zorgzaam.reports.collect import checklist_for
    from zorgzaam.voices.models import QualitativeSession, Quote, StrengthChallenge, Survey

    def tell(fraction: float, step: str) -> None:
        if progress is not None:
            progress(fraction, step)

    sections = tuple(s for s in SECTIONS if s in set(sections))
    ids = [n.pk for n in neighbourhoods]
    items = []
    steps = max(len(neighbourhoods), 1)
    walkability_done = False
    shared_analysis: dict = {}  # the region's network, locations, reach and supply: computed once, for all
    profiles = {}  # every profile built, by neighbourhood name: the environment sections read them too
    for index, n in enumerate(neighbourhoods):
        version = n.current
        item = NeighbourhoodData(n.name, version.number if version else None,
                                 version.rule if version else "", version.rule_description if version else "",
                                 list(version.sector_codes) if version else [],
                                 [_warning_text(x, lang) for x in (version.warnings or [])] if version else [])
        # the profile is read even when its section is left out: the checklist asks whether there are figures
        tell(0.05 + 0.2 * index / steps, "profile")
        try:
            item.profile = profiles[n.name] = neighbourhood_profile(n)
            if not (item.profile.focus_results()["status"] == "ok").any():
                item.profile, item.profile_problem = None, "no_figures"
        except ZorgzaamError as error:
            item.profile_problem = error.render(lang)
        items.append(item)
    for index, (n, item) in enumerate(zip(neighbourhoods, items, strict=True)):
        if "environment" in sections:
            tell(0.25 + 0.4 * index / steps, "environment")
            try:
                from zorgzaam.environment.service import environment_section

                # walkability is one computation over the municipality that scores every neighbourhood of the
                # workspace at once: the first section that gets it carries all of them (the same numbers); the
                # street lines likewise (only the maps of the whole municipality draw them, from the first);
                # the signals and the census counts read the profiles built above (not built again)
                parts = ("signals",) if walkability_done else ("walkability", "signals")
                item.environment = environment_section(n.name, n.workspace, lang=lang, parts=parts,
                                                       streets=not any(i.environment for i in items[:index]),
                                                       shared=shared_analysis, profiles=profiles)
                walkability_done = walkability_done or bool((item.environment.get("walkability") or {}).get(
                    "by_neighbourhood"))
            except ZorgzaamError as error:
                item.environment_problem = error.render(lang)
        notes = StrengthChallenge.objects.filter(neighbourhood=n).order_by("pk")
        item.strengths = [s.text for s in notes if s.kind == StrengthChallenge.STRENGTH]
        item.challenges_heard = [s.text for s in notes if s.kind == StrengthChallenge.CHALLENGE]
        item.quotes = [(q.text, q.speaker_kind, list(q.themes)) for q in Quote.objects.filter(
            neighbourhood=n).order_by("pk")[:6]]
        item.sessions = [{"title": s.title, "kind": _session_kind(s.kind, lang),
                          "date": s.held_on.isoformat() if s.held_on else "", "participants": s.participant_count}
                         for s in QualitativeSession.objects.filter(neighbourhood=n).order_by("held_on", "pk")]

    tell(0.7, "voices")
    surveys = []
    survey_states = {}
    from zorgzaam.voices.services import survey_report

    for survey in Survey.objects.filter(workspace=workspace, neighbourhoods__in=ids).distinct().order_by("pk"):
        completed = survey.respondents.filter(completed_at__isnull=False).count()
        survey_states[str(survey.pk)] = {"status": survey.status, "completed": completed}
        if completed and "voices" in sections:  # the survey report is an export of answers: audited
            surveys.append(survey_report(survey, actor=actor or "rapport", lang=lang, fmt="report",
                                         target="buurtanalyse"))

    tell(0.8, "plan")
    import zorgzaam.plan.findings  # noqa: F401  (registers the summary table's message codes, e.g. a question)

    findings = [{"neighbourhood": f.neighbourhood.name if f.neighbourhood else "", "source": f.get_source_display(),
                 "statement": f.statement(lang), "question": f.question(lang), "status": f.status,
                 "status_text": str(f.get_status_display()), "hints": sorted(f.hints or {}), "theme": f.theme,
                 "key": f.key}
                for f in Finding.objects.filter(workspace=workspace, neighbourhood__in=ids, is_current=True)
                .exclude(status="rejected").select_related("neighbourhood").order_by("neighbourhood__name", "source",
                                                                                     "key")]
    challenges = [{"title": c.title, "description": c.description, "target_group": c.target_group,
                   "neighbourhoods": sorted(n.name for n in c.neighbourhoods.all())}
                  for c in Challenge.objects.filter(workspace=workspace).prefetch_related("neighbourhoods")
                  .order_by("position", "pk")
                  if not c.neighbourhoods.all() or {n.pk for n in c.neighbourhoods.all()} & set(ids)]
    priorities = [{"round": d.round.title, "item": str(getattr(d.item, "title", d.item)),
                   "decision": str(d.get_decision_display()), "reason": d.reason}
                  for d in PriorityDecision.objects.filter(round__workspace=workspace)
                  .select_related("round", "item").order_by("round_id", "pk")]
    try:
        plan = plan_service.load_tree(workspace).rows(plan_service.settings_for(workspace).numbering, lang)
    except Exception:  # a plan the other parts are still shaping must not stop the report
        plan = []
    meetings = [{"date": m.date.isoformat(), "consulted": str(m.get_consulted_display()), "title": m.title,
                 "attendance": m.attendance, "organisations": sorted(p.organisation for p in m.partners_present.all())}
                for m in Meeting.objects.filter(workspace=workspace).prefetch_related("partners_present")
                .order_by("date", "pk")]
    datasets = [{"id": d.pk, "name": d.name, "source": d.source, "periods": list(d.periods or []),
                 "rows": d.row_count} for d in _datasets(workspace).filter(row_count__gt=0).order_by("pk")]
    checklist = checklist_for(workspace, neighbourhoods, {i.name: i.profile is not None for i in items})
    shapes, approximate = [], False
    if {"delineation", "summary"} & set(sections):
        from zorgzaam.reports.collect import sector_shapes

        shapes, approximate = sector_shapes(workspace, sorted({c for i in items for c in i.sectors}))
    tell(0.85, "render")
    inputs = {"neighbourhoods": {i.name: i.version for i in items}, "datasets": [d["id"] for d in datasets],
              "surveys": survey_states, "sections": list(sections), "lang": lang}
    return BuurtanalyseData(workspace=workspace.name, lang=lang, neighbourhoods=items, sections=sections,
                            checklist=checklist, is_fictional=workspace.is_demo,
                            vision=plan_service.vision_text(workspace), surveys=surveys, findings=findings,
                            challenges=challenges, priorities=priorities, plan=plan, meetings=meetings,
                            datasets=datasets, inputs=inputs, base_url=base_url, shapes=shapes,
                            approximate_shapes=approximate)


# ------------------------------------------------------------------------------------------ assembling

def _missing(code: str, lang: str, **params):
    from zorgzaam.graphics.document import callout

    return callout(w(MISSING[code], lang).format(**params), kind="warning",
                   title=gettext("Ontbreekt", lang))


def _vision(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import para

    if not data.vision.strip():
        return [_missing("vision", lang)]
    return [para(line) for line in data.vision.strip().splitlines() if line.strip()]


def _delineation(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, Table, bold, callout, para

    rules = {"sectors": gettext_noop("zelf gekozen statistische sectoren"),
             "area": gettext_noop("een volledig gebied (bv. een wijk)"),
             "polygon-centroid": gettext_noop("een getekende vorm; een sector hoort erbij als zijn "
                                              "middelpunt erin ligt"),
             "polygon-area": gettext_noop("een getekende vorm; een sector hoort erbij als genoeg van "
                                          "zijn oppervlakte erin ligt")}
    blocks = [para(gettext("Een buurt is hier altijd een set van hele statistische sectoren, zodat de "
                           "cijfers van Statbel en andere bronnen er exact bij passen. Zo kozen we ze:", lang))]
    rows = []
    for n in data.neighbourhoods:
        rule = w(rules[n.rule], lang) if n.rule in rules else (n.rule or "–")
        if n.rule_description:
            rule += f" ({n.rule_description})"
        rows.append([n.name, str(n.version or "–"), rule, str(len(n.sectors)), ", ".join(n.sectors) or "–"])
    blocks.append(Table([gettext("Buurt", lang), gettext("Versie", lang),
                         pgettext("report column", "Regel", lang), gettext("Sectoren", lang),
                         gettext("Codes", lang)], rows,
                        caption=gettext("Afbakening van de buurten", lang),
                        numeric=[False, True, False, True, False], widths=[3.5, 1.7, 5.3, 1.9, 5.5]))
    for n in data.neighbourhoods:
        if n.warnings:
            blocks.append(Heading(n.name, 3))
            blocks += [callout(text, kind="note") for text in n.warnings]
        if n.rule.startswith("polygon"):
            blocks.append(para(bold(gettext("Benadering: ", lang)), gettext(
                "de getekende vorm van {name} is omgezet naar hele sectoren; de cijfers gaan over die sectoren, "
                "niet over de getekende lijn.", lang).format(name=n.name), style="small"))
    # the map last: under it the chapter ends, so no note is left alone on the page after it (a map that does
    # not fit moves to the next page whole, the notes stay with the table they explain)
    figure = _map(data, lang, gettext("De buurten in de gemeente", lang), gettext(
        "Kaart van de statistische sectoren van de gemeente in lichtgrijs; elke buurt is in een eigen kleur "
        "omlijnd en genummerd, de legende geeft naam en aantal sectoren: {names}.", lang),
        {n.name: gettext("{name} ({count} sectoren)", lang).format(name=n.name, count=len(n.sectors))
         for n in data.neighbourhoods})
    if figure is not None:
        blocks.append(figure)
    return blocks


def _map(data: BuurtanalyseData, lang: str, title: str, alt: str, labels: dict[str, str], points=None):
    """A map of the municipality with the neighbourhoods outlined (``graphics.maps.neighbourhoods_map``) as a
    document figure; None without sector outlines. ``alt`` may name the neighbourhoods as {names}."""
    from zorgzaam.graphics.document import Figure
    from zorgzaam.graphics.maps import neighbourhoods_map

    groups = {n.name: n.sectors for n in data.neighbourhoods if n.sectors}
    if not data.shapes or not groups:
        return None
    # the street network under the outlines, as on the environment maps (every section carries the region's)
    streets = next((n.environment["streets"] for n in data.neighbourhoods if (n.environment or {}).get("streets")),
                   None)
    notes = ["EPSG:31370 (Lambert 72)" + (gettext("; straten uit het stratennetwerk van de analyse, geen "
                                                  "achtergrondkaart", lang) if streets
                                          else "; " + gettext("geen achtergrondkaart", lang)) + "."]
    if data.approximate_shapes:
        notes.append(gettext("Sectorgrenzen zijn benaderd (geen officiële grenzen).", lang))
    if data.is_fictional:
        notes.append(gettext("Fictief voorbeeld (demogemeente).", lang))
    # drawn once and rasterised once: the same PNG in Word and in the PDF (the streets and outlines as SVG, many
    # thousands of vertices, made WeasyPrint's PDF four times slower and the file twice as large)
    from zorgzaam.graphics import charts
    from zorgzaam.graphics.document import PRINT_DPI

    drawn = neighbourhoods_map(data.shapes, groups, title, lang, labels=labels, points=points, streets=streets)
    return Figure(title, alt.format(names=", ".join(groups)), png=charts.png(drawn, dpi=PRINT_DPI),
                  note=" ".join(notes), width_cm=15.0)


def _figure_table(n: NeighbourhoodData, lang: str) -> tuple:
    """The profile's figure table of ``n`` (``profile.documents.figure_table``: headers, rows), made once for
    the profile chapter, the summary and the synthesis."""
    if n._table is None or n._table[0] != lang:
        from zorgzaam.profile.documents import figure_table

        n._table = (lang, figure_table(n.profile, lang))
    return n._table[1]


def _key_figures(n: NeighbourhoodData, lang: str) -> dict:
    """Key indicator id -> (label, the neighbourhood's figure, the municipality's figure, period), as printed in
    the profile's figure table (read once per neighbourhood)."""
    if n._figures is None:
        n._figures = {}
        if n.profile is not None:
            _, rows = _figure_table(n, lang)
            for r in rows:
                if r["statuses"][:1] == ["ok"]:
                    n._figures[r["indicator"].id] = (r["indicator"].label(lang), r["cells"][0],
                                                     r["cells"][1] if len(r["cells"]) > 1 else "", r["period"])
    return n._figures


def _profile(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, Table, bold, callout, para

    blocks = [para(gettext("De kerncijfers per buurt, naast de gemeente en ruimere gebieden. Een cijfer "
                           "is een signaal, geen besluit: daarom staan de signalen hieronder als vragen "
                           "die het team met bewoners en partners naging.", lang))]
    for n in data.neighbourhoods:
        blocks.append(Heading(n.name, 2))
        if n.profile is None:
            blocks.append(_missing("profile", lang, name=n.name))
            continue
        headers, rows = _figure_table(n, lang)
        by_id = {r["indicator"].id: r for r in rows if r["statuses"][:1] == ["ok"]}
        chosen = [by_id[i] for i in KEY_INDICATORS if i in by_id]
        if not chosen:
            blocks.append(_missing("profile", lang, name=n.name))
            continue
        keys = [n.profile.focus] + list(n.profile.references)
        short = [headers[0], headers[1]] + [n.profile.names.get(k, k[1]) for k in keys] + [headers[-1]]
        values = len(keys)
        blocks.append(Table(short, [[r["indicator"].label(lang), r["period"], *r["cells"], r["phrase"]]
                                    for r in chosen],
                            caption=gettext("Kerncijfers van {name}", lang).format(name=n.name),
                            numeric=[False, True] + [True] * values + [False],
                            footnote=gettext("Vergeleken met: ", lang)
                            + "; ".join(headers[3:-1])))
        signals = list(n.profile.signals)
        blocks.append(Heading(gettext("Signalen in {name}: vragen om na te gaan", lang).format(name=n.name),
                              3))
        if not signals:
            blocks.append(para(gettext("De cijfers geven geen opvallende signalen.", lang)))
        by_question: dict[str, list[str]] = {}
        for signal in signals:  # one question, the figures that raise it under it
            by_question.setdefault(signal.question[lang], []).append(signal.statement[lang])
        for question, statements in by_question.items():
            blocks.append(para(bold(question)))
            blocks += [para(text, style="bullet") for text in statements]
        pitfalls = {p[lang] for s in signals for p in s.pitfalls}
        if pitfalls:
            blocks.append(callout(" ".join(sorted(pitfalls)), kind="note",
                                  title=gettext("Let op bij het lezen", lang)))
    return blocks


def _environment(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, Table, bold, italic, para

    blocks = [para(gettext("Welke voorzieningen er in en rond de buurt liggen, en hoeveel bewoners ze te "
                           "voet bereiken over het echte stratennet.", lang))]
    for n in data.neighbourhoods:
        blocks.append(Heading(n.name, 2))
        section = n.environment
        if section is None:
            blocks.append(_missing("environment", lang, name=n.name, reason=n.environment_problem or "–"))
            continue
        counts = [c for c in section.get("facility_counts", []) if c["category"] in section.get("categories", [])]
        if counts:
            blocks.append(Table([gettext("Voorziening", lang), gettext("In de buurt", lang),
                                 gettext("Tot 800 m erbuiten", lang),
                                 gettext("In de hele gemeente", lang)],
                                [[c["category_name"], c["inside"], c["near"], c["region"]] for c in counts],
                                caption=gettext("Voorzieningen in en rond {name}", lang).format(name=n.name),
                                widths=[7.0, 3.0, 3.5, 3.5]))
        if section.get("reach"):  # everyone and the 80-plussers here; every group in the environment document
            blocks.append(_reach_table(section, n.name, lang))
        signals = section.get("signals") or []
        blocks.append(Heading(gettext("Wie woont er en wat is er: past het?", lang), 3))
        if not signals:
            blocks.append(para(gettext("Geen van de regels die wie er woont met wat er is vergelijken "
                                       "sloeg aan.", lang)))
        for signal in signals:
            blocks.append(para(bold(signal["statement"]), style="bullet"))
            blocks.append(para(italic(gettext("Onderbouwing: ", lang)), signal["evidence_text"],
                               style="small"))
    # walkability: one computation scores every neighbourhood and the municipality (the first section has it)
    scored = next((n.environment for n in data.neighbourhoods if n.environment
                   and (n.environment.get("walkability") or {}).get("target")), None)
    if scored is not None:
        from zorgzaam.environment.documents import walkability_table

        walk = scored["walkability"]
        blocks.append(Heading(gettext("Wandelvriendelijkheid", lang), 2))
        blocks.append(para(walk["method"]))
        if walk.get("reference_text"):
            blocks.append(para(walk["reference_text"]))
        table = walkability_table(scored, lang, caption=gettext("Wandelvriendelijkheid van de buurten", lang))
        if table is not None:
            blocks.append(table)
        blocks.append(para(italic(walk["warning"]), style="small"))
    return blocks


def _reach_table(section: dict, name: str, lang: str):
    """The walking reach of everyone and of the 80-plussers side by side, one row per kind of facility (the
    environment document's rows, two per kind, joined: half the length, the same figures); how many people
    each group counts is said once, under the table."""
    from zorgzaam.environment.documents import reach_rows
    from zorgzaam.graphics.document import Table

    groups = ("all", "age_080_999")
    chosen = [r for r in section["reach"] if r["group"] in groups]
    headers, rows = reach_rows(section | {"reach": chosen}, lang, all_groups=True)
    k = len(section["thresholds_m"])
    by_category: dict[str, dict[str, list[str]]] = {}
    for source, row in zip(chosen, rows, strict=True):
        by_category.setdefault(row[0], {})[source["group"]] = row
    labels = {r["group"]: r["group_label"] for r in chosen}
    counts = {r["group"]: row[2] for r, row in zip(chosen, rows, strict=True)}
    table_rows = []
    for category, parts in by_category.items():
        everyone, old = parts.get("all"), parts.get("age_080_999")
        table_rows.append([category] + (everyone[3:3 + k] if everyone else ["–"] * k)
                          + (old[3:3 + k] if old else ["–"] * k)
                          + ([everyone[3 + k], everyone[4 + k]] if everyone else ["–", "–"]))
    within = headers[3:3 + k]
    header = [headers[0]] + within + [f"80+ {h}" for h in within] + headers[3 + k:]
    note = "; ".join(f"{labels[g]}: {counts[g]}" for g in groups if g in counts)
    return Table(header, table_rows, caption=gettext("Te voet bereikbaar vanuit {name}", lang).format(name=name),
                 footnote=gettext("Aandeel van alle inwoners, en (80+) van de 80-plussers, dat de voorziening "
                                  "binnen die afstand bereikt.", lang) + f" {headers[2]} — {note}.",
                 widths=[3.6] + [1.5] * (2 * k) + [2.0, 2.0])


def _number(value, lang: str, decimals: int = 1) -> str:
    from zorgzaam.messages import format_number

    return format_number(value, lang, decimals)


def _voices(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, Table, italic, para
    from zorgzaam.voices.documents import survey_table
    from zorgzaam.voices.report import small_cell_violations

    blocks = [para(gettext("Wat bewoners en partners ons vertelden: in bevragingen, gesprekken en "
                           "observaties. Percentages staan met hun 95%-betrouwbaarheidsinterval; groepen "
                           "of antwoorden met te weinig mensen tonen we niet, om niemand herkenbaar te "
                           "maken.", lang))]
    for report in data.surveys:
        if small_cell_violations(report):  # never print a small cell, even if a report slipped through
            continue
        m = report["min_cell"]
        groups = {n.name for n in data.neighbourhoods} | {row["group"] for row in report.get("response", [])[-1:]}
        blocks.append(Heading(report["title"], 2))
        blocks.append(para(gettext("Cellen met minder dan {m} antwoorden staan als '<{m}' of 'x'.",
                                   lang).format(m=m), style="small"))
        response = report.get("response") or []
        if response:
            blocks.append(Table(
                [gettext("Groep", lang), gettext("Respondenten", lang),
                 pgettext("report column", "Doelgroep", lang), gettext("Responsgraad", lang)],
                [[r["group"], str(r["respondents"]) if r["respondents"] is not None else f"<{m}",
                  str(r["eligible"]) if r.get("eligible") else "–",
                  f"{_number(100 * r['response_rate'], lang)} %" if r.get("response_rate") is not None else "–"]
                 for r in response if r["group"] in groups],
                caption=gettext("Respons: {title}", lang).format(title=report['title'])))
        for table in (report.get("scales") or [])[:1] + (report.get("tables") or [])[:SURVEY_TABLES]:
            # the survey report's own table (voices.documents), answers down once there are more than three
            blocks.append(survey_table(table, lang, groups=groups, caption=table["title"], widest=5))
        for comparison in report.get("comparisons") or []:
            blocks.append(para(f"{comparison.get('title', comparison['question'])} — {comparison['label']}: "
                               f"{comparison['text']}", style="bullet"))
    for n in data.neighbourhoods:
        if not (n.strengths or n.challenges_heard or n.quotes or n.sessions):
            if not data.surveys:
                blocks.append(Heading(n.name, 2))
                blocks.append(_missing("voices", lang, name=n.name))
            continue
        blocks.append(Heading(gettext("Gesprekken in {name}", lang).format(name=n.name), 2))
        for s in n.sessions:
            blocks.append(para(f"{s['kind']}: {s['title']}" + (f", {s['date']}" if s["date"] else "")
                               + (" " + gettext("({count} deelnemers)", lang).format(count=s["participants"])
                                  if s["participants"] else ""), style="bullet"))
        if n.strengths:
            blocks.append(Heading(gettext("Sterktes", lang), 3))
            blocks += [para(text, style="bullet") for text in n.strengths]
        if n.challenges_heard:
            blocks.append(Heading(gettext("Uitdagingen", lang), 3))
            blocks += [para(text, style="bullet") for text in n.challenges_heard]
        if n.quotes:
            blocks.append(Heading(gettext("Wat we hoorden", lang), 3))
            for text, speaker, themes in n.quotes:
                who = f" ({speaker}" + (f"; {', '.join(themes)}" if themes else "") + ")" if speaker or themes else ""
                blocks.append(para(italic(f"“{text}”"), who, style="bullet"))
    return blocks


def _summary(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Table, para

    if not data.findings:
        return [_missing("summary", lang)]
    blocks = [para(gettext("De bevindingen uit de cijfers, de omgeving en de stem van bewoners, met wat "
                           "het team ermee deed. Verworpen bevindingen staan er niet in.", lang))]
    labels = {}
    for n in data.neighbourhoods:
        figures = _key_figures(n, lang)
        lines = []
        if "population" in figures:
            lines.append(gettext("{value} inwoners", lang).format(value=figures["population"][1]))
        if "share_65plus" in figures:
            lines.append(gettext("{value} 65+", lang).format(value=figures["share_65plus"][1]))
        count = sum(1 for f in data.findings if f["neighbourhood"] == n.name)
        lines.append(gettext("{count} bevindingen", lang).format(count=count))
        labels[n.name] = f"{n.name}: {', '.join(lines)}"
    kinds = ("gp", "pharmacy", "ldc", "meeting_place")
    found = {}  # one point per facility (the sections of neighbourhoods in one municipality share them)
    for n in data.neighbourhoods:
        for f in (n.environment or {}).get("facilities", []):
            if f["category"] in kinds:
                found.setdefault(f.get("id"), (kinds.index(f["category"]), f["x"], f["y"], f["category_name"]))
    points = [(x, y, name) for _, x, y, name in sorted(found.values())]
    figure = _map(data, lang, gettext("Samenvattende kaart", lang), gettext(
        "Kaart van de gemeente met de buurten omlijnd en genummerd ({names}); de legende geeft per buurt het "
        "aantal inwoners, het aandeel 65-plussers en het aantal bevindingen in de samenvattende tabel; "
        "huisartsen, apotheken, lokale dienstencentra en ontmoetingsplaatsen als punten.", lang), labels, points)
    if figure is not None:
        blocks.append(figure)
    for name in dict.fromkeys(f["neighbourhood"] for f in data.findings):
        rows = [[f["source"], f["statement"], f["question"] or "–", f["status_text"]]
                for f in data.findings if f["neighbourhood"] == name]
        blocks.append(Table([gettext("Bron", lang), gettext("Bevinding", lang),
                             gettext("Vraag", lang), gettext("Stand", lang)], rows,
                            caption=gettext("Samenvattende tabel: {name}", lang).format(name=name),
                            numeric=[False] * 4, widths=[2.2, 8.0, 5.0, 2.2]))
    return blocks


SYNTHESIS_FIGURES = ("population", "share_65plus", "share_80plus", "share_living_alone_75plus",
                     "share_single_person_households", "share_increased_reimbursement_20_64")
# the synthesis questions of the reflection document: the findings that answer each (by the signal's hints, or
# the theme the team gave the finding)
SYNTHESIS = (
    ("lonely", gettext_noop("Zijn er signalen van eenzaamheid of sociaal isolement?"),
     {"loneliness", "isolation"}, {"loneliness", "meeting"}),
    ("care", gettext_noop("Zijn er signalen van een (onbeantwoorde) zorg- en ondersteuningsnood?"),
     {"care_need", "unmet_need", "care_received", "care_given"}, {"health", "help"}),
)
SYNTHESIS_MAX = 6  # findings listed per question (the summary table has them all)
OPPORTUNITY_CATEGORIES = ("ldc", "meeting_place", "library", "social_service", "park", "playground")


def _synthesis(data: BuurtanalyseData, lang: str) -> list:
    """Per neighbourhood the synthesis questions answered from what the report found: who lives there (the key
    figures beside the municipality), signals of loneliness or isolation and of (unmet) care need (the summary
    table's findings by their hints or theme), and opportunities (strengths heard, places to build on)."""
    from zorgzaam.graphics.document import Heading, para

    blocks = [para(gettext("De vragen van het reflectiedocument, per buurt beantwoord met wat hierboven staat. "
                           "Het zijn signalen om samen met bewoners en partners te toetsen, geen besluiten.", lang))]
    for n in data.neighbourhoods:
        blocks.append(Heading(n.name, 2))
        blocks.append(Heading(gettext("Wie woont er?", lang), 3))
        figures = _key_figures(n, lang)
        shown = [i for i in SYNTHESIS_FIGURES if i in figures]
        if not shown:
            blocks.append(para(w(MISSING["profile"], lang).format(name=n.name)))
        for indicator_id in shown:
            label, value, reference, period = figures[indicator_id]
            blocks.append(para(f"{label}: {value}" + (f" ({gettext('gemeente', lang)}: {reference})"
                                                      if reference and indicator_id != "population" else "")
                               + f", {period}", style="bullet"))
        mine = [f for f in data.findings if f["neighbourhood"] == n.name]
        for _code, question, hints, themes in SYNTHESIS:
            blocks.append(Heading(w(question, lang), 3))
            answers = [f for f in mine if (set(f.get("hints") or ()) & hints or f.get("theme") in themes)
                       and not f.get("key", "").startswith("strength:")]  # a strength is an opportunity
            answers.sort(key=lambda f: (f["status"] != "accepted", f["source"]))
            if not answers:
                blocks.append(para(gettext("Geen bevinding in de samenvattende tabel wijst hierop. Ga na of de "
                                           "gesprekken en de cijfers dit echt uitsluiten.", lang)))
            blocks += [para(f"{f['statement']} ({f['source'].lower()}; {f['status_text'].lower()})", style="bullet")
                       for f in answers[:SYNTHESIS_MAX]]
            if len(answers) > SYNTHESIS_MAX:
                blocks.append(para(gettext("En nog {count} in de samenvattende tabel.", lang).format(
                    count=len(answers) - SYNTHESIS_MAX), style="small"))
        blocks.append(Heading(gettext("Welke kansen zien we?", lang), 3))
        chances = [para(text, style="bullet") for text in n.strengths[:SYNTHESIS_MAX]]
        places = [f"{c['category_name']} ({c['inside']})" for c in (n.environment or {}).get("facility_counts", [])
                  if c["category"] in OPPORTUNITY_CATEGORIES and c["inside"]]
        if places:
            chances.append(para(gettext("Plaatsen in de buurt om op te bouwen: {places}.", lang).format(
                places=", ".join(places)), style="bullet"))
        blocks += chances or [para(gettext("Nog geen sterktes genoteerd. Vraag bewoners en partners wat goed "
                                           "werkt in de buurt (Bewoners > Sterktes).", lang))]
    return blocks


def _challenges(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Heading, Table, bold, para

    if not data.challenges:
        return [_missing("challenges", lang)]
    blocks = []
    for c in data.challenges:
        blocks.append(para(bold(c["title"]), (f" — {', '.join(c['neighbourhoods'])}" if c["neighbourhoods"] else ""),
                           style="bullet"))
        if c["description"]:
            blocks.append(para(c["description"], style="small"))
    if data.priorities:
        blocks.append(Heading(gettext("Gekozen prioriteiten", lang), 2))
        blocks.append(Table([gettext("Ronde", lang), pgettext("report column", "Onderwerp", lang),
                             gettext("Beslissing", lang), gettext("Waarom", lang)],
                            [[p["round"], p["item"], p["decision"], p["reason"]] for p in data.priorities],
                            caption=gettext("Beslissingen over de prioriteiten", lang),
                            numeric=[False] * 4, widths=[3.5, 5.0, 2.5, 6.5]))
    else:
        blocks.append(para(gettext("De prioriteiten zijn nog niet samen gekozen (Plan > Prioriteiten).", lang)))
    return blocks


def _plan(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import bold, para

    if not data.plan:
        return [_missing("plan", lang)]
    blocks = [para(gettext("De doelen en acties die uit de uitdagingen volgden (het volledige plan is "
                           "een eigen document).", lang))]
    for row in data.plan:
        blocks.append(para(bold(f"{row['outline']} "), row["title"], f" ({row['kind_label'].lower()})",
                           style="body" if row["depth"] == 0 else "bullet"))
    return blocks


def _trajectory(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Table, para

    if not data.meetings:
        return [_missing("trajectory", lang)]
    return [para(gettext("Het decreet vraagt een traject met inspraak: wie we raadpleegden, wanneer en "
                         "met hoeveel.", lang)),
            Table([gettext("Datum", lang), gettext("Wie", lang),
                   pgettext("report column", "Overleg", lang), gettext("Aanwezig", lang),
                   gettext("Organisaties", lang)],
                  [[m["date"], m["consulted"], m["title"] or "–", str(m["attendance"]) if m["attendance"] else "–",
                    ", ".join(m["organisations"]) or "–"] for m in data.meetings],
                  caption=gettext("Overleg en inspraak", lang),
                  numeric=[False, False, False, True, False], widths=[2.2, 3.5, 5.0, 1.8, 5.0])]


def _sources(data: BuurtanalyseData, lang: str) -> list:
    from zorgzaam.graphics.document import Sources, para

    blocks = [para(gettext("Cijfers worden altijd uit tellingen opgebouwd: we tellen eerst op over de "
                           "sectoren van de buurt en delen dan (nooit een gemiddelde van percentages). "
                           "Een leeg vak betekent 'onbekend', niet nul. Kleine aantallen tonen we niet.", lang)),
              para(gettext("Bevragingen: percentages gaan over wie de vraag beantwoordde; de minimale "
                           "celgrootte beschermt wie meedeed.", lang))]
    if data.is_fictional:
        blocks.append(para(gettext("Fictief voorbeeld: de gemeente, de buurten en alle cijfers zijn "
                                   "verzonnen.", lang)))
    items = [f"{d['name']}" + (f" — {d['source']}" if d["source"] else "")
             + (f" ({', '.join(str(p) for p in d['periods'][:1])}–{d['periods'][-1]})" if d["periods"] else "")
             for d in data.datasets]
    if items:
        blocks.append(Sources(tuple(items), gettext("Gegevensbronnen", lang)))
    return blocks


BUILDERS = {"vision": _vision, "delineation": _delineation, "profile": _profile, "environment": _environment,
            "voices": _voices, "summary": _summary, "synthesis": _synthesis, "challenges": _challenges, "plan": _plan,
            "trajectory": _trajectory, "sources": _sources}


TEXT_WIDTH_CM = 17.4  # A4 portrait between the margins (graphics.document)
HEADER_PT = 8.5  # the header cells' bold type, in Word and in the PDF
CELL_PADDING_CM = 0.4  # both sides and the borders


def _word_cm(word: str) -> float:
    """How wide ``word`` is in the header cells' type (DejaVu Sans Bold, shipped with matplotlib)."""
    from functools import lru_cache

    @lru_cache(maxsize=1)
    def font():
        from matplotlib import font_manager
        from PIL import ImageFont

        return ImageFont.truetype(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                                                   weight="bold")), 100)
    return font().getlength(word) / 100 * HEADER_PT / 72 * 2.54


def fit_header_words(table) -> None:
    """Widen the columns of a table with fixed widths whose header has a word wider than the column (it would
    be cut or hyphenated: "Ver-sie", "Functiemi-x"), taking the room from columns with room to spare, the
    columns of short figures first (text columns that give room grow longer); the figures do not change. A table
    whose headers cannot all fit keeps its widths."""
    if not table.widths:
        return
    total = sum(table.widths)
    widths = [w * TEXT_WIDTH_CM / total for w in table.widths]
    need = [max((_word_cm(word) for word in str(h).split()), default=0.0) + CELL_PADDING_CM for h in table.header]
    short = sum(max(n - w, 0.0) for w, n in zip(widths, need, strict=True))
    spare = [max(w - n, 0.0) for w, n in zip(widths, need, strict=True)]
    if not short or sum(spare) < short:
        return
    numeric = list(table.numeric or [False] * len(widths))
    fitted = [max(w, n) for w, n in zip(widths, need, strict=True)]
    for figures in (True, False):  # the room of the figure columns first, then of the text columns
        room = sum(r for r, is_figure in zip(spare, numeric, strict=True) if is_figure == figures)
        take = min(short, room)
        if take > 0:
            fitted = [f - take * r / room if is_figure == figures else f
                      for f, r, is_figure in zip(fitted, spare, numeric, strict=True)]
            short -= take
    table.widths = [round(f, 2) for f in fitted]


def build_report(data: BuurtanalyseData, cover=None):
    """The :class:`document.Report` of the gathered data (plain assembly; no database)."""
    from zorgzaam.graphics.document import Cover, Report, Section

    lang = data.lang
    names = ", ".join(n.name for n in data.neighbourhoods)
    lines = []
    if data.is_fictional:
        lines.append(gettext("Fictief voorbeeld (demogemeente): alle cijfers zijn verzonnen.", lang))
    if not data.checklist.complete:
        lines.append(gettext("Ontwerp: nog {count} punt(en) van de checklist te doen (zie bijlage).",
                             lang).format(count=len(data.checklist.todos)))
    sections = [Section(w(SECTION_TITLES[code], lang), BUILDERS[code](data, lang)) for code in data.sections]
    sections.append(checklist_section(data.checklist, lang, data.base_url))
    from zorgzaam.graphics.document import Table

    for section in sections:
        for block in section.blocks:
            if isinstance(block, Table):
                fit_header_words(block)
    return Report(title=gettext("Buurtanalyse", lang) + f": {names}",
                  subtitle=gettext("Wie woont er, wat is er, wat leeft er — en wat doen we ermee", lang),
                  cover=cover or Cover(team=data.workspace, lines=tuple(lines)), sections=sections, lang=lang,
                  draft=not data.checklist.complete)


WATERMARK = ("<style>.watermark { position: fixed; top: 42%; left: 0; right: 0; text-align: center; "
             "font-size: 72pt; font-weight: bold; letter-spacing: .1em; color: rgba(176, 0, 32, 0.09); "
             "transform: rotate(-35deg); z-index: -1; pointer-events: none; }</style>"
             '<div class="watermark" aria-hidden="true">{word}</div>')


def html_text(report) -> str:
    """The report's HTML; a draft gets a large diagonal watermark on every page (fixed, behind the text)."""
    from zorgzaam.graphics.document import render_html, words

    text = render_html(report)
    if report.draft:
        text = text.replace("</body>", WATERMARK.replace("{word}", words(report.lang)["draft"]) + "\n</body>", 1)
    return text


def render(report, fmt: str) -> bytes:
    from zorgzaam.graphics.document import render_docx, render_pdf

    if fmt == "docx":
        return render_docx(report)
    if fmt == "pdf":
        return render_pdf(report, html_text(report))
    if fmt == "html":
        return html_text(report).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ------------------------------------------------------------------------------------------ exports

def export(workspace, names: list[str] | None, fmt: str, *, sections=SECTIONS, lang: str = "nl", user=None,
           actor: str = "", progress: Callable[[float, str], None] | None = None, base_url: str = ""):
    """Make the report, store it as a new version under the data directory and record it (audited).
    Returns the :class:`reports.models.ReportExport`."""
    from zorgzaam.reports.collect import neighbourhoods_of
    from zorgzaam.reports.versions import store

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    actor = actor or (user.get_username() if user is not None else "")
    neighbourhoods = neighbourhoods_of(workspace, names)
    data = gather(workspace, neighbourhoods, sections=sections, lang=lang, actor=actor, progress=progress,
                  base_url=base_url)
    report = build_report(data)
    content = render(report, fmt)
    if progress is not None:
        progress(0.97, "saving")
    return store(workspace, KIND, fmt, content, title=report.title, draft=report.draft,
                 inputs=data.inputs | {"checklist_todos": [t.code for t in data.checklist.todos]}, user=user,
                 actor=actor, detail={"neighbourhoods": len(neighbourhoods), "surveys": len(data.surveys),
                                      "draft": report.draft})


def content_fingerprint(inputs: dict) -> str:
    """A short key of the inputs (the same inputs give the same report text)."""
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
