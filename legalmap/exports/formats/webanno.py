"""W3C Web Annotation JSON-LD (FORMATS.md §5.3): one annotation per passage, on its article.

The target is a SpecificResource on the article with a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (code-point offsets, as the data model counts them).
Bodies: the stance (purpose "classifying"), each authority the passage relies on, says is
violated or complied with, or disputes the applicability of (a SpecificResource, purpose
"linking", with the relation in ``legalmap:relation`` and its words in
``legalmap:relationLabel``), and the student's note (purpose "commenting").
The whole export is an AnnotationCollection with one embedded page.
"""

import json

from legalmap.maps.graph import AUTHORITY_RELATIONS, RELATION_LABELS

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def render(bundle) -> bytes:
    return json.dumps(to_collection(bundle), ensure_ascii=False, indent=2).encode()


def annotations(bundle) -> list[dict]:
    graph = bundle.graph
    out = []
    for node in graph.nodes.values():
        if node.kind != "passage" or node.id not in bundle.anchors:
            continue
        anchor, article = bundle.anchors[node.id], bundle.articles[node.article_id]
        quote = {"type": "TextQuoteSelector", "exact": node.text}
        if anchor.prefix:
            quote["prefix"] = anchor.prefix
        if anchor.suffix:
            quote["suffix"] = anchor.suffix
        bodies = []
        if node.stance:
            bodies.append({"type": "TextualBody", "purpose": "classifying",
                           "value": node.stance, "format": "text/plain"})
        for link in graph.links.values():
            if link.source == node.id and link.relation in AUTHORITY_RELATIONS:
                authority = graph.nodes[link.target]
                bodies.append({"type": "SpecificResource", "purpose": "linking",
                               "source": bundle.authority_urls[authority.id],
                               "legalmap:relation": link.relation,
                               "legalmap:relationLabel": RELATION_LABELS[link.relation],
                               "legalmap:citation": authority.citation})
        if node.note:
            bodies.append({"type": "TextualBody", "purpose": "commenting", "value": node.note,
                           "format": "text/plain"})
        annotation = {
            "@context": CONTEXT,
            "id": bundle.iri(f"/maps/{bundle.map_id}/nodes/{node.id}/#annotation"),
            "type": "Annotation",
            "motivation": "classifying" if node.stance else "highlighting",
            "created": bundle.updated.isoformat().replace("+00:00", "Z"),
            "target": {
                "type": "SpecificResource",
                "source": article.url,
                "selector": [quote, {"type": "TextPositionSelector", "start": anchor.start,
                                     "end": anchor.end}],
            },
        }
        if node.speaker:
            annotation["legalmap:speaker"] = node.speaker
        if bodies:
            annotation["body"] = bodies
        out.append(annotation)
    return out


def to_collection(bundle) -> dict:
    items = annotations(bundle)
    collection = bundle.iri(f"/maps/{bundle.map_id}/annotations/")
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": bundle.title,
        "total": len(items),
        "first": {"id": f"{collection}#page1", "type": "AnnotationPage", "partOf": collection,
                  "startIndex": 0, "items": items},
    }
