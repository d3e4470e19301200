"""The follow-up as documents: a Word (and HTML/PDF) report through the one document model
(:mod:`zorgzaam.graphics.document`) and a workbook with one sheet per part (:mod:`zorgzaam.spreadsheets`:
text typed by the team is never a live formula). Plain module, no Django.

Both take the dict of :func:`zorgzaam.followup.services.export_data`: the self-assessment (radar, scores over
time per perspective, where two perspectives differ, the routes), the harvests (the six questions, the
factors, the evidence, effort against effect), the signals (statuses, the yearly share with a result), the
meetings, the initiative inventory (the matrix of :func:`zorgzaam.followup.inventory.matrix` and the list),
the partners (never their contact details) and the "you said, we did" pages per neighbourhood."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from zorgzaam.followup import assessment as am
from zorgzaam.followup import harvest as hv
from zorgzaam.followup import signals as sg
from zorgzaam.messages import format_number, gettext, gettext_noop
from zorgzaam.workspaces.building_blocks import block_label

TEXT = {
    "title": gettext_noop("Opvolging van het buurtplan"),
    "fictional": gettext_noop("Fictief voorbeeld: deze werkruimte en alles erin zijn verzonnen (demogemeente)."),
    "assessment": gettext_noop("Zelfevaluatie op de bouwstenen"),
    "assessment_intro": gettext_noop(
        "De negen bouwstenen van het referentiekader, gescoord van 1 (nog niet aan gewerkt) tot 5 (we ondernemen "
        "actie en stuurden al bij); leeg is niet beoordeeld."),
    "no_assessment": gettext_noop("Nog geen zelfevaluatie."),
    "radar": gettext_noop("De laatste score per perspectief"),
    "radar_alt": gettext_noop("Radardiagram van de negen bouwstenen. {lines}"),
    "over_time": gettext_noop("Scores door de tijd — {name}"),
    "block": gettext_noop("Bouwsteen"),
    "change": gettext_noop("Verschil"),
    "team": gettext_noop("team"),
    "perspectives": gettext_noop("Twee perspectieven op {date}: {first} en {second}"),
    "flag": gettext_noop("bespreek dit"),
    "routes": gettext_noop("Wat nu? Per deel van de methode"),
    "what_now": gettext_noop("Wat nu?"),
    "reflection": gettext_noop("Reflectie bij de laatste ronde"),
    "score": gettext_noop("Score"),
    "levels": gettext_noop("Niveaus: {levels}."),
    "harvests": gettext_noop("Oogst: wat brachten de acties teweeg?"),
    "no_harvests": gettext_noop("Nog geen oogst."),
    "question": gettext_noop("Vraag"),
    "answer": gettext_noop("Antwoord"),
    "checked": gettext_noop("nagegaan"),
    "not_checked": gettext_noop("nog niet nagegaan"),
    "judgement": gettext_noop("Inzet tegenover effect"),
    "effect_effort": gettext_noop("Effect: {effect}; inzet: {effort}."),
    "proposed_norms": gettext_noop("Voorgestelde normen"),
    "signals": gettext_noop("Signalen naar beleid"),
    "no_signals": gettext_noop("Nog geen signalen."),
    "date": gettext_noop("Datum"),
    "theme": gettext_noop("Thema"),
    "source": gettext_noop("Bron"),
    "neighbourhood": gettext_noop("Buurt"),
    "kind": gettext_noop("Soort"),
    "description": gettext_noop("Omschrijving"),
    "addressees": gettext_noop("Aan wie"),
    "status": gettext_noop("Status"),
    "sent": gettext_noop("Bezorgd op"),
    "result": gettext_noop("Resultaat"),
    "result_date": gettext_noop("Datum resultaat"),
    "dossier": gettext_noop("Dossier"),
    "by_status": gettext_noop("Signalen per status"),
    "count": gettext_noop("Aantal"),
    "year": gettext_noop("Jaar"),
    "with_result": gettext_noop("Met resultaat"),
    "partial": gettext_noop("Gedeeltelijk"),
    "share": gettext_noop("Aandeel met resultaat"),
    "yearly": gettext_noop("Aandeel signalen met een resultaat per jaar"),
    "share_sheet": gettext_noop("Resultaat per jaar"),
    "meetings": gettext_noop("Overleg en inspraak"),
    "no_meetings": gettext_noop("Nog geen overleg."),
    "consulted": gettext_noop("Geraadpleegd"),
    "meeting_title": gettext_noop("Titel"),
    "attendance": gettext_noop("Aanwezig"),
    "agenda": gettext_noop("Agenda"),
    "decisions": gettext_noop("Beslissingen"),
    "actions": gettext_noop("Acties in het plan"),
    "perspective": gettext_noop("Perspectief"),
    "level": gettext_noop("Betekenis"),
    "action": gettext_noop("Actie"),
    "reached": gettext_noop("Bereikt"),
    "meant_for": gettext_noop("Bedoeld voor"),
    "missed": gettext_noop("Niet bereikt"),
    "factors": gettext_noop("Factoren"),
    "evidence": gettext_noop("Onderbouwing"),
    "conclusion": gettext_noop("Besluit"),
    "few_interviews": gettext_noop("Weinig gesprekken"),
    "yes": gettext_noop("ja"),
    "no": gettext_noop("nee"),
    "inventory": gettext_noop("Initiatieven per bouwsteen"),
    "inventory_intro": gettext_noop(
        "Wat loopt er al, en wat staat er in het plan? Per bouwsteen en per buurt: een leeg vak is een gat om "
        "over te praten."),
    "matrix": gettext_noop("Bouwstenen tegenover buurten"),
    "matrix_part": gettext_noop("Bouwstenen tegenover buurten ({part} van {parts})"),
    "matrix_note": gettext_noop(
        "Per vak: aantal initiatieven die al lopen / aantal acties uit het plan. 'leeg': niets, ook niet voor "
        "heel de gemeente. {gaps} lege vakken."),
    "whole": gettext_noop("Heel de gemeente"),
    "whole_lower": gettext_noop("heel de gemeente"),
    "empty": gettext_noop("leeg"),
    "initiatives": gettext_noop("Initiatieven"),
    "no_initiatives": gettext_noop("Nog geen initiatieven."),
    "name": gettext_noop("Naam"),
    "runner": gettext_noop("Wie trekt het?"),
    "for_whom": gettext_noop("Voor wie?"),
    "where": gettext_noop("Waar"),
    "blocks": gettext_noop("Bouwstenen"),
    "point": gettext_noop("punt op de kaart {lat}, {lon}"),
    "initiative_count": gettext_noop("Initiatieven (aantal)"),
    "action_count": gettext_noop("Acties in het plan (aantal)"),
    "gap": gettext_noop("Leeg vak"),
    "matrix_sheet": gettext_noop("Bouwstenen x buurten"),
    "partners": gettext_noop("Partners"),
    "no_partners": gettext_noop("Nog geen partners."),
    "organisation": gettext_noop("Organisatie"),
    "contact_role": gettext_noop("Rol van de contactpersoon"),
    "domain": gettext_noop("Domein"),
    "formal": gettext_noop("Formeel"),
    "formal_yes": gettext_noop("formeel"),
    "formal_no": gettext_noop("informeel"),
    "multi_year_plan": gettext_noop("Link met het meerjarenplan"),
    "no_contacts": gettext_noop(
        "Telefoonnummers en e-mailadressen van contactpersonen staan niet in dit bestand, ook niet met "
        "toestemming: ze blijven in de werkruimte."),
    "feedback": gettext_noop("Jullie zeiden, wij deden"),
    "no_feedback": gettext_noop("Nog geen terugkoppeling aan bewoners."),
    "feedback_sheet": gettext_noop("Terugkoppeling"),
    "decided": gettext_noop("Wat we beslisten en waarom"),
    "not_done": gettext_noop("Wat we niet doen en waarom"),
    "published_on": gettext_noop("Gepubliceerd op"),
}

# The six questions of an outcome harvest (the method's steps, in our words), each answered by fields.
HARVEST_QUESTIONS = (
    ("action", gettext_noop("Wat is de actie? Wanneer vond ze plaats, en voor wie was ze bedoeld?")),
    ("result", gettext_noop("Wat was het resultaat, en welk effect had het (ook onbedoeld)?")),
    ("reach", gettext_noop("Wie bereikten jullie, en wie niet?")),
    ("change", gettext_noop("Wat veranderde er, en voor wie?")),
    ("factors", gettext_noop("Wat maakte het verschil? Welke factoren speelden mee?")),
    ("decision", gettext_noop("Besluit: wat behouden jullie, wat stuur je bij?")),
)
EFFECT_WORDS = {"large": gettext_noop("groot"), "limited": gettext_noop("beperkt")}
EFFORT_WORDS = {"small": gettext_noop("klein"), "large": gettext_noop("groot")}


def t(key: str, lang: str, **params) -> str:
    text = gettext(TEXT[key], lang)
    return text.format(**params) if params else text


def _date(value, lang: str) -> str:
    return value.strftime(gettext("%d-%m-%Y", lang)) if value else "–"


def _score(value) -> str:
    return "–" if value is None else str(value)


def _change(value) -> str:
    """A difference in points: +2, −1, 0, or – when it cannot be computed."""
    return "–" if value is None else f"{value:+d}".replace("-", "−") if value else "0"


def _perspective(name: str, lang: str) -> str:
    return t("team", lang) if name == "team" else name


def _word(table: dict[str, str], code: str, lang: str) -> str:
    return gettext(table[code], lang) if code in table else ""


# ------------------------------------------------------------------------------------------ the report

def _assessment_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Figure, Heading, Section, Table, callout, para

    section = Section(t("assessment", lang), [para(t("assessment_intro", lang))])
    assessment = data["assessment"]
    if not assessment["rounds"]:
        section.blocks.append(para(t("no_assessment", lang)))
        return section
    latest = {_perspective(name, lang): r["scores"] for name, r in assessment["latest"].items()}
    lines = "; ".join(f"{name}: " + ", ".join(f"{block_label(code, lang)} {_score(scores.get(code))}"
                                             for code in am.BUILDING_BLOCKS) for name, scores in latest.items())
    section.blocks.append(Figure(t("radar", lang), t("radar_alt", lang, lines=lines),
                                 render=lambda: am.radar_figure(latest, lang=lang), width_cm=12.5))
    for name, (dates, rows) in assessment["trends"].items():
        section.blocks.append(Table(
            [t("block", lang), *[_date(d, lang) for d in dates], t("change", lang)],
            [[block_label(r.block, lang), *[_score(s) for s in r.scores],
              _change(r.change)] for r in rows],
            caption=t("over_time", lang, name=_perspective(name, lang))))
    comparison = assessment["comparison"]
    if comparison:
        section.blocks.append(Table(
            [t("block", lang), comparison["first"], comparison["second"], t("change", lang), ""],
            [[block_label(r.block, lang), _score(r.first), _score(r.second),
              _change(r.difference), t("flag", lang) if r.flagged else ""]
             for r in comparison["rows"]],
            caption=t("perspectives", lang, date=_date(comparison["date"], lang), first=comparison["first"],
                      second=comparison["second"])))
    levels = "; ".join(f"{score} {gettext(msgid, lang)}" for score, msgid in am.LEVELS.items())
    section.blocks.append(para(t("levels", lang, levels=levels), style="small"))
    if assessment["routes"]:
        section.blocks.append(Heading(t("routes", lang)))
        for part, routes in assessment["routes"].items():
            section.blocks.append(Table(
                [t("block", lang), t("score", lang), t("what_now", lang)],
                [[block_label(r.block, lang), f"{_score(r.score)} ({am.level_label(r.score, lang)})",
                  " ".join(r.prompts)] for r in routes],
                caption=gettext(am.PARTS[part], lang), widths=[4.0, 4.0, 8.5], numeric=[False, False, False]))
    reflections = assessment["lead_reflections"]
    if any(any(answers) for answers in reflections.values()):
        section.blocks.append(Heading(t("reflection", lang)))
    for part, answers in reflections.items():
        questions = am.REFLECTION_QUESTIONS.get(part, [])
        for question, answer in zip(questions, answers, strict=False):
            if answer:
                section.blocks.append(callout(answer, title=gettext(question, lang)))
    return section


def harvest_answers(row: dict, lang: str) -> list[tuple[str, str]]:
    """The six questions of one harvest with their answers in words (the Word table and the sheet)."""
    harvest = row["harvest"]
    when = harvest["period"] or _date(harvest["date"], lang)
    factors = "; ".join(f"{f['text']} — {t('checked' if f['checked'] else 'not_checked', lang)}"
                        for f in row["factors"])
    decision = " ".join(v for v in (row["conclusion"].capitalize() + ("." if row["conclusion"] else ""),
                                    harvest["conclusion_text"], row["judgement"]) if v)
    answers = {
        "action": " ".join(v for v in (f"{row['action']} ({when}).", harvest["what_happened"],
                                       harvest["target_group"] and f"{t('meant_for', lang)}: {harvest['target_group']}.")
                           if v),
        "result": " ".join(v for v in (harvest["results"], harvest["unintended"]) if v),
        "reach": " ".join(v for v in (harvest["reached"] and f"{t('reached', lang)}: {harvest['reached']}.",
                                      harvest["missed"] and f"{t('missed', lang)}: {harvest['missed']}.") if v),
        "change": harvest["change"],
        "factors": factors,
        "decision": decision,
    }
    return [(gettext(question, lang), answers[key] or "–") for key, question in HARVEST_QUESTIONS]


def _harvest_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Heading, Section, Table, bold, callout, para

    section = Section(t("harvests", lang))
    if not data["harvests"]:
        section.blocks.append(para(t("no_harvests", lang)))
    for row in data["harvests"]:
        harvest = row["harvest"]
        section.blocks.append(Heading(f"{row['action']} — {_date(harvest['date'], lang)}"))
        section.blocks.append(Table([t("question", lang), t("answer", lang)], harvest_answers(row, lang),
                                    widths=[5.5, 11.0], numeric=[False, False]))
        if row["evidence"]:
            section.blocks.append(para(bold(f"{t('evidence', lang)}: "), "; ".join(row["evidence"])))
        if harvest["effect"] or harvest["effort"]:
            section.blocks.append(para(bold(f"{t('judgement', lang)}: "), t(
                "effect_effort", lang, effect=_word(EFFECT_WORDS, harvest["effect"], lang) or "–",
                effort=_word(EFFORT_WORDS, harvest["effort"], lang) or "–"), " ", row["judgement"]))
        if harvest["proposed_norms"]:
            section.blocks.append(para(bold(f"{t('proposed_norms', lang)}: "), harvest["proposed_norms"]))
        if row["few"]:
            section.blocks.append(callout(gettext(hv.FEW_WARNING, lang), kind="warning"))
    return section


def _started(title: str, empty: str, items, lang: str):
    """A section of the report, saying ``empty`` ("nothing yet") when it has no ``items``."""
    from zorgzaam.graphics.document import Section, para

    return Section(t(title, lang), [] if items else [para(t(empty, lang))])


def _signal_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Heading, Table

    signals = data["signals"]
    section = _started("signals", "no_signals", signals, lang)
    if not signals:
        return section
    section.blocks.append(Table(
        [t("date", lang), t("theme", lang), t("neighbourhood", lang), t("description", lang), t("addressees", lang),
         t("status", lang), t("result", lang)],
        [[_date(s["date"], lang), s["theme"], s["neighbourhood"], s["description"], ", ".join(s["addressees"]),
          sg.status_label(s["status"], lang),
          " ".join(v for v in (s["result_text"], s["result_date"] and f"({_date(s['result_date'], lang)})") if v)]
         for s in signals],
        caption=t("signals", lang), widths=[2.2, 2.2, 2.0, 4.6, 2.2, 2.2, 3.4], numeric=[False] * 7))
    section.blocks.append(Heading(t("by_status", lang)))
    counts = dict(sg.count_by(data["signal_facts"], "status"))
    section.blocks.append(Table([t("status", lang), t("count", lang)],
                                [[sg.status_label(code, lang), counts[code]] for code in sg.ORDER if code in counts],
                                caption=t("by_status", lang)))
    section.blocks.append(Table(
        [t("year", lang), t("count", lang), t("with_result", lang), t("partial", lang), t("share", lang)],
        [[y.year, y.signals, y.with_result, y.partial, format_number(y.percent, lang, 1) + " %"]
         for y in sg.yearly_share(data["signal_facts"])],
        caption=t("yearly", lang)))
    return section


def _meeting_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Table

    section = _started("meetings", "no_meetings", data["meetings"], lang)
    if not data["meetings"]:
        return section
    section.blocks.append(Table(
        [t("date", lang), t("consulted", lang), t("meeting_title", lang), t("attendance", lang),
         t("decisions", lang), t("actions", lang)],
        [[_date(m["date"], lang), m["consulted"], m["title"], "" if m["attendance"] is None else m["attendance"],
          m["decisions"], "; ".join(m["actions"])] for m in data["meetings"]],
        caption=t("meetings", lang), widths=[2.2, 2.8, 3.2, 2.2, 4.1, 3.5],
        numeric=[False, False, False, True, False, False]))
    return section


MATRIX_COLUMNS = 5  # neighbourhoods per matrix table in the report (more go into the next table)


def _cell(cell, lang: str) -> str:
    """A matrix cell in words: initiatives / actions, or 'leeg' for a gap."""
    return t("empty", lang) if cell.gap else f"{len(cell.initiatives)} / {len(cell.actions)}"


def _where(initiative: dict, lang: str) -> str:
    if initiative["where"]:
        return ", ".join(initiative["where"])
    if initiative["point"]:
        lat, lon = initiative["point"]
        return f"{t('point', lang, lat=format_number(lat, lang, 5), lon=format_number(lon, lang, 5))} " \
               f"({t('whole_lower', lang)})"
    return t("whole_lower", lang)


def _blocks(codes, lang: str) -> str:
    return ", ".join(block_label(code, lang) for code in codes)


def _inventory_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Heading, Section, Table, para

    found = data["inventory"]
    section = Section(t("inventory", lang), [para(t("inventory_intro", lang))])
    hoods, rows = found["neighbourhoods"], found["rows"]
    # the columns: each neighbourhood, then the whole municipality; a few per table so the page stays readable
    columns = [(name, lambda row, i=i: row.cells[i]) for i, name in enumerate(hoods)]
    columns.append((t("whole", lang), lambda row: row.everywhere))
    parts = [columns[i:i + MATRIX_COLUMNS] for i in range(0, len(columns), MATRIX_COLUMNS)]
    for number, part in enumerate(parts, 1):
        caption = t("matrix", lang) if len(parts) == 1 else t("matrix_part", lang, part=number, parts=len(parts))
        section.blocks.append(Table(
            [t("block", lang), *[name for name, _ in part]],
            [[block_label(row.block, lang), *[_cell(get(row), lang) for _, get in part]] for row in rows],
            caption=caption, numeric=[False] + [True] * len(part),
            widths=[4.5] + [12.0 / MATRIX_COLUMNS] * len(part),
            footnote=t("matrix_note", lang, gaps=found["gaps"]) if number == len(parts) else ""))
    section.blocks.append(Heading(t("initiatives", lang)))
    if not found["initiatives"]:
        section.blocks.append(para(t("no_initiatives", lang)))
        return section
    section.blocks.append(Table(
        [t("name", lang), t("runner", lang), t("for_whom", lang), t("where", lang), t("blocks", lang)],
        [[i["name"], i["runner"], i["for_whom"], _where(i, lang), _blocks(i["blocks"], lang)]
         for i in found["initiatives"]],
        caption=t("initiatives", lang), widths=[3.4, 3.0, 3.4, 3.2, 3.5], numeric=[False] * 5))
    return section


def _partner_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Table

    section = _started("partners", "no_partners", data["partners"], lang)
    if not data["partners"]:
        return section
    section.blocks.append(Table(
        [t("organisation", lang), t("contact_role", lang), t("domain", lang), t("formal", lang),
         t("multi_year_plan", lang)],
        [[p["organisation"], p["contact_role"], p["domain"], t("formal_yes" if p["formal"] else "formal_no", lang),
          p["multi_year_plan"]] for p in data["partners"]],
        caption=t("partners", lang), widths=[4.0, 3.2, 3.0, 2.2, 4.1], numeric=[False] * 5,
        footnote=t("no_contacts", lang)))
    return section


def _feedback_section(data: dict, lang: str):
    from zorgzaam.graphics.document import Heading, Table

    section = _started("feedback", "no_feedback", data["feedback"], lang)
    if not data["feedback"]:
        return section
    by_hood: dict[str, list[dict]] = {}
    for page in data["feedback"]:
        by_hood.setdefault(page["neighbourhood"], []).append(page)
    for hood, pages in by_hood.items():
        section.blocks.append(Heading(hood))
        section.blocks.append(Table(
            [t("date", lang), t("meeting_title", lang), t("decided", lang), t("not_done", lang), t("status", lang)],
            [[_date(p["date"], lang), p["title"], p["decided"], p["not_done"],
              " ".join(v for v in (p["status_label"], p["published_at"] and f"({_date(p['published_at'], lang)})")
                       if v)] for p in pages],
            caption=f"{t('feedback', lang)} — {hood}", widths=[2.2, 3.0, 5.0, 4.0, 2.3], numeric=[False] * 5))
    return section


def followup_report(data: dict, lang: str = "nl", cover=None):
    """The follow-up as a :class:`document.Report`: self-assessment, harvests, signals, meetings, the initiative
    inventory, the partners and the feedback to residents."""
    from zorgzaam.graphics.document import Cover, Report

    lines = (t("fictional", lang),) if data.get("is_fictional") else ()
    return Report(t("title", lang), data["workspace"], cover or Cover(team=data["workspace"], lines=lines),
                  [_assessment_section(data, lang), _harvest_section(data, lang), _signal_section(data, lang),
                   _meeting_section(data, lang), _inventory_section(data, lang), _partner_section(data, lang),
                   _feedback_section(data, lang)], lang=lang)


def followup_docx(data: dict, path: str | Path | None = None, lang: str = "nl"):
    """The Word file (bytes when ``path`` is None)."""
    from zorgzaam.graphics.document import render_docx

    content = render_docx(followup_report(data, lang))
    if path is None:
        return content
    Path(path).write_bytes(content)
    return Path(path)


# ------------------------------------------------------------------------------------------ the workbook

def followup_frames(data: dict, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """One table per sheet: the scores (one row per round and block), the harvests (one row each, the six
    answers in columns), the signals, the meetings, the inventory matrix (one row per block and neighbourhood,
    the counts and the titles), the initiatives, the partners (no contact details) and the feedback pages."""
    assessment_rows = []
    for found in data["assessment"]["rounds"]:
        for code in am.BUILDING_BLOCKS:
            score = found["scores"].get(code)
            assessment_rows.append({t("date", lang): found["date"], t("perspective", lang):
                                    _perspective(found["perspective"], lang), t("block", lang): block_label(code, lang),
                                    t("score", lang): score, t("level", lang): am.level_label(score, lang)})
    harvest_rows = []
    for row in data["harvests"]:
        answers = harvest_answers(row, lang)
        harvest_rows.append({t("date", lang): row["harvest"]["date"], t("action", lang): row["action"],
                             **dict(answers), t("evidence", lang): "; ".join(row["evidence"]),
                             t("judgement", lang): row["judgement"],
                             t("proposed_norms", lang): row["harvest"]["proposed_norms"],
                             t("few_interviews", lang): t("yes" if row["few"] else "no", lang)})
    signal_rows = [{t("date", lang): s["date"], t("theme", lang): s["theme"],
                    t("source", lang): sg.source_label(s["source"], lang), t("kind", lang): sg.kind_label(s["kind"], lang),
                    t("neighbourhood", lang): s["neighbourhood"], t("description", lang): s["description"],
                    t("addressees", lang): ", ".join(s["addressees"]), t("status", lang): sg.status_label(s["status"], lang),
                    t("sent", lang): s["sent_date"], t("result", lang): s["result_text"],
                    t("result_date", lang): s["result_date"], t("dossier", lang): s["dossier"]}
                   for s in data["signals"]]
    share_rows = [{t("year", lang): y.year, t("count", lang): y.signals, t("with_result", lang): y.with_result,
                   t("partial", lang): y.partial, t("share", lang): y.percent / 100}
                  for y in sg.yearly_share(data["signal_facts"])]
    meeting_rows = [{t("date", lang): m["date"], t("consulted", lang): m["consulted"],
                     t("meeting_title", lang): m["title"], t("attendance", lang): m["attendance"],
                     t("agenda", lang): m["agenda"], t("decisions", lang): m["decisions"],
                     t("actions", lang): "; ".join(m["actions"])} for m in data["meetings"]]
    found = data["inventory"]
    matrix_rows = []
    for row in found["rows"]:
        for name, cell in [*zip(found["neighbourhoods"], row.cells, strict=True), (t("whole", lang), row.everywhere)]:
            matrix_rows.append({t("block", lang): block_label(row.block, lang), t("neighbourhood", lang): name,
                                t("initiative_count", lang): len(cell.initiatives),
                                t("action_count", lang): len(cell.actions),
                                t("gap", lang): t("yes" if cell.gap else "no", lang),
                                t("initiatives", lang): "; ".join(cell.initiatives),
                                t("actions", lang): "; ".join(cell.actions)})
    initiative_rows = [{t("name", lang): i["name"], t("runner", lang): i["runner"], t("for_whom", lang): i["for_whom"],
                        t("where", lang): _where(i, lang), t("blocks", lang): _blocks(i["blocks"], lang)}
                       for i in found["initiatives"]]
    partner_rows = [{t("organisation", lang): p["organisation"], t("contact_role", lang): p["contact_role"],
                     t("domain", lang): p["domain"], t("formal", lang): t("formal_yes" if p["formal"] else "formal_no", lang),
                     t("multi_year_plan", lang): p["multi_year_plan"]} for p in data["partners"]]
    feedback_rows = [{t("neighbourhood", lang): p["neighbourhood"], t("date", lang): p["date"],
                      t("meeting_title", lang): p["title"], t("decided", lang): p["decided"],
                      t("not_done", lang): p["not_done"], t("status", lang): p["status_label"],
                      t("published_on", lang): p["published_at"]} for p in data["feedback"]]
    return {t("assessment", lang)[:31]: pd.DataFrame(assessment_rows),
            t("harvests", lang).split(":")[0][:31]: pd.DataFrame(harvest_rows),
            t("signals", lang)[:31]: pd.DataFrame(signal_rows),
            t("share_sheet", lang)[:31]: pd.DataFrame(share_rows),
            t("meetings", lang)[:31]: pd.DataFrame(meeting_rows),
            t("matrix_sheet", lang)[:31]: pd.DataFrame(matrix_rows),
            t("initiatives", lang)[:31]: pd.DataFrame(initiative_rows),
            t("partners", lang)[:31]: pd.DataFrame(partner_rows),
            t("feedback_sheet", lang)[:31]: pd.DataFrame(feedback_rows)}


def followup_xlsx(data: dict, target=None, lang: str = "nl") -> bytes:
    """The workbook (:func:`zorgzaam.spreadsheets.frames_to_xlsx`); returns the bytes, written to ``target``
    (a path) as well when given."""
    from zorgzaam.spreadsheets import frames_to_xlsx

    buffer = io.BytesIO()
    frames_to_xlsx(followup_frames(data, lang), buffer)
    if target is not None:
        Path(target).write_bytes(buffer.getvalue())
    return buffer.getvalue()


FORMATS = ("docx", "pdf", "xlsx")


def followup_file(data: dict, fmt: str, lang: str = "nl") -> bytes:
    """The follow-up as the bytes of one file: Word, PDF or the workbook (``fmt`` one of :data:`FORMATS`);
    the screen's download and ``zorgzaam followup export`` both take it from here."""
    from zorgzaam.graphics.document import render_docx, render_pdf

    if fmt == "xlsx":
        return followup_xlsx(data, lang=lang)
    report = followup_report(data, lang)
    return render_docx(report) if fmt == "docx" else render_pdf(report)
