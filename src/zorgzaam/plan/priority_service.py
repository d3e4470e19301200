"""Prioritisation rounds, stored (the Django side of ``plan.priorities``): make a round, hand out its link,
take ballots from phones and from paper, weigh the groups, compute the result and record decisions.

The link: ``/plan/kies/<token>/`` where the token is ``<round id>.<link key>`` signed with the site's
secret (salted for this use). A changed token fails the signature; an old token (after "new link") names a
key the round no longer has; a closed round takes no phone ballots. In each case nothing is stored.

A phone is known by a random token of its own (kept in a signed cookie scoped to the link); only a keyed
hash of it is stored with the ballot, so voting again from the same phone replaces that phone's ballot,
and nobody — not other participants, not the team — can tell whose ballot it is.
"""

from __future__ import annotations

import hmac
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from zorgzaam.messages import ZorgzaamError, gettext_noop
from zorgzaam.messages import register as register_messages
from zorgzaam.plan import priorities
from zorgzaam.plan.priority_models import (
    PriorityBallot,
    PriorityDecision,
    PriorityGroup,
    PriorityItem,
    PriorityRound,
    new_link_key,
)

register_messages({
    "priority_title_missing": gettext_noop("Geef de ronde een titel."),
    "priority_round_closed": gettext_noop("Deze ronde neemt geen stemmen meer aan."),
    "priority_group_missing": gettext_noop("Kies eerst tot welke groep je behoort."),
    "priority_reason_missing": gettext_noop(
        "Schrijf kort op waarom jullie dit beslissen: dat is wat bewoners en partners later willen weten."),
    "priority_decision_unknown": gettext_noop("Onbekende beslissing '{decision}'."),
    "priority_round_has_votes": gettext_noop(
        "Er zijn al {count} stemmen uitgebracht: de onderwerpen, de groepen en de manier van stemmen liggen "
        "nu vast. Je kan nog de titel en de uitleg wijzigen, of de link sluiten."),
})

LINK_SALT = "zorgzaam.plan.priority-link"
DEVICE_SALT = "zorgzaam.plan.priority-device"


# ------------------------------------------------------------------------------------------------- rounds


def _group_key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "groep"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def create_round(workspace, *, title: str, method: str, items: list, groups: list, dots: int = priorities.DEFAULT_DOTS,
                 question: str = "", threshold: int = priorities.DIVERGENCE_PLACES, created_by: str = "",
                 fictional: bool = False) -> PriorityRound:
    """A new open round. ``items``: titles, or dicts with title, description, theme, finding and/or
    challenge (a Finding or Challenge of the workspace; another workspace's is not linked); ``groups``: names, or (key, name) pairs (the standard keys: residents, professionals,
    steering)."""
    title = (title or "").strip()
    if not title:
        raise ZorgzaamError("priority_title_missing")
    priorities.check_method(method)
    dots = priorities.check_dots(dots) if method == "dots" else int(dots or priorities.DEFAULT_DOTS)
    rows = [dict(title=i) if isinstance(i, str) else dict(i) for i in items]
    rows = [r for r in rows if (r.get("title") or "").strip()]
    for r in rows:
        r["title"] = r["title"].strip()[:300]
    priorities.check_items([priorities.Item(r["title"].casefold(), r["title"]) for r in rows])
    taken: set[str] = set()
    pairs = []
    for group in groups:
        key, name = (group if isinstance(group, tuple) else (None, group))
        name = (name or "").strip()[:120]
        if not name:
            continue
        key = key if key and key not in taken else _group_key(name, taken)
        taken.add(key)
        pairs.append((key, name))
    priorities.check_groups([priorities.Group(name.casefold(), name) for _key, name in pairs])
    with transaction.atomic():
        found = PriorityRound.objects.create(
            workspace=workspace, title=title[:200], question=question or "", method=method, dots=dots,
            threshold=max(1, int(threshold)), created_by=created_by or "", is_fictional=fictional)
        for position, r in enumerate(rows):
            finding, challenge = r.get("finding"), r.get("challenge")
            if finding is not None and finding.workspace_id != workspace.pk:
                finding = None
            if challenge is not None and challenge.workspace_id != workspace.pk:
                challenge = None
            PriorityItem.objects.create(round=found, title=r["title"], description=r.get("description") or "",
                                        theme=r.get("theme") or "", finding=finding, challenge=challenge,
                                        position=position)
        for position, (key, name) in enumerate(pairs):
            PriorityGroup.objects.create(round=found, key=key, name=name, position=position)
    return found


