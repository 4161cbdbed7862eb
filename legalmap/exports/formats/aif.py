"""AIF JSON in the OVA3 / xAIF wrapper (FORMATS.md §5.1).

I-nodes for passages, claims and authorities; premise → RA → conclusion for `supports`, and
authority → RA → passage for `relies_on`, `violates` and `complies` (the authority is the
premise of what the passage says); attacker → CA → attacked for `attacks`, and passage → CA
→ authority for `disputes`; an undercut is attacker → CA → the RA (or CA) of the link it
undercuts. Each S-node's text is its scheme's name (``SCHEMES``), so the relation survives
a tool that drops our own keys; the defaults carry OVA's scheme ids. Speakers
become participants, with an L-node and a YA ("Asserting") anchoring each quoted passage.
What AIF cannot hold (offsets, citations, evaluation, the review) sits in keys prefixed
``legalmap:``, which AIF consumers ignore.
"""

import json

from legalmap.maps.graph import (
    ATTACKS,
    COMPLIES,
    DISPUTES,
    RELATIONS,
    RELIES_ON,
    SUPPORTS,
    UNDERCUTS,
    VIOLATES,
)

SCHEMES = {"RA": ("Default Inference", "72"), "CA": ("Default Conflict", "71"),
           "YA": ("Asserting", "74")}
# Relation → (S-node type, scheme name written as its text). Ours have no OVA scheme id.
RELATION_SCHEMES = {
    SUPPORTS: ("RA", "Default Inference"),
    RELIES_ON: ("RA", "Relies On Authority"),
    VIOLATES: ("RA", "Says Violates Authority"),
    COMPLIES: ("RA", "Says Complies With Authority"),
    ATTACKS: ("CA", "Default Conflict"),
    UNDERCUTS: ("CA", "Default Conflict"),
    DISPUTES: ("CA", "Disputes Applicability"),
}
SCHEME_IDS = {name: scheme_id for name, scheme_id in SCHEMES.values()}
# Where the authority is the premise (authority → RA → the passage or claim citing it).
AUTHORITY_PREMISE = (RELIES_ON, VIOLATES, COMPLIES)
assert set(RELATION_SCHEMES) == set(RELATIONS)


def node_id(pk: int) -> str:
    return f"n{pk}"


def s_node_id(link_pk: int) -> str:
    return f"s{link_pk}"


def render(bundle) -> bytes:
    return json.dumps(to_aif(bundle), ensure_ascii=False, indent=2).encode()


def to_aif(bundle) -> dict:
    graph, labels = bundle.graph, bundle.evaluation.labels
    stamp = bundle.updated.strftime("%Y-%m-%d %H:%M:%S")
    nodes, edges, fulfilments, participants, locutions = [], [], [], [], []

    def edge(src: str, dst: str):
        edges.append({"edgeID": len(edges) + 1, "fromID": src, "toID": dst,
                      "formEdgeID": None})

    for node in graph.nodes.values():
        row = {"nodeID": node_id(node.id), "text": node.text, "type": "I", "timestamp": stamp,
               "legalmap:kind": node.kind, "legalmap:id": node.id,
               "legalmap:label": labels.get(node.id, "")}
        if node.kind == "passage":
            anchor = bundle.anchors.get(node.id)
            row |= {"legalmap:stance": node.stance, "legalmap:speaker": node.speaker,
                    "legalmap:source": node.source, "legalmap:note": node.note}
            if anchor:
                row["legalmap:offsets"] = {"article": node.article_id, "start": anchor.start,
                                           "end": anchor.end}
        elif node.kind == "authority":
            row |= {"legalmap:authority": node.authority_slug,
                    "legalmap:shortName": node.short_name, "legalmap:citation": node.citation}
        nodes.append(row)

    for link in graph.links.values():
        kind, name = RELATION_SCHEMES[link.relation]
        nodes.append({"nodeID": s_node_id(link.id), "text": name, "type": kind,
                      "timestamp": stamp, "legalmap:relation": link.relation,
                      "legalmap:id": link.id, "legalmap:rationale": link.rationale,
                      "legalmap:label": bundle.evaluation.link_labels.get(link.id, "")})
        if name in SCHEME_IDS:
            fulfilments.append({"nodeID": s_node_id(link.id), "schemeID": SCHEME_IDS[name]})
        source = node_id(link.source)
        if link.relation == UNDERCUTS:
            target = s_node_id(link.target_link)
        else:
            target = node_id(link.target)
        if link.relation in AUTHORITY_PREMISE:  # the authority is the premise
            source, target = target, source
        edge(source, s_node_id(link.id))
        edge(s_node_id(link.id), target)

    speakers = {}
    for node in graph.nodes.values():
        if node.kind != "passage" or not node.speaker:
            continue
        if node.speaker not in speakers:
            speakers[node.speaker] = len(speakers) + 1
            participants.append({"participantID": speakers[node.speaker],
                                 "firstname": node.speaker, "surname": ""})
        locution, illocution = f"l{node.id}", f"ya{node.id}"
        nodes.append({"nodeID": locution, "text": f"{node.speaker}: {node.text}", "type": "L",
                      "timestamp": stamp})
        nodes.append({"nodeID": illocution, "text": SCHEMES["YA"][0], "type": "YA",
                      "timestamp": stamp})
        fulfilments.append({"nodeID": illocution, "schemeID": SCHEMES["YA"][1]})
        locutions.append({"nodeID": locution, "personID": speakers[node.speaker],
                          "start": None, "end": None, "source": node.source})
        edge(locution, illocution)
        edge(illocution, node_id(node.id))

    return {
        "AIF": {"nodes": nodes, "edges": edges, "schemefulfillments": fulfilments,
                "descriptorfulfillments": [], "cqdescriptorfulfillments": [],
                "participants": participants, "locutions": locutions},
        "text": "",
        "legalmap:map": {"id": bundle.map_id, "title": bundle.title, "author": bundle.author,
                         "status": bundle.status, "url": bundle.iri(f"/maps/{bundle.map_id}/")},
        "legalmap:verdicts": [
            {"link": v.link_id, "reviewer": v.reviewer, "value": v.value, "reason": v.reason,
             "created": v.created.isoformat()} for v in bundle.verdicts],
        "legalmap:comments": [
            {"id": c.id, "link": c.link_id, "node": c.node_id, "parent": c.parent_id,
             "author": c.author, "body": c.body, "created": c.created.isoformat(),
             "resolved": c.resolved} for c in bundle.comments],
    }
