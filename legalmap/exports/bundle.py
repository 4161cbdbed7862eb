"""What the renderers read: a map as plain data (graph, evaluation, anchors, review).

``services.export_bundle`` builds it from the database; every renderer in ``formats/`` is a
pure function of a ``Bundle`` (no ORM inside), so each can be tested on hand-made data.
"""

from dataclasses import dataclass, field
from datetime import datetime

from legalmap.maps.graph import Graph
from legalmap.maps.reasoning import Evaluation


@dataclass(frozen=True)
class Anchor:
    """Where a passage sits in its article (code-point offsets, as stored)."""
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class ArticleInfo:
    id: int
    title: str
    url: str  # an IRI: the article's own URL, or its page on this site
    publisher: str = ""
    published: str = ""  # ISO date or ""


@dataclass(frozen=True)
class VerdictInfo:
    link_id: int
    reviewer: str
    value: str  # sound | unsound | needs_authority | needs_evidence
    reason: str
    created: datetime


@dataclass(frozen=True)
class CommentInfo:
    id: int
    link_id: int | None
    node_id: int | None
    target_label: str
    parent_id: int | None
    author: str
    body: str
    created: datetime
    resolved: bool = False


@dataclass
class Bundle:
    map_id: int
    title: str
    author: str
    status: str  # the map's review status, e.g. "draft"
    updated: datetime
    site_url: str  # base for IRIs, without the trailing slash
    graph: Graph
    evaluation: Evaluation
    anchors: dict[int, Anchor] = field(default_factory=dict)  # passage node id → anchor
    articles: dict[int, ArticleInfo] = field(default_factory=dict)
    authority_urls: dict[int, str] = field(default_factory=dict)  # authority node id → IRI
    verdicts: list[VerdictInfo] = field(default_factory=list)  # latest per (link, reviewer)
    comments: list[CommentInfo] = field(default_factory=list)  # oldest first, not deleted
    paper: str = "a4"  # PDF page size: a4 | letter

    def diagram_marks(self) -> dict:
        """The review marks the map page's diagram shows (``diagram.render_svg``'s
        keywords): open threads per link, and each reviewer's latest verdict."""
        open_threads: dict[int, int] = {}
        for c in self.comments:
            if c.parent_id is None and c.link_id is not None and not c.resolved:
                open_threads[c.link_id] = open_threads.get(c.link_id, 0) + 1
        verdicts: dict[int, list[tuple[str, str]]] = {}
        for v in self.verdicts:
            verdicts.setdefault(v.link_id, []).append((v.value, v.reviewer))
        return {"open_threads": open_threads, "verdicts": verdicts}

    def iri(self, path: str) -> str:
        return f"{self.site_url}{path}"