def update_round(round_: PriorityRound, *, title: str, question: str = "", method: str | None = None,
                 dots: int | None = None, items: list[str] | None = None, groups: list[str] | None = None
                 ) -> PriorityRound:
    """Change a round. Title and explanation always; before the first ballot also the method, the dots, the
    items and the groups (titles and names, one list each: an item or group kept by its words keeps its links
    and its key, the others are added or dropped). After a ballot a change of those is refused, nothing
    stored: a vote must keep meaning what it meant."""
    title = (title or "").strip()
    if not title:
        raise ZorgzaamError("priority_title_missing")
    ballots = round_.ballots.count()
    current_items = list(round_.items.all())
    current_groups = list(round_.groups.all())
    changes_rules = (
        (method is not None and method != round_.method)
        or (dots is not None and method == "dots" and int(dots) != round_.dots)
        or (items is not None and [i.strip() for i in items if i.strip()] != [i.title for i in current_items])
        or (groups is not None and [g.strip() for g in groups if g.strip()] != [g.name for g in current_groups]))
    if changes_rules and ballots:
        raise ZorgzaamError("priority_round_has_votes", count=ballots)
    with transaction.atomic():
        round_.title, round_.question = title[:200], question or ""
        if changes_rules:
            method = method if method is not None else round_.method
            priorities.check_method(method)
            round_.method = method
            if method == "dots" and dots is not None:
                round_.dots = priorities.check_dots(dots)
            if items is not None:
                titles = [i.strip()[:300] for i in items if i.strip()]
                priorities.check_items([priorities.Item(t.casefold(), t) for t in titles])
                kept = {i.title: i for i in current_items}
                round_.items.exclude(title__in=titles).delete()
                for position, text in enumerate(titles):
                    found = kept.get(text) or PriorityItem(round=round_, title=text)
                    found.position = position
                    found.save()
            if groups is not None:
                names = [g.strip()[:120] for g in groups if g.strip()]
                priorities.check_groups([priorities.Group(n.casefold(), n) for n in names])
                kept = {g.name: g for g in current_groups}
                round_.groups.exclude(name__in=names).delete()
                taken = {g.key for g in current_groups if g.name in names}
                for position, name in enumerate(names):
                    found = kept.get(name)
                    if found is None:
                        found = PriorityGroup(round=round_, name=name, key=_group_key(name, taken))
                        taken.add(found.key)
                    found.position = position
                    found.save()
        round_.save()
    return round_


def plain_items(round_: PriorityRound) -> list[priorities.Item]:
    return [priorities.Item(str(i.pk), i.title) for i in round_.items.all()]


def plain_groups(round_: PriorityRound) -> list[priorities.Group]:
    return [priorities.Group(g.key, g.name) for g in round_.groups.all()]


def round_result(round_: PriorityRound) -> priorities.RoundResult:
    """The round's result: every group's standings, the combined ranking with the groups' weights, and the
    divergences (see ``plan.priorities.tally``)."""
    groups = list(round_.groups.all())
    keys = {g.pk: g.key for g in groups}
    ballots = [priorities.Ballot(keys[b.group_id], b.marks)
               for b in PriorityBallot.objects.filter(round=round_).only("group_id", "marks")]
    return priorities.tally(round_.method, plain_items(round_), plain_groups(round_), ballots,
                            weights={g.key: Fraction(str(g.weight)) for g in groups}, threshold=round_.threshold,
                            dots=round_.dots, validate=False)


def set_weights(round_: PriorityRound, weights: dict[str, object]) -> None:
    """The team's weights per group key (numbers ≥ 0, at least one above 0); checked as a whole first."""
    groups = {g.key: g for g in round_.groups.all()}
    chosen = priorities.check_weights(plain_groups(round_), weights)
    if not any(value > 0 for value in chosen.values()):
        raise ZorgzaamError("priority_weights_zero")
    with transaction.atomic():
        for key, value in chosen.items():
            try:
                decimal = Decimal(value.numerator) / Decimal(value.denominator)
                decimal = decimal.quantize(Decimal("0.01"))
            except InvalidOperation:
                raise ZorgzaamError("priority_weight_invalid", group=groups[key].name) from None
            if decimal >= Decimal("10000"):
                raise ZorgzaamError("priority_weight_invalid", group=groups[key].name)
            if groups[key].weight != decimal:
                groups[key].weight = decimal
                groups[key].save(update_fields=["weight"])


# --------------------------------------------------------------------------------------------------- link


def link_token(round_: PriorityRound) -> str:
    return signing.Signer(salt=LINK_SALT).sign(f"{round_.pk}.{round_.link_key}")


