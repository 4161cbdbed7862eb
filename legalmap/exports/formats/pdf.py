"""The PDF a student hands in: WeasyPrint, from templates/exports/map.html.

The context is plain data built here from the bundle (no ORM): the title page, the diagram,
the argument outline (each claim with what supports and attacks it), the passages quoted
with speaker and source, the review (every link's verdicts and threads) and a table of
authorities. Page size, page numbers and the running header are CSS ``@page`` rules.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from legalmap.maps import diagram
from legalmap.maps.graph import (
    ATTACKS,
    AUTHORITY_RELATIONS,
    RELATION_LABELS,
    SUPPORTS,
    UNDERCUTS,
)
from legalmap.maps.selectors import conclusions
from legalmap.reviews import markdown

from ..services import ExportUnavailable
from . import pdf_tiles

PAPER = {"a4": "A4", "letter": "letter"}
# A PDF is for reading: past this many seconds the diagram takes a cheaper layout rather
# than hold the job (a 200-node map's full dot layout alone can take 10 s).
DIAGRAM_SECONDS = 3.0
# Up to this many nodes every node is drawn, and the diagram split over as many pages as
# it takes to print legibly (pdf_tiles.py); a larger map is drawn as a summary with groups
# collapsed to this many boxes (diagram.render_svg's max_nodes), which also keeps the
# layout and the PDF fast (a 200-node map's full drawing over a dozen pages is ~4 s more).
DIAGRAM_NODES = 100
DIAGRAM_NODES_SMALL = 40
# If the full drawing would need more pages than this, the summary is drawn instead.
DIAGRAM_PAGES = 12
# Drawing points → printed points: 0.6 prints the 10 pt node labels at 6 pt.
LEGIBLE = 0.6
# The diagram pages less margins, the heading and a caption, in points: landscape, and
# portrait for the tiles of a tall diagram.
DIAGRAM_AREA = {"A4": (740.0, 400.0), "letter": (690.0, 370.0)}
PORTRAIT_AREA = {"A4": (490.0, 660.0), "letter": (505.0, 610.0)}
# The labels of the map page, spelt out for a reader who has not seen it.
STATUS = {"IN": "IN · accepted", "OUT": "OUT · defeated", "UNDEC": "UNDEC · undecided"}
VERDICT = {"sound": "Sound", "unsound": "Unsound", "needs_authority": "Needs authority",
           "needs_evidence": "Needs evidence"}


def _name(node) -> str:
    if node.kind == "authority":
        return node.short_name or node.text
    return f"“{node.text}”"


def link_text(graph, link) -> str:
    source = _name(graph.nodes[link.source])
    if link.relation == UNDERCUTS:
        target = graph.links.get(link.target_link)
        inner = link_text(graph, target) if target else f"link {link.target_link}"
        return f"{source} undercuts the step: {inner}"
    return f"{source} {RELATION_LABELS[link.relation]} {_name(graph.nodes[link.target])}"


def _diagram(bundle, paper: str) -> tuple[pdf_tiles.PrintedDiagram | None, str]:
    """The diagram as it goes on paper: one page, or an overview and legible tiles."""
    ev = bundle.evaluation
    width, height = DIAGRAM_AREA[paper]
    printed = None
    try:
        sizes = (DIAGRAM_NODES, DIAGRAM_NODES_SMALL) \
            if len(bundle.graph.nodes) <= DIAGRAM_NODES else (DIAGRAM_NODES_SMALL,)
        for max_nodes in sizes:
            svg = diagram.render_svg(bundle.graph, ev.labels, link_labels=ev.link_labels,
                                     timeout=DIAGRAM_SECONDS, max_nodes=max_nodes,
                                     **bundle.diagram_marks())
            printed = pdf_tiles.lay_out(svg, page_width=width, page_height=height,
                                        legible=LEGIBLE, max_tiles=DIAGRAM_PAGES,
                                        portrait=PORTRAIT_AREA[paper])
            if printed is not None or len(bundle.graph.nodes) <= DIAGRAM_NODES_SMALL:
                break
    except diagram.DiagramError as error:
        return None, f"The diagram could not be drawn: {error}"
    if printed is None:  # even collapsed it would take too many pages: the overview only
        printed = pdf_tiles.PrintedDiagram(overview=pdf_tiles.data_uri(svg),
                                           overview_scale=0, scale=0)
        return printed, ("The diagram is too large to print legibly; the SVG export "
                         "holds it at full size.")
    return printed, ""


def context(bundle) -> dict:
    graph, ev = bundle.graph, bundle.evaluation
    nodes = graph.nodes

    def node_row(node):
        row = {"id": node.id, "kind": node.kind, "text": node.text, "name": _name(node),
               "status": STATUS.get(ev.labels.get(node.id, ""), "")}
        if node.kind == "passage":
            article = bundle.articles.get(node.article_id)
            row |= {"speaker": node.speaker, "stance": node.stance, "note": node.note,
                    "article": article}
        if node.kind == "authority":
            row |= {"citation": node.citation, "url": bundle.authority_urls.get(node.id, "")}
        return row

    def incoming(node_id, relations):
        return [{"link": link.id, "relation": link.relation, "rationale": link.rationale,
                 "source": node_row(nodes[link.source]),
                 "status": STATUS.get(ev.link_labels.get(link.id, ""), "")}
                for link in graph.links.values()
                if link.target == node_id and link.relation in relations]

    def uses(node_id):
        """The authorities a node relies on, says are violated or complied with, or disputes."""
        return [{"link": link.id, "relation": link.relation,
                 "words": RELATION_LABELS[link.relation],
                 "authority": node_row(nodes[link.target])}
                for link in graph.links.values()
                if link.source == node_id and link.relation in AUTHORITY_RELATIONS]

    final = [node for node, _ in conclusions(graph, ev)]
    claims = final + [n for n in nodes.values() if n.kind == "claim" and n not in final]
    outline = [node_row(c) | {"conclusion": c in final, "supports": incoming(c.id, (SUPPORTS,)),
                              "attacks": incoming(c.id, (ATTACKS,)), "authorities": uses(c.id)}
               for c in claims]

    verdicts, threads = {}, {}
    for v in bundle.verdicts:
        verdicts.setdefault(v.link_id, []).append(
            {"reviewer": v.reviewer, "value": VERDICT.get(v.value, v.value), "reason": v.reason,
             "created": v.created})
    replies = {}
    for c in bundle.comments:
        row = {"author": c.author, "body": markdown.render(c.body), "created": c.created,
               "resolved": c.resolved, "replies": replies.setdefault(c.id, [])}
        if c.parent_id is None:
            threads.setdefault(("link", c.link_id) if c.link_id else ("node", c.node_id)
                               if c.node_id else ("gone", c.target_label), []).append(row)
        else:
            replies.setdefault(c.parent_id, []).append(row)
    # Only the links someone reviewed: the rest are counted, not listed one by one.
    review = [{"title": link_text(graph, link), "id": link.id,
               "verdicts": verdicts.get(link.id, []), "threads": threads.get(("link", link.id), [])}
              for link in graph.links.values()
              if link.id in verdicts or ("link", link.id) in threads]
    unreviewed = len(graph.links) - len(review)
    review += [{"title": _name(nodes[key[1]]) if key[0] == "node" and key[1] in nodes
                else str(key[1]), "id": None, "verdicts": [], "threads": rows}
               for key, rows in threads.items() if key[0] != "link" or key[1] not in graph.links]

    cited = {}
    cited_as = {"relies_on": "relied on by", "violates": "said to be violated by",
                "disputes": "applicability disputed by", "complies": "said to be complied "
                "with by"}
    for link in graph.links.values():
        if link.relation in AUTHORITY_RELATIONS:
            cited.setdefault(link.target, []).append(
                f"{cited_as[link.relation]} {_name(nodes[link.source])}")
    authorities = sorted((node_row(n) | {"cited": cited.get(n.id, [])}
                          for n in nodes.values() if n.kind == "authority"),
                         key=lambda row: row["name"].lower())
    paper = PAPER.get(bundle.paper, "A4")
    image, diagram_error = _diagram(bundle, paper)
    return {
        "title": bundle.title, "author": bundle.author, "status": bundle.status,
        "updated": bundle.updated, "generated": timezone.now(),
        "paper": paper, "diagram": image, "diagram_error": diagram_error,
        "outline": outline,
        "passages": [node_row(n) | {"authorities": uses(n.id)}
                     for n in nodes.values() if n.kind == "passage"],
        "review": review, "unreviewed": unreviewed, "authorities": authorities,
        "verdict_count": len(bundle.verdicts), "comment_count": len(bundle.comments),
    }


def render(bundle) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing on this machine
        raise ExportUnavailable("PDF export is not available on this server "
                                f"(WeasyPrint could not load: {error}).") from None
    html = render_to_string("exports/map.html", context(bundle))
    return HTML(string=html, base_url=bundle.site_url or None).write_pdf()
