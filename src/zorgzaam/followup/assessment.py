"""Self-assessment on the referentiekader (*zelfevaluatie*): the nine building blocks scored 1–5, or not
assessed. Plain module: no Django. It validates scores, compares two perspectives (a practice worker and a
policy officer), follows the scores over dates, routes every block to what to do next and draws the radar.

The method's scale runs "0 to 5" but gives no meaning to 0; here that is *not assessed* (``None``), never a
score: a block nobody looked at is not a block that was scored low. Labels and prompts are plain data: Dutch
msgids in our own words, their English in the follow-up catalogue."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from zorgzaam.messages import ZorgzaamError, current_language, gettext, gettext_noop, register
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, block_label

register({
    "assessment_score_out_of_range": gettext_noop(
        "De score voor bouwsteen '{block}' moet een geheel getal van 1 tot 5 zijn (of leeg: niet beoordeeld), "
        "niet '{value}'."),
    "assessment_unknown_block": gettext_noop("'{value}' is geen bouwsteen van het referentiekader."),
})

MIN_SCORE, MAX_SCORE = 1, 5
FLAG_DIFFERENCE = 2  # two perspectives this far apart on one block are worth a conversation

# What each level means (the method's five steps, in our words).
LEVELS: dict[int, str] = {
    1: gettext_noop("nog niet aan gewerkt"),
    2: gettext_noop("we hebben er al eens over nagedacht"),
    3: gettext_noop("we overleggen erover, intern of met partners"),
    4: gettext_noop("we ondernemen actie"),
    5: gettext_noop("we ondernemen actie en stuurden al bij"),
}
NOT_ASSESSED_LABEL = gettext_noop("niet beoordeeld")

STRENGTHEN, THRESHOLDS, NOT_ASSESSED = "strengthen", "thresholds", "not_assessed"

# The three parts the method groups its reflection in.
PARTS: dict[str, str] = {
    "practice": gettext_noop("Praktijkontwikkeling"),
    "policy": gettext_noop("Beleidsontwikkeling"),
    "cyclical": gettext_noop("Het cyclische proces tussen beleid en praktijk"),
}
# Which part each block's prompts belong to: fewer gaps and a stronger net are practice; the analysis and
# the vision are policy; communication, partnerships and public space make the cycle possible.
BLOCK_PART: dict[str, str] = {
    "detection": "practice", "referral": "practice", "social_networks": "practice", "inclusion": "practice",
    "analysis_plan": "policy", "vision_organisation": "policy",
    "communication": "cyclical", "partnerships": "cyclical", "public_space": "cyclical",
}

# Overall reflection questions per part, asked once a round (answers kept per round).
REFLECTION_QUESTIONS: dict[str, list[str]] = {
    "practice": [
        gettext_noop("Hoe gaat het met het werk in de buurt zelf? Wat loopt goed, wat stroef?"),
        gettext_noop("Welke acties helpen om minder mensen uit de boot te laten vallen, en welke maken het net "
                     "rond mensen sterker? Versterken ze elkaar?"),
        gettext_noop("Werken communicatie, partners en de publieke ruimte mee zodat de acties lukken?"),
    ],
    "policy": [
        gettext_noop("Hoe staat de analyse ervoor? Ontbreken er nog stukken of competenties?"),
        gettext_noop("Vragen de analyses of de acties om de visie of de beleidskeuzes bij te stellen?"),
        gettext_noop("Is voor iedereen duidelijk wie wat beslist en met welk mandaat?"),
    ],
    "cyclical": [
        gettext_noop("Wisselen beleid en praktijk echt uit? Geef een concreet voorbeeld van het voorbije jaar."),
        gettext_noop("Zijn er vaste momenten waarop signalen uit de praktijk en van partners op tafel komen?"),
        gettext_noop("Wat gebeurde er met de signalen die jullie doorgaven?"),
    ],
}

# Per block, prompts to strengthen it (for scores 1–3), in our own words.
STRENGTHEN_PROMPTS: dict[str, list[str]] = {
    "analysis_plan": [
        gettext_noop("Welke gegevens of stemmen ontbreken nog in de analyse van de buurt?"),
        gettext_noop("Volgt elke actie uit een besluit van de analyse, en weet je wanneer je ze evalueert?"),
    ],
    "vision_organisation": [
        gettext_noop("Schrijf samen op wat een zorgzame buurt voor jullie is, en toets je keuzes eraan."),
        gettext_noop("Maak afspraken over rollen en mandaten, bijvoorbeeld met een RASCI-overzicht."),
    ],
    "communication": [
        gettext_noop("Wie bereikt jullie boodschap nog niet? Wat hebben zij nodig om ze te begrijpen?"),
        gettext_noop("Betrek de communicatiedienst en spreek af wie wat vertelt aan wie."),
    ],
    "partnerships": [
        gettext_noop("Welke partners ontbreken nog? Kijk naar de sociale kaart en naar informele groepen."),
        gettext_noop("Betrek partners in elke fase: visie, analyse, plan en opvolging."),
    ],
    "public_space": [
        gettext_noop("Raken mensen tot op de plek van de activiteit? Vraag naar drempels onderweg."),
        gettext_noop("Welke plekken buiten de klassieke voorzieningen kunnen ontmoeting dragen?"),
    ],
    "detection": [
        gettext_noop("Waar en door wie worden kwetsbare situaties vandaag opgemerkt, en waar niet?"),
        gettext_noop("Ga naar mensen toe in plaats van te wachten tot ze komen."),
    ],
    "referral": [
        gettext_noop("Weet iedereen in de buurt bij wie iemand met een vraag terecht kan?"),
        gettext_noop("Volg op of mensen ook echt aankomen bij de hulp waarnaar ze verwezen zijn."),
    ],
    "social_networks": [
        gettext_noop("Welke verenigingen en informele groepen kunnen mee het net rond mensen versterken?"),
        gettext_noop("Ontmoeting is één weg; denk ook aan burenhulp en vaste contactpersonen."),
    ],
    "inclusion": [
        gettext_noop("Betrek mensen in kwetsbare situaties al bij de analyse, niet pas bij de acties."),
        gettext_noop("Vertrek van talenten en sterktes in de buurt, niet alleen van noden."),
    ],
}
# For blocks scored 4–5: the question the method asks, in our words.
THRESHOLD_PROMPT = gettext_noop("Jullie zetten hier al op in. Op welke drempels botsen jullie nog, en wat helpt om ze te nemen?")


def level_label(score: int | None, lang: str = "nl") -> str:
    return gettext(NOT_ASSESSED_LABEL if score is None else LEVELS[score], lang)


def _out_of_range(block: str, value) -> ZorgzaamError:
    # the block's name in the language spoken now (a web request's, the CLI's --lang)
    return ZorgzaamError("assessment_score_out_of_range", block=block_label(block, current_language()), value=value)


def check_score(block: str, value) -> int | None:
    """One score: 1–5 as an int, or None when not assessed (None or an empty field). Anything else — the
    source's undefined 0 included — is refused with a message naming the block."""
    if block not in BUILDING_BLOCKS:
        raise ZorgzaamError("assessment_unknown_block", value=block)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _out_of_range(block, value)
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _out_of_range(block, value) from None
    if not number.is_integer() or not MIN_SCORE <= number <= MAX_SCORE:
        raise _out_of_range(block, value)
    return int(number)