def round_from_token(token: str) -> PriorityRound | None:
    """The round a link names, or None for a changed, made-up or renewed link."""
    try:
        value = signing.Signer(salt=LINK_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    pk, _dot, key = value.partition(".")
    if not pk.isdigit() or not key:
        return None
    found = PriorityRound.objects.select_related("workspace").filter(pk=int(pk)).first()
    if found is None or not hmac.compare_digest(found.link_key, key):
        return None
    return found


def set_link_open(round_: PriorityRound, is_open: bool) -> None:
    round_.status = "open" if is_open else "closed"
    round_.save(update_fields=["status", "updated_at"])


def renew_link(round_: PriorityRound) -> None:
    """A new link: every link handed out before stops working (ballots already cast stay)."""
    round_.link_key = new_link_key()
    round_.save(update_fields=["link_key", "updated_at"])


# ------------------------------------------------------------------------------------------------ ballots


def device_hash(round_: PriorityRound, device: str) -> str:
    return salted_hmac(DEVICE_SALT, f"{round_.pk}:{device}").hexdigest()


def ballot_of_device(round_: PriorityRound, device: str | None) -> PriorityBallot | None:
    if not device:
        return None
    return PriorityBallot.objects.select_related("group").filter(round=round_,
                                                                 device_hash=device_hash(round_, device)).first()


def _group(round_: PriorityRound, group_key: str) -> PriorityGroup:
    if not group_key:
        raise ZorgzaamError("priority_group_missing")
    found = round_.groups.filter(key=group_key).first()
    if found is None:
        raise ZorgzaamError("priority_unknown_group", group=group_key or "")
    return found


def cast_ballot(round_: PriorityRound, group_key: str, marks: dict, *, device: str | None = None,
                entered_by: str = "") -> tuple[PriorityBallot, bool]:
    """Store one ballot: from a phone (``device``: its own token; voting again replaces that phone's ballot,
    and only while the round is open) or from paper (``entered_by``: the facilitator; always a new ballot,
    also after the link was closed). Returns (ballot, created). Nothing is stored when anything is wrong."""
    group = _group(round_, group_key)
    clean = priorities.validate_ballot(round_.method, plain_items(round_), marks, dots=round_.dots)
    if device is None:
        return PriorityBallot.objects.create(round=round_, group=group, marks=clean, entered_by=entered_by or "?"), True
    hashed = device_hash(round_, device)
    for attempt in range(2):
        try:
            with transaction.atomic():
                current = PriorityRound.objects.select_for_update().only("status").get(pk=round_.pk)
                if current.status != "open":
                    raise ZorgzaamError("priority_round_closed")
                ballot = PriorityBallot.objects.filter(round=round_, device_hash=hashed).first()
                if ballot is None:
                    return PriorityBallot.objects.create(round=round_, group=group, device_hash=hashed,
                                                         marks=clean), True
                if ballot.group_id != group.pk or ballot.marks != clean:  # the same ballot again changes nothing
                    ballot.group, ballot.marks = group, clean
                    ballot.save(update_fields=["group", "marks", "updated_at"])
                return ballot, False
        except IntegrityError:  # the same phone twice at the same moment: the second one updates
            if attempt:
                raise
    raise AssertionError("unreachable")


def delete_ballot(round_: PriorityRound, pk: int) -> bool:
    """Remove a paper ballot typed by mistake (a phone's ballot is its owner's to change)."""
    deleted, _ = PriorityBallot.objects.filter(round=round_, pk=pk, device_hash="").delete()
    return bool(deleted)


def ballots_per_group(round_: PriorityRound) -> list[tuple[PriorityGroup, list[PriorityBallot]]]:
    """Every group with its ballots (anonymous: numbered per round, paper or phone)."""
    groups = list(round_.groups.all())
    by_group: dict[int, list[PriorityBallot]] = {g.pk: [] for g in groups}
    for ballot in PriorityBallot.objects.filter(round=round_).order_by("pk"):
        by_group.setdefault(ballot.group_id, []).append(ballot)
    return [(g, by_group[g.pk]) for g in groups]


# ---------------------------------------------------------------------------------------------- decisions


def record_decision(round_: PriorityRound, item_pk: int, decision: str, reason: str, *, user: str = "") -> PriorityDecision:
    if decision not in dict(PriorityDecision.CHOICES):
        raise ZorgzaamError("priority_decision_unknown", decision=decision)
    reason = (reason or "").strip()
    if not reason:
        raise ZorgzaamError("priority_reason_missing")
    item = round_.items.filter(pk=item_pk).first()
    if item is None:
        raise ZorgzaamError("priority_unknown_item", item=item_pk)
    return PriorityDecision.objects.create(round=round_, item=item, decision=decision, reason=reason,
                                           decided_by=user or "")


def latest_decisions(round_: PriorityRound) -> dict[int, PriorityDecision]:
    """item pk -> the latest decision about it (earlier ones stay as history)."""
    latest: dict[int, PriorityDecision] = {}
    for decision in PriorityDecision.objects.filter(round=round_).order_by("decided_at", "pk"):
        latest[decision.item_id] = decision
    return latest
