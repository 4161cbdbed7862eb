"""A map as plain data: what reasoning, the diagram and the exports read.

``reasoning.py`` and ``diagram.py`` are pure functions of a ``Graph``, with no ORM
inside; ``selectors.map_graph`` is the one place that builds a ``Graph`` from the
database, in a fixed number of queries.
"""

from dataclasses import dataclass, field

# Relations between nodes. `invokes` and `contests` point from a passage or claim at an
# authority; `undercuts` points at a link (the inference), not at a node.
SUPPORTS, ATTACKS, UNDERCUTS, INVOKES, CONTESTS = (
    "supports", "attacks", "undercuts", "invokes", "contests")
RELATIONS = (SUPPORTS, ATTACKS, UNDERCUTS, INVOKES, CONTESTS)


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
