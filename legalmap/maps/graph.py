"""A map as plain data: what reasoning, the diagram and the exports read.

``reasoning.py`` and ``diagram.py`` are pure functions of a ``Graph``, with no ORM
inside; ``selectors.map_graph`` is the one place that builds a ``Graph`` from the
database, in a fixed number of queries.
"""

from dataclasses import dataclass, field

# Relations between nodes. `undercuts` points at a link (the inference), not at a node.
SUPPORTS, ATTACKS, UNDERCUTS = "supports", "attacks", "undercuts"
# How a passage or claim uses an authority (docs/relations.md): its argument rests on it,
# it says the action breaches it, it says the authority does not govern the case, it says
# the action meets the authority's conditions.
RELIES_ON, VIOLATES, DISPUTES, COMPLIES = "relies_on", "violates", "disputes", "complies"
AUTHORITY_RELATIONS = (RELIES_ON, VIOLATES, DISPUTES, COMPLIES)
RELATIONS = (SUPPORTS, ATTACKS, UNDERCUTS, *AUTHORITY_RELATIONS)
# Links that carry an inference (a step from a reason to what it backs): only these can be
# undercut. For the three authority relations among them the authority is the reason.
INFERENCE_RELATIONS = (SUPPORTS, RELIES_ON, VIOLATES, COMPLIES)
# What people read: a relation's words in menus, legends, edge labels and exports.
RELATION_LABELS = {
    SUPPORTS: "supports", ATTACKS: "attacks", UNDERCUTS: "undercuts",
    RELIES_ON: "relies on", VIOLATES: "says violates", DISPUTES: "disputes applicability",
    COMPLIES: "says complies",
}
# The two relations they replace (issue 14), still read from old files and API clients for
# one release: `invokes` is `relies_on`, `contests` is `disputes`.
OLD_RELATIONS = {"invokes": RELIES_ON, "contests": DISPUTES}


def current_relation(name: str) -> str:
    """``name`` with the retired names mapped to their successors; others unchanged."""
    return OLD_RELATIONS.get(name, name)


def relation_label(name: str) -> str:
    """A relation in the words people read (``relies_on`` → "relies on", ``violates`` →
    "says violates"); a retired name reads as its successor (old round snapshots still hold
    them), a name we do not know as it is."""
    current = current_relation(name)
    return RELATION_LABELS.get(current, name)


@dataclass(frozen=True)
class GNode:
    id: int
    kind: str  # "passage" | "authority" | "claim"
    text: str  # passage: the quote; claim: its text; authority: its full name
    stance: str = ""  # passages: justification | critique | claim | fact
    speaker: str = ""  # passages
    source: str = ""  # passages: "Publisher, Title (date)"
    article_id: int | None = None  # passages
    authority_slug: str = ""  # authorities
    short_name: str = ""  # authorities
    citation: str = ""  # authorities
    note: str = ""  # passages: the student's note


@dataclass(frozen=True)
class GLink:
    id: int
    source: int  # a node id
    relation: str  # one of RELATIONS
    target: int | None = None  # a node id, for every relation but `undercuts`
    target_link: int | None = None  # a link id, for `undercuts`
    rationale: str = ""


@dataclass
class Graph:
    nodes: dict[int, GNode] = field(default_factory=dict)
    links: dict[int, GLink] = field(default_factory=dict)

    def add_node(self, node: GNode) -> GNode:
        self.nodes[node.id] = node
        return node

    def add_link(self, link: GLink) -> GLink:
        self.links[link.id] = link
        return link