def check_scores(scores: dict) -> dict[str, int | None]:
    """All nine blocks in their fixed order; a block not given is not assessed."""
    unknown = [code for code in scores if code not in BUILDING_BLOCKS]
    if unknown:
        raise ZorgzaamError("assessment_unknown_block", value=unknown[0])
    return {code: check_score(code, scores.get(code)) for code in BUILDING_BLOCKS}


@dataclass(frozen=True)
class BlockDifference:
    block: str
    first: int | None
    second: int | None
    difference: int | None  # second − first; None when either did not assess the block
    flagged: bool


def compare(first: dict, second: dict, threshold: int = FLAG_DIFFERENCE) -> list[BlockDifference]:
    """Two perspectives block by block; a difference of ``threshold`` or more (either way) is flagged."""
    a, b = check_scores(first), check_scores(second)
    rows = []
    for code in BUILDING_BLOCKS:
        diff = None if a[code] is None or b[code] is None else b[code] - a[code]
        rows.append(BlockDifference(code, a[code], b[code], diff, diff is not None and abs(diff) >= threshold))
    return rows


@dataclass(frozen=True)
class BlockTrend:
    block: str
    scores: tuple[int | None, ...]  # one per date, in date order
    change: int | None  # last assessed − first assessed (None with fewer than two)


