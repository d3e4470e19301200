"""The goal tree of a neighbourhood plan (no Django): long-term goal → strategic goals (S) →
operational goals or sub-goals (O) → actions (A).

Every node has a stable ``id`` that never changes and is never given to another node, also after a
node is removed (the tree keeps ``next_id``; in the database the primary key plays that role). The
*outline number* people read (``S1.O2 A7``) is computed from the node's place and follows it when it
is moved, so the tree and the action list are one structure and cannot disagree.

Two ways of numbering, as teams do it:

* ``"plan"`` — strategic goals and actions are numbered across the whole plan in tree order;
* ``"working_group"`` — each working group numbers its own strategic goals and actions from 1 (as in
  Balen, where the two working groups each had an S1 and an action 1). The label then carries the
  working group's name.

Operational goals are always numbered within their strategic goal (``S2.O1``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from zorgzaam.messages import ZorgzaamError, gettext_noop, pgettext, register

LONG, STRATEGIC, OPERATIONAL, ACTION = "long", "strategic", "operational", "action"
KINDS = (LONG, STRATEGIC, OPERATIONAL, ACTION)
KIND_LABELS = {  # Dutch msgids, translated under the context "plan words"
    LONG: gettext_noop("Doel op lange termijn"),
    STRATEGIC: gettext_noop("Strategisch doel"),
    OPERATIONAL: gettext_noop("Tussendoel"),
    ACTION: gettext_noop("Actie"),
}
# which kind may hang under which (None = at the top of the plan)
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    LONG: (None,),
    STRATEGIC: (None, LONG),
    OPERATIONAL: (STRATEGIC,),
    # an action belongs under a goal; one without a goal is allowed while drafting (the quality check asks)
    ACTION: (None, STRATEGIC, OPERATIONAL),
}
NUMBERINGS = ("plan", "working_group")

register({
    "tree_unknown_node": gettext_noop("Onderdeel {id} bestaat niet in dit plan."),
    "tree_duplicate_id": gettext_noop("Nummer {id} komt twee keer voor in het plan."),
    "tree_bad_kind": gettext_noop("Onbekend soort onderdeel '{kind}'."),
    "tree_bad_parent": gettext_noop("Een {kind} kan niet onder een {parent} staan."),
    "tree_under_itself": gettext_noop("'{title}' kan niet onder zichzelf staan."),
    "tree_cycle": gettext_noop(
        "'{title}' kan niet onder '{parent}' staan: dat hangt zelf onder '{title}'. Zo ontstaat een "
        "kring."),
    "tree_bad_numbering": gettext_noop("Nummering moet plan of working_group zijn, niet '{value}'."),
    "tree_bad_horizon": gettext_noop(
        "De termijn van een doel op lange termijn is een aantal jaren tussen 1 en 30, niet "
        "'{value}'."),
    "tree_reused_id": gettext_noop("Nummer {id} werd al eerder gebruikt en wordt niet opnieuw uitgedeeld."),
})


def kind_label(kind: str, lang: str = "nl") -> str:
    msgid = KIND_LABELS.get(kind)
    return pgettext("plan words", msgid, lang) if msgid else kind


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    title: str
    parent: int | None = None
    position: int = 0
    working_group: str = ""
    horizon_years: int | None = None  # long-term goals only
    data: dict = field(default_factory=dict, compare=False)  # anything the caller wants carried along


class GoalTree:
    """A validated forest of nodes. Build it with the nodes as stored; ``add`` and ``move`` change it and
    return what must be written back."""

    def __init__(self, nodes: Iterable[Node] = (), *, next_id: int | None = None):
        self.nodes: dict[int, Node] = {}
        for node in nodes:
            if node.id in self.nodes:
                raise ZorgzaamError("tree_duplicate_id", id=node.id)
            self.nodes[node.id] = node
        for node in self.nodes.values():
            self._check_node(node)
        for node in self.nodes.values():
            if node.parent is not None:
                self._check_no_cycle(node.id, node.parent)
        highest = max(self.nodes, default=0)
        self.next_id = max(next_id or 0, highest + 1)
        self._children: dict[int | None, list[int]] | None = None

    # ------------------------------------------------------------------------------------ checks

    def _check_node(self, node: Node) -> None:
        if node.kind not in KINDS:
            raise ZorgzaamError("tree_bad_kind", kind=node.kind)
        if node.kind == LONG and node.horizon_years is not None and not 1 <= int(node.horizon_years) <= 30:
            raise ZorgzaamError("tree_bad_horizon", value=node.horizon_years)
        if node.parent is not None and node.parent not in self.nodes:
            raise ZorgzaamError("tree_unknown_node", id=node.parent)
        self._check_kinds(node.kind, None if node.parent is None else self.nodes[node.parent].kind)

    @staticmethod
    def _check_kinds(kind: str, parent_kind: str | None) -> None:
        if parent_kind not in ALLOWED_PARENTS[kind]:
            raise ZorgzaamError("tree_bad_parent", kind=kind_label(kind).lower(),
                                parent=kind_label(parent_kind).lower() if parent_kind else "—")

    def _check_no_cycle(self, node_id: int, parent_id: int) -> None:
        node = self.nodes[node_id]
        if parent_id == node_id:
            raise ZorgzaamError("tree_under_itself", title=node.title)
        seen = {node_id}
        current: int | None = parent_id
        while current is not None:
            if current in seen:
                raise ZorgzaamError("tree_cycle", title=node.title, parent=self.nodes[parent_id].title)
            seen.add(current)
            current = self.nodes[current].parent

    # ------------------------------------------------------------------------------------ reading

    def __contains__(self, node_id: int) -> bool:
        return node_id in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def node(self, node_id: int) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise ZorgzaamError("tree_unknown_node", id=node_id) from None

    def _index(self) -> dict[int | None, list[int]]:
        if self._children is None:
            children: dict[int | None, list[int]] = {}
            for node in sorted(self.nodes.values(), key=lambda n: (n.position, n.id)):
                children.setdefault(node.parent, []).append(node.id)
            self._children = children
        return self._children

    def children(self, node_id: int | None) -> list[Node]:
        return [self.nodes[i] for i in self._index().get(node_id, [])]

    def roots(self) -> list[Node]:
        return self.children(None)

    def walk(self) -> list[tuple[Node, int]]:
        """Every node in tree order (depth first, siblings by position then id) with its depth."""
        out: list[tuple[Node, int]] = []
        stack = [(n, 0) for n in reversed(self.roots())]
        while stack:
            node, depth = stack.pop()
            out.append((node, depth))
            stack.extend((c, depth + 1) for c in reversed(self.children(node.id)))
        return out

    def ancestors(self, node_id: int) -> list[Node]:
        """Parent first, up to the root."""
        out = []
        current = self.node(node_id).parent
        while current is not None:
            out.append(self.nodes[current])
            current = self.nodes[current].parent
        return out

    def descendants(self, node_id: int) -> list[Node]:
        out, stack = [], list(reversed(self.children(node_id)))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children(node.id)))
        return out

    def working_group_of(self, node_id: int) -> str:
        """The node's own working group, else the nearest ancestor's."""
        node = self.node(node_id)
        if node.working_group:
            return node.working_group
        for ancestor in self.ancestors(node_id):
            if ancestor.working_group:
                return ancestor.working_group
        return ""

    def goal_of(self, node_id: int) -> Node | None:
        """The goal an action contributes to (its parent), or None."""
        parent = self.node(node_id).parent
        return self.nodes[parent] if parent is not None else None

    def actions(self) -> list[Node]:
        return [n for n, _ in self.walk() if n.kind == ACTION]

    # ------------------------------------------------------------------------------------ numbering

    def outline(self, numbering: str = "plan") -> dict[int, str]:
        """The displayed outline number of every node: ``L1``, ``S1``, ``S1.O2``, ``S1.O2 A7`` (an action
        without a goal: ``A7``)."""
        if numbering not in NUMBERINGS:
            raise ZorgzaamError("tree_bad_numbering", value=numbering)
        per_group = numbering == "working_group"
        counters: dict[tuple[str, str], int] = {}
        out: dict[int, str] = {}

        def count(kind: str, group: str) -> int:
            key = (kind, group if per_group else "")
            counters[key] = counters.get(key, 0) + 1
            return counters[key]

        operational_seen: dict[int | None, int] = {}
        for node, _depth in self.walk():
            group = self.working_group_of(node.id)
            if node.kind == LONG:
                out[node.id] = f"L{count(LONG, '')}"
            elif node.kind == STRATEGIC:
                out[node.id] = f"S{count(STRATEGIC, group)}"
            elif node.kind == OPERATIONAL:
                operational_seen[node.parent] = operational_seen.get(node.parent, 0) + 1
                out[node.id] = f"{out[node.parent]}.O{operational_seen[node.parent]}"
            else:
                number = count(ACTION, group)
                parent = node.parent
                prefix = out[parent] + " " if parent is not None and self.nodes[parent].kind != LONG else ""
                out[node.id] = f"{prefix}A{number}"
        return out

    def labels(self, numbering: str = "plan") -> dict[int, str]:
        """Outline numbers, with the working group's name in front when each group numbers its own."""
        outline = self.outline(numbering)
        if numbering != "working_group":
            return outline
        return {i: (f"{self.working_group_of(i)} · {text}" if self.working_group_of(i) else text)
                for i, text in outline.items()}

    # ------------------------------------------------------------------------------------ changing

    def _invalidate(self) -> None:
        self._children = None

    def add(self, kind: str, title: str, parent: int | None = None, *, position: int | None = None,
            working_group: str = "", horizon_years: int | None = None, node_id: int | None = None,
            data: dict | None = None) -> Node:
        """A new node with a fresh id (``node_id`` only to mirror an id the database already handed out; an
        id below ``next_id`` that is not in the tree was used before and is refused)."""
        if node_id is None:
            node_id = self.next_id
        elif node_id in self.nodes:
            raise ZorgzaamError("tree_duplicate_id", id=node_id)
        elif node_id < self.next_id:
            raise ZorgzaamError("tree_reused_id", id=node_id)
        siblings = self._index().get(parent, [])
        node = Node(node_id, kind, title, parent, 0, working_group, horizon_years, dict(data or {}))
        self._check_node(node)
        self.nodes[node_id] = node
        self.next_id = max(self.next_id, node_id + 1)
        self._invalidate()
        self._place(node_id, parent, len(siblings) if position is None else position)
        return self.nodes[node_id]

    def remove(self, node_id: int) -> list[int]:
        """Remove a node and everything under it; returns the removed ids. Their ids are never handed out
        again."""
        gone = [node_id] + [n.id for n in self.descendants(node_id)]
        for i in gone:
            del self.nodes[i]
        self._invalidate()
        return gone

    def move(self, node_id: int, new_parent: int | None, position: int | None = None) -> dict[int, tuple]:
        """Hang ``node_id`` (with everything under it) under ``new_parent`` at ``position`` among its new
        siblings (default: last). Refuses a move under itself or under one of its own descendants, and a
        kind that may not hang there. Returns ``{id: (parent, position)}`` for every node whose place
        changed, to be written back."""
        node = self.node(node_id)
        if new_parent is not None:
            self.node(new_parent)
            self._check_no_cycle(node_id, new_parent)
        self._check_kinds(node.kind, None if new_parent is None else self.nodes[new_parent].kind)
        before = {i: (n.parent, n.position) for i, n in self.nodes.items()}
        siblings = [i for i in self._index().get(new_parent, []) if i != node_id]
        self._place(node_id, new_parent, len(siblings) if position is None else position)
        # close the gap left among the old siblings
        if node.parent != new_parent:
            self._renumber(node.parent)
        return {i: (n.parent, n.position) for i, n in self.nodes.items() if before.get(i) != (n.parent, n.position)}

    def _place(self, node_id: int, parent: int | None, position: int) -> None:
        siblings = [i for i in self._index().get(parent, []) if i != node_id]
        position = max(0, min(int(position), len(siblings)))
        siblings.insert(position, node_id)
        for index, i in enumerate(siblings):
            self.nodes[i] = replace(self.nodes[i], parent=parent, position=index)
        self._invalidate()

    def _renumber(self, parent: int | None) -> None:
        for index, i in enumerate(self._index().get(parent, [])):
            if self.nodes[i].position != index:
                self.nodes[i] = replace(self.nodes[i], position=index)
        self._invalidate()

    # ------------------------------------------------------------------------------------ output

    def rows(self, numbering: str = "plan", lang: str = "nl") -> list[dict]:
        """The plan as a flat list in tree order (what the table, the CLI and the exports show)."""
        labels = self.labels(numbering)
        outline = self.outline(numbering)
        return [{"id": node.id, "kind": node.kind, "kind_label": kind_label(node.kind, lang), "title": node.title,
                 "parent": node.parent, "depth": depth, "outline": outline[node.id], "label": labels[node.id],
                 "working_group": self.working_group_of(node.id), "horizon_years": node.horizon_years,
                 **node.data}
                for node, depth in self.walk()]
