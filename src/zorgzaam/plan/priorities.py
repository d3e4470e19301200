"""Prioritisation with the group (plain module, no Django): which challenges or themes come first, asked
of several groups — residents, professionals, the steering group or the team's own groups — and where
those groups disagree.

A round has items (challenges or themes), groups and one method:

- ``ranking``: every participant puts all items in order (a permutation: each place used once);
  an item gets ``n + 1 - place`` points (n items), and its mean place is shown as well;
- ``top3``: every participant names up to three different items in order; 3, 2 and 1 points;
- ``dots``: every participant spreads at most N dots over the items, several on one item allowed.

A ballot is ``{item key: mark}`` for every method: the place (ranking), the choice number (top-3) or the
number of dots. :func:`validate_ballot` checks it and returns it in its one normal form.

Results (:func:`tally`): per group, points per item and its rank; a **combined ranking** in which every
group counts equally, whatever its size (each group's points are first turned into shares of that
group's total; the team may give groups other weights, and the weights used are returned for display);
and the **divergence**: an item whose rank differs by ``threshold`` places (default 2) or more between two
groups is marked, with the rank it has in each group.

Ties: items with the same score share a rank ("1, 2, 2, 4") and are marked as tied; within a tie they
are listed in the round's own order, so the same ballots always give the same table. Scores are exact
fractions, so a tie is a real tie and never a rounding accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop
from zorgzaam.messages import register as register_messages

METHODS = ("ranking", "top3", "dots")
TOP_CHOICES = 3
DEFAULT_DOTS = 5
MAX_DOTS = 50
DIVERGENCE_PLACES = 2

# The usual groups (key: Dutch msgid); a team may add its own (any key and name).
STANDARD_GROUPS = {
    "residents": gettext_noop("Bewoners"),
    "professionals": gettext_noop("Professionals"),
    "steering": gettext_noop("Stuurgroep"),
}


def group_name(key: str, lang: str | None = None) -> str:
    """One of the usual groups' names in ``lang`` (default the active language)."""
    return gettext(STANDARD_GROUPS[key], lang)

register_messages({
    "priority_method_unknown": gettext_noop("Onbekende manier van stemmen '{method}'. Kies uit: {known}."),
    "priority_too_few_items": gettext_noop("Een ronde heeft minstens twee onderwerpen nodig om uit te kiezen."),
    "priority_item_repeated": gettext_noop("Het onderwerp '{item}' staat twee keer op de lijst."),
    "priority_no_groups": gettext_noop("Een ronde heeft minstens één groep nodig."),
    "priority_group_repeated": gettext_noop("De groep '{group}' staat twee keer op de lijst."),
    "priority_unknown_item": gettext_noop("'{item}' staat niet op de lijst van deze ronde."),
    "priority_unknown_group": gettext_noop("'{group}' is geen groep van deze ronde."),
    "priority_not_whole": gettext_noop("'{value}' bij '{item}' is geen geheel getal."),
    "priority_ranking_incomplete": gettext_noop(
        "Geef elk van de {count} onderwerpen een eigen plaats van 1 tot {count}. Nog zonder plaats: {missing}."),
    "priority_ranking_place_twice": gettext_noop(
        "Plaats {place} is meer dan één keer gegeven. Elke plaats mag maar één keer voorkomen."),
    "priority_ranking_place_range": gettext_noop("Plaats {place} kan niet: kies een plaats van 1 tot {count}."),
    "priority_top_none": gettext_noop("Kies minstens één onderwerp."),
    "priority_top_same_item": gettext_noop("Je koos '{item}' meer dan één keer. Kies telkens een ander onderwerp."),
    "priority_top_range": gettext_noop("Je kunt hoogstens {count} onderwerpen kiezen, als eerste, tweede en derde keuze."),
    "priority_dots_negative": gettext_noop("Een aantal stippen kan niet kleiner zijn dan 0 ('{item}')."),
    "priority_dots_too_many": gettext_noop(
        "Je verdeelde {given} stippen, maar je hebt er {limit}. Haal er {over} weg."),
    "priority_dots_none": gettext_noop("Zet minstens één stip bij een onderwerp."),
    "priority_dots_limit": gettext_noop("Het aantal stippen per deelnemer moet tussen 1 en {maximum} liggen."),
    "priority_weight_invalid": gettext_noop("Het gewicht van de groep '{group}' moet een getal van 0 of meer zijn."),
    "priority_weights_zero": gettext_noop("Geef minstens één groep met stemmen een gewicht groter dan 0."),
})


# ------------------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Item:
    key: str
    title: str


@dataclass(frozen=True)
class Group:
    key: str
    name: str