def trend(rounds: list[tuple[dt.date, dict]]) -> tuple[list[dt.date], list[BlockTrend]]:
    """Scores over dates: the dates in order and, per block, its score on each date and the change
    between the first and the last date it was assessed."""
    ordered = sorted(((date, check_scores(scores)) for date, scores in rounds), key=lambda item: item[0])
    dates = [date for date, _ in ordered]
    rows = []
    for code in BUILDING_BLOCKS:
        values = tuple(scores[code] for _, scores in ordered)
        known = [v for v in values if v is not None]
        rows.append(BlockTrend(code, values, known[-1] - known[0] if len(known) >= 2 else None))
    return dates, rows


def route(score: int | None) -> str:
    if score is None:
        return NOT_ASSESSED
    return STRENGTHEN if score <= 3 else THRESHOLDS


@dataclass(frozen=True)
class Route:
    block: str
    score: int | None
    route: str
    part: str
    prompts: tuple[str, ...]


def routes(scores: dict, lang: str = "nl") -> dict[str, list[Route]]:
    """Per part of the method (practice, policy, the cycle) the blocks with what to do next: 1–3 the
    prompts to strengthen the block, 4–5 the question about obstacles, not assessed a reminder."""
    checked = check_scores(scores)
    grouped: dict[str, list[Route]] = {part: [] for part in PARTS}
    for code, score in checked.items():
        way = route(score)
        if way == STRENGTHEN:
            prompts = tuple(gettext(p, lang) for p in STRENGTHEN_PROMPTS[code])
        elif way == THRESHOLDS:
            prompts = (gettext(THRESHOLD_PROMPT, lang),)
        else:
            prompts = ()
        grouped[BLOCK_PART[code]].append(Route(code, score, way, BLOCK_PART[code], prompts))
    return grouped


# ---------------------------------------------------------------------------------------------- radar chart

def radar_figure(series: dict[str, dict], title: str = "", lang: str = "nl"):
    """A radar (spider) chart of one or more sets of scores on the nine blocks, in the graphics package's
    colours, with a different line style and marker per set; a block not assessed breaks the line there."""
    from matplotlib.figure import Figure

    from zorgzaam.graphics.charts import COLOURS, LINESTYLES, MARKERS

    codes = list(BUILDING_BLOCKS)
    angles = [2 * math.pi * i / len(codes) for i in range(len(codes))]
    figure = Figure(figsize=(5.6, 5.8))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    for index, (name, scores) in enumerate(series.items()):
        checked = check_scores(scores)
        values = [checked[c] if checked[c] is not None else math.nan for c in codes]
        colour = COLOURS[index % len(COLOURS)]
        axes.plot(angles + angles[:1], values + values[:1], color=colour, linewidth=2,
                  linestyle=LINESTYLES[index % len(LINESTYLES)], marker=MARKERS[index % len(MARKERS)], label=name)
        if not any(math.isnan(v) for v in values):
            axes.fill(angles + angles[:1], values + values[:1], color=colour, alpha=0.08)
    axes.set_xticks(angles)
    axes.set_xticklabels([block_label(c, lang).replace(": ", ":\n") for c in codes], fontsize=9)
    axes.set_ylim(0, MAX_SCORE)
    axes.set_yticks(range(1, MAX_SCORE + 1))
    axes.set_yticklabels([str(v) for v in range(1, MAX_SCORE + 1)], fontsize=7)
    if title:
        axes.set_title(title, pad=18)
    if series:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=min(3, len(series)), fontsize=9,
                    frameon=False)
    return figure


def radar_svg(series: dict[str, dict], title: str = "", lang: str = "nl") -> str:
    from zorgzaam.graphics.charts import svg

    return svg(radar_figure(series, title, lang))
