"""The initiative inventory per building block (plain module, no Django): the initiatives a team lists in its
vision workshop and the plan's actions, laid out as a matrix of the nine building blocks against the
neighbourhoods, so the gaps show: a cell where nothing runs and nothing is planned.

An item without a neighbourhood (for the whole municipality) counts in every neighbourhood of its blocks and
is shown in its own column; a block with no item at all is a gap everywhere. An initiative given only as a
point on the map counts in the neighbourhood that holds the point (:func:`place`), and for the whole
municipality only when the point lies in none."""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely

from zorgzaam.messages import ZorgzaamError, gettext_noop, register
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, check_building_blocks

register({
    "initiative_name_empty": gettext_noop("Geef het initiatief een naam."),
    "initiative_unknown_block": gettext_noop("'{value}' is geen bouwsteen van het referentiekader."),
    "initiative_bad_point": gettext_noop(
        "Een punt op de kaart heeft een breedtegraad (-90 tot 90) en een lengtegraad (-180 tot 180), niet '{value}'."),
})

INITIATIVE, ACTION = "initiative", "action"


@dataclass(frozen=True)
class Item:
    kind: str  # initiative | action
    title: str
    blocks: tuple[str, ...]
    neighbourhoods: tuple[int, ...] = ()  # empty: the whole municipality


@dataclass
class Cell:
    initiatives: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    gap: bool = True


@dataclass
class Row:
    block: str
    cells: list[Cell]  # one per neighbourhood, in the order given
    everywhere: Cell  # the items for the whole municipality


def check_initiative(name: str, blocks, latitude=None, longitude=None) -> None:
    if not (name or "").strip():
        raise ZorgzaamError("initiative_name_empty")
    unknown = check_building_blocks(list(blocks))
    if unknown:
        raise ZorgzaamError("initiative_unknown_block", value=unknown[0])
    if (latitude is None) != (longitude is None) or (
            latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)):
        raise ZorgzaamError("initiative_bad_point", value=f"{latitude}, {longitude}")


def place(x: float, y: float, shapes: dict[int, list]) -> tuple[int, ...]:
    """The neighbourhoods (keys of ``shapes``: each its sectors' shapes, EPSG:31370) that hold the point
    ``x``, ``y`` (EPSG:31370); a point on the border of two counts in both, a point outside all in none."""
    return tuple(hood for hood, parts in shapes.items()
                 if parts and bool(shapely.intersects_xy(list(parts), x, y).any()))


def matrix(items: list[Item], neighbourhoods: list[int]) -> list[Row]:
    """Per building block, per neighbourhood the initiatives and actions there; ``gap`` when a cell has
    neither (an item for the whole municipality fills every cell of its blocks)."""
    rows = []
    for block in BUILDING_BLOCKS:
        cells = {hood: Cell() for hood in neighbourhoods}
        everywhere = Cell()
        for item in items:
            if block not in item.blocks:
                continue
            targets = [cells[h] for h in item.neighbourhoods if h in cells] if item.neighbourhoods else [everywhere]
            for cell in targets:
                (cell.initiatives if item.kind == INITIATIVE else cell.actions).append(item.title)
        everywhere.gap = not (everywhere.initiatives or everywhere.actions)
        for cell in cells.values():
            cell.gap = not (cell.initiatives or cell.actions) and everywhere.gap
        rows.append(Row(block, [cells[h] for h in neighbourhoods], everywhere))
    return rows


def gaps(rows: list[Row]) -> int:
    """How many block × neighbourhood cells are empty."""
    return sum(cell.gap for row in rows for cell in row.cells)