@dataclass(frozen=True)
class Ballot:
    """One participant's ballot: the group they voted in and their marks (see the module's docstring)."""

    group: str
    marks: Mapping[str, int]


def check_method(method: str) -> str:
    if method not in METHODS:
        raise ZorgzaamError("priority_method_unknown", method=method, known=", ".join(METHODS))
    return method


def check_dots(dots: int) -> int:
    try:
        number = int(dots)
    except (TypeError, ValueError):
        raise ZorgzaamError("priority_dots_limit", maximum=MAX_DOTS) from None
    if number != dots or not 1 <= number <= MAX_DOTS:
        raise ZorgzaamError("priority_dots_limit", maximum=MAX_DOTS)
    return number


def check_items(items: Sequence[Item]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise ZorgzaamError("priority_item_repeated", item=item.title)
        seen.add(item.key)
    if len(seen) < 2:
        raise ZorgzaamError("priority_too_few_items")


def check_groups(groups: Sequence[Group]) -> None:
    seen: set[str] = set()
    for group in groups:
        if group.key in seen:
            raise ZorgzaamError("priority_group_repeated", group=group.name)
        seen.add(group.key)
    if not seen:
        raise ZorgzaamError("priority_no_groups")


def top_choices(item_count: int) -> int:
    """How many items a top-3 ballot may name: three, or fewer when the round has fewer than four items
    (with three items, naming all three is a ranking)."""
    return max(1, min(TOP_CHOICES, item_count - 1))


def _whole(value, item: str) -> int:
    if isinstance(value, bool):
        raise ZorgzaamError("priority_not_whole", value=value, item=item)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        try:
            as_float = float(text.replace(",", "."))
        except ValueError:
            raise ZorgzaamError("priority_not_whole", value=value, item=item) from None
        if not as_float.is_integer():
            raise ZorgzaamError("priority_not_whole", value=value, item=item) from None
        number = int(as_float)
    return number


def validate_ballot(method: str, items: Sequence[Item], marks: Mapping[str, object], *,
                    dots: int = DEFAULT_DOTS) -> dict[str, int]:
    """The ballot's marks checked and in normal form (item keys in the round's order; for top-3 and dots
    only the items chosen), or :class:`ZorgzaamError` saying what to change."""
    check_method(method)
    titles = {item.key: item.title for item in items}
    order = [item.key for item in items]
    given: dict[str, int] = {}
    for key, raw in marks.items():
        if key not in titles:
            raise ZorgzaamError("priority_unknown_item", item=key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # left blank
        given[key] = _whole(raw, titles[key])
    if method == "ranking":
        count = len(order)
        seen: dict[int, str] = {}
        for key in order:
            if key not in given:
                continue
            place = given[key]
            if not 1 <= place <= count:
                raise ZorgzaamError("priority_ranking_place_range", place=place, count=count)
            if place in seen:
                raise ZorgzaamError("priority_ranking_place_twice", place=place)
            seen[place] = key
        missing = [titles[key] for key in order if key not in given]
        if missing:
            raise ZorgzaamError("priority_ranking_incomplete", count=count, missing=", ".join(missing))
        return {key: given[key] for key in order}
    if method == "top3":
        limit = top_choices(len(order))
        chosen = {key: place for key, place in given.items() if place != 0}
        if not chosen:
            raise ZorgzaamError("priority_top_none")
        places = sorted(chosen.values())
        if any(not 1 <= place <= limit for place in places) or len(chosen) > limit:
            raise ZorgzaamError("priority_top_range", count=limit)
        if places != list(range(1, len(places) + 1)):
            raise ZorgzaamError("priority_top_range", count=limit)
        return {key: chosen[key] for key in order if key in chosen}
    # dots
    limit = check_dots(dots)
    for key in order:
        if given.get(key, 0) < 0:
            raise ZorgzaamError("priority_dots_negative", item=titles[key])
    total = sum(given.values())
    if total == 0:
        raise ZorgzaamError("priority_dots_none")
    if total > limit:
        raise ZorgzaamError("priority_dots_too_many", given=total, limit=limit, over=total - limit)
    return {key: given[key] for key in order if given.get(key, 0) > 0}


def ballot_from_choices(method: str, items: Sequence[Item], choices: Sequence[str]) -> dict[str, int]:
    """Marks from an ordered list of chosen item keys: a top-3 form (first, second, third choice; blanks are
    skipped, so a blank second choice moves the third up) or a whole ranking in order. Not for dots."""
    if check_method(method) == "dots":
        raise ZorgzaamError("priority_method_unknown", method=method, known="ranking, top3")
    picked = [key for key in choices if key]
    seen: set[str] = set()
    titles = {item.key: item.title for item in items}
    for key in picked:
        if key not in titles:
            raise ZorgzaamError("priority_unknown_item", item=key)
        if key in seen:
            raise ZorgzaamError("priority_top_same_item", item=titles[key])
        seen.add(key)
    return {key: place for place, key in enumerate(picked, start=1)}


def points(method: str, marks: Mapping[str, int], item_count: int) -> dict[str, int]:
    """The points a (valid) ballot gives each item it names."""
    if method == "ranking":
        return {key: item_count + 1 - place for key, place in marks.items()}
    if method == "top3":
        return {key: TOP_CHOICES + 1 - place for key, place in marks.items()}
    return dict(marks)


# ----------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Standing:
    """One item in one group: its points, mean place (ranking only), how many named it, and its rank."""

    item: str
    points: int
    share: Fraction  # of all points given in the group
    mean_rank: Fraction | None
    named_by: int
    rank: int
    tied: bool


@dataclass(frozen=True)
class GroupResult:
    group: str
    ballots: int
    standings: tuple[Standing, ...] = ()  # best first; empty when the group has no ballots

    def rank_of(self, item: str) -> int | None:
        return next((s.rank for s in self.standings if s.item == item), None)

    def standing(self, item: str) -> Standing | None:
        return next((s for s in self.standings if s.item == item), None)


@dataclass(frozen=True)
class CombinedStanding:
    item: str
    score: Fraction  # the weighted mean of the groups' shares (0–1)
    mean_rank: Fraction | None  # the weighted mean of the groups' mean places (ranking only)
    rank: int
    tied: bool


@dataclass(frozen=True)
class Divergence:
    item: str
    ranks: dict[str, int]  # group key -> rank in that group
    spread: int  # lowest rank minus highest
    highest: tuple[str, ...]  # the groups that rank it best
    lowest: tuple[str, ...]  # the groups that rank it worst


@dataclass(frozen=True)
class RoundResult:
    method: str
    items: tuple[Item, ...]
    groups: tuple[Group, ...]
    per_group: tuple[GroupResult, ...]
    combined: tuple[CombinedStanding, ...]
    weights: dict[str, Fraction]  # group key -> share of the combined result (counted groups only)
    chosen_weights: dict[str, Fraction]  # the weights as the team set them (every group)
    divergences: tuple[Divergence, ...]
    threshold: int
    ballots: int = 0
    counted: tuple[str, ...] = field(default=())  # groups with ballots and a weight above 0

    def group(self, key: str) -> GroupResult:
        return next(g for g in self.per_group if g.group == key)

    def divergence(self, item: str) -> Divergence | None:
        return next((d for d in self.divergences if d.item == item), None)

    @property
    def equal_weights(self) -> bool:
        return len(set(self.chosen_weights.values())) <= 1


def _ranks(scores: list[tuple[str, Fraction]], *, higher_is_better: bool = True) -> list[tuple[str, int, bool]]:
    """Competition ranks ("1, 2, 2, 4") of (item, score) in the given order: best first, ties in the order
    given (the round's own order, since Python's sort is stable)."""
    ordered = sorted(scores, key=lambda pair: -pair[1] if higher_is_better else pair[1])
    counts: dict[Fraction, int] = {}
    for _key, score in ordered:
        counts[score] = counts.get(score, 0) + 1
    result, position = [], 0
    rank_of_score: dict[Fraction, int] = {}
    for key, score in ordered:
        position += 1
        rank = rank_of_score.setdefault(score, position)
        result.append((key, rank, counts[score] > 1))
    return result


def check_weights(groups: Sequence[Group], weights: Mapping[str, object] | None) -> dict[str, Fraction]:
    """Every group's weight as an exact fraction (1 when not given); a number below 0 or not a number, or a
    group that is not in the round, is refused."""
    chosen: dict[str, Fraction] = {}
    names = {g.key: g.name for g in groups}
    for key in weights or {}:
        if key not in names:
            raise ZorgzaamError("priority_unknown_group", group=key)
    for group in groups:
        raw = (weights or {}).get(group.key, 1)
        try:
            value = Fraction(str(raw).replace(",", ".")) if not isinstance(raw, (int, Fraction)) else Fraction(raw)
        except (ValueError, ZeroDivisionError):
            raise ZorgzaamError("priority_weight_invalid", group=group.name) from None
        if isinstance(raw, bool) or value < 0:
            raise ZorgzaamError("priority_weight_invalid", group=group.name)
        chosen[group.key] = value
    return chosen


def group_result(method: str, items: Sequence[Item], group: str, ballots: Iterable[Mapping[str, int]]) -> GroupResult:
    """One group's standings from its (valid) ballots' marks."""
    order = [item.key for item in items]
    totals = dict.fromkeys(order, 0)
    named = dict.fromkeys(order, 0)
    places = dict.fromkeys(order, 0)
    count = 0
    for marks in ballots:
        count += 1
        for key, value in points(method, marks, len(order)).items():
            totals[key] += value
            named[key] += 1
        if method == "ranking":
            for key, place in marks.items():
                places[key] += place
    if count == 0:
        return GroupResult(group, 0)
    grand = sum(totals.values()) or 1
    ranked = _ranks([(key, Fraction(totals[key])) for key in order])
    standings = tuple(
        Standing(item=key, points=totals[key], share=Fraction(totals[key], grand),
                 mean_rank=Fraction(places[key], count) if method == "ranking" else None,
                 named_by=named[key], rank=rank, tied=tied)
        for key, rank, tied in ranked)
    return GroupResult(group, count, standings)


def tally(method: str, items: Sequence[Item], groups: Sequence[Group], ballots: Iterable[Ballot], *,
          weights: Mapping[str, object] | None = None, threshold: int = DIVERGENCE_PLACES,
          dots: int = DEFAULT_DOTS, validate: bool = True) -> RoundResult:
    """Every group's standings, the combined ranking and the divergences of a round (see the module)."""
    check_method(method)
    check_items(items)
    check_groups(groups)
    items, groups = tuple(items), tuple(groups)
    chosen = check_weights(groups, weights)
    by_group: dict[str, list[Mapping[str, int]]] = {g.key: [] for g in groups}
    for ballot in ballots:
        if ballot.group not in by_group:
            raise ZorgzaamError("priority_unknown_group", group=ballot.group)
        marks = validate_ballot(method, items, ballot.marks, dots=dots) if validate else ballot.marks
        by_group[ballot.group].append(marks)
    per_group = tuple(group_result(method, items, g.key, by_group[g.key]) for g in groups)
    counted = tuple(r.group for r in per_group if r.ballots and chosen[r.group] > 0)
    if not counted and any(r.ballots for r in per_group):
        raise ZorgzaamError("priority_weights_zero")
    weight_total = sum(chosen[key] for key in counted)
    used = {key: chosen[key] / weight_total for key in counted}
    combined: tuple[CombinedStanding, ...] = ()
    if counted:
        results = {r.group: r for r in per_group}
        scores, means = {}, {}
        for item in items:
            scores[item.key] = sum(used[g] * results[g].standing(item.key).share for g in counted)
            if method == "ranking":
                means[item.key] = sum(used[g] * results[g].standing(item.key).mean_rank for g in counted)
        ranked = _ranks([(item.key, scores[item.key]) for item in items])
        combined = tuple(CombinedStanding(item=key, score=scores[key], mean_rank=means.get(key), rank=rank, tied=tied)
                         for key, rank, tied in ranked)
    with_votes = [r for r in per_group if r.ballots]
    divergences = []
    if len(with_votes) >= 2:
        for item in items:
            ranks = {r.group: r.rank_of(item.key) for r in with_votes}
            best, worst = min(ranks.values()), max(ranks.values())
            if worst - best >= threshold:
                divergences.append(Divergence(
                    item=item.key, ranks=ranks, spread=worst - best,
                    highest=tuple(g for g, rank in ranks.items() if rank == best),
                    lowest=tuple(g for g, rank in ranks.items() if rank == worst)))
    divergences.sort(key=lambda d: -d.spread)  # widest gap first; stable: the round's order within
    return RoundResult(method=method, items=items, groups=groups, per_group=per_group, combined=combined,
                       weights=used, chosen_weights=chosen, divergences=tuple(divergences), threshold=threshold,
                       ballots=sum(r.ballots for r in per_group), counted=counted)


def rank_label(rank: int | None, tied: bool, lang: str = "nl") -> str:
    """'2', '2 (gedeeld)' / '2 (tied)', or '–' for no rank."""
    if rank is None:
        return "–"
    if tied:
        return gettext("{rank} (gedeeld)", lang).format(rank=rank)
    return str(rank)


def rank_chart_data(result: RoundResult) -> dict:
    """What the divergence chart draws: per item (in the combined order) each counted group's rank."""
    order = [c.item for c in result.combined] or [i.key for i in result.items]
    titles = {i.key: i.title for i in result.items}
    names = {g.key: g.name for g in result.groups}
    groups = [r for r in result.per_group if r.ballots]
    return {
        "items": [titles[key] for key in order],
        "groups": [names[r.group] for r in groups],
        "ranks": [[r.rank_of(key) for key in order] for r in groups],
        "marked": [result.divergence(key) is not None for key in order],
        "places": len(result.items),
    }
