"""A new map from an AIF JSON file (the shape formats/aif.py writes, or OVA/AIFdb's).

I-nodes become claims — or passages and authorities when the ``legalmap:`` keys say so and
the article (with the same text at the same offsets) or the authority exists here. The
relation of an S-node is its ``legalmap:relation``, else what its scheme name (its text)
says (``formats.aif.RELATION_SCHEMES``); the retired `invokes`/`contests` are read as
`relies_on`/`disputes`. Each RA gives `supports` links from its premises to its conclusion,
or — for `relies_on`, `violates`, `complies` — a link from the conclusion to each premise
(the authority); a CA gives `attacks` (or `disputes`) between I-nodes and `undercuts` when
it points at an S-node. L, YA, TA, MA and PA nodes are read past. Anything malformed is
refused with a message naming the node or edge at fault, before anything is written.

``write_map`` is the write path every importer shares (``argdown_import`` too): the file is
planned first, then written in one transaction of service calls, so a refusal leaves nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority
from legalmap.maps import services as map_services
from legalmap.maps.graph import DISPUTES, current_relation
from legalmap.maps.models import MAX_CLAIM_CHARS, MAX_RATIONALE_CHARS, Node

from .formats.aif import AUTHORITY_PREMISE, RELATION_SCHEMES

S_TYPES = {"RA", "CA"}
# Our scheme names → relation, for files whose S-nodes lost the ``legalmap:`` keys.
SCHEME_RELATIONS = {(kind, name): relation for relation, (kind, name)
                    in RELATION_SCHEMES.items() if name != "Default Conflict"}
IGNORED = {"L", "YA", "TA", "MA", "PA", "EN"}


class ImportRejected(Exception):
    """The file is not one we can read; the message says where (node, edge or line)."""


@dataclass
class PlannedNode:
    fields: dict  # for ``node_create``: its kind and the fields of that kind
    where: str  # names it in a refusal: 'Node "n3"', 'line 7: [Claim 3]'


@dataclass
class PlannedStep:
    s_id: str
    relation: str
    source: str  # a planned node's key
    target: str  # a planned node's key, or a step's s_id for an undercut
    rationale: str = ""
    where: str = ""  # names it in a refusal; 'Node "<s_id>"' when empty


def _nodes_and_edges(data) -> tuple[list, list]:
    block = data.get("AIF", data) if isinstance(data, dict) else None
    if not isinstance(block, dict) or not isinstance(block.get("nodes"), list) \
            or not isinstance(block.get("edges"), list):
        raise ImportRejected('This is not AIF JSON: expected "nodes" and "edges" lists '
                             '(at the top level or under "AIF").')
    return block["nodes"], block["edges"]


def plan(data) -> tuple[dict, list[PlannedStep], dict]:
    """Check the graph; return I-nodes by id, the steps in creation order, and map info."""
    nodes, edges = _nodes_and_edges(data)
    by_id = {}
    for i, node in enumerate(nodes, 1):
        if not isinstance(node, dict) or "nodeID" not in node or "type" not in node:
            raise ImportRejected(f"Node number {i} has no nodeID or no type.")
        node_id = str(node["nodeID"])
        if node_id in by_id:
            raise ImportRejected(f'Node "{node_id}" appears twice.')
        if node["type"] not in S_TYPES | IGNORED | {"I"}:
            raise ImportRejected(f'Node "{node_id}" has an unknown type "{node["type"]}".')
        if node["type"] == "I" and not str(node.get("text", "")).strip():
            raise ImportRejected(f'Node "{node_id}" (I) has no text.')
        by_id[node_id] = node
    into, out_of = {}, {}
    for i, edge in enumerate(edges, 1):
        name = edge.get("edgeID", i) if isinstance(edge, dict) else i
        if not isinstance(edge, dict):
            raise ImportRejected(f"Edge number {i} is not an object.")
        src, dst = str(edge.get("fromID")), str(edge.get("toID"))
        for end in (src, dst):
            if end not in by_id:
                raise ImportRejected(f'Edge {name} refers to node "{end}", which is not in '
                                     "the file.")
        if by_id[src]["type"] == by_id[dst]["type"] == "I":
            raise ImportRejected(f'Edge {name} joins I-node "{src}" to I-node "{dst}" '
                                 "directly; AIF needs an RA or CA node between them.")
        out_of.setdefault(src, []).append(dst)
        into.setdefault(dst, []).append(src)

    def linked(ids, types):
        return [x for x in ids if by_id[x]["type"] in types]

    steps, waiting = [], []
    for node_id, node in by_id.items():
        if node["type"] not in S_TYPES:
            continue
        kind = node["type"]
        premises, results = linked(into.get(node_id, []), {"I"}), \
            linked(out_of.get(node_id, []), {"I"} | S_TYPES)
        if not premises:
            raise ImportRejected(f'Node "{node_id}" ({kind}) has no incoming edge from an '
                                 "I-node.")
        if len(results) != 1:
            raise ImportRejected(f'Node "{node_id}" ({kind}) must point at exactly one node; '
                                 f"it points at {len(results)}.")
        relation = current_relation(str(node.get("legalmap:relation") or "")) \
            or SCHEME_RELATIONS.get((kind, str(node.get("text", "")).strip()), "")
        why = str(node.get("legalmap:rationale") or "")
        target = results[0]
        if kind == "RA":
            if by_id[target]["type"] != "I":
                raise ImportRejected(f'Node "{node_id}" (RA) must conclude in an I-node.')
            if relation in AUTHORITY_PREMISE:  # premise: the authority; conclusion: who cites it
                steps += [PlannedStep(node_id, relation, target, p, why) for p in premises]
            else:
                steps += [PlannedStep(node_id, "supports", p, target, why) for p in premises]
            continue
        if len(premises) != 1:
            raise ImportRejected(f'Node "{node_id}" (CA) must have exactly one attacker; it '
                                 f"has {len(premises)}.")
        if by_id[target]["type"] in S_TYPES:
            waiting.append(PlannedStep(node_id, "undercuts", premises[0], target, why))
        else:
            steps.append(PlannedStep(node_id, DISPUTES if relation == DISPUTES else "attacks",
                                     premises[0], target, why))
    # Undercuts after the steps they undercut (which may themselves be undercuts).
    done = {s.s_id for s in steps}
    while waiting:
        ready = [s for s in waiting if s.target in done]
        if not ready:
            raise ImportRejected(f'Node "{waiting[0].s_id}" (CA) undercuts a node that never '
                                 "becomes a step (a cycle of undercuts).")
        steps += ready
        done |= {s.s_id for s in ready}
        waiting = [s for s in waiting if s not in ready]
    info = data.get("legalmap:map", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in by_id.items() if v["type"] == "I"}, steps, info


def _node_fields(node: dict) -> dict:
    kind, text = node.get("legalmap:kind"), str(node["text"]).strip()
    if kind == "authority" and node.get("legalmap:authority"):
        authority = Authority.objects.filter(slug=node["legalmap:authority"]).first()
        if authority:
            return {"kind": Node.Kind.AUTHORITY, "authority": authority}
    offsets = node.get("legalmap:offsets")
    if kind == "passage" and isinstance(offsets, dict):
        article = Article.objects.filter(pk=offsets.get("article")).first()
        start, end = offsets.get("start"), offsets.get("end")
        if article and isinstance(start, int) and isinstance(end, int) \
                and article.text[start:end] == text:
            return {"kind": Node.Kind.PASSAGE, "article": article, "start": start, "end": end,
                    "quote": text, "stance": node.get("legalmap:stance", ""),
                    "speaker": node.get("legalmap:speaker", ""),
                    "text": node.get("legalmap:note", "")}
    return {"kind": Node.Kind.CLAIM, "text": text}


def aif_import(*, data, owner, title=""):
    """A new map owned by ``owner``; ImportRejected (nothing written) if malformed."""
    i_nodes, steps, info = plan(data)
    info = info if isinstance(info, dict) else {}
    nodes, authorities = {}, set()
    for node_id, node in i_nodes.items():
        fields = _node_fields(node)
        if fields["kind"] == Node.Kind.AUTHORITY:
            if fields["authority"].pk in authorities:  # one node per authority per map
                fields = {"kind": Node.Kind.CLAIM, "text": str(node["text"]).strip()}
            else:
                authorities.add(fields["authority"].pk)
        nodes[node_id] = PlannedNode(fields, f'Node "{node_id}"')
    return write_map(owner=owner, title=title or str(info.get("title") or ""), nodes=nodes,
                     steps=steps)


def _check_text(fields: dict, most: int) -> None:
    """What ``full_clean`` leaves to the API's serializers: a TextField's max_length (not a
    model validator) and NUL, which PostgreSQL text cannot hold (a 500 on the INSERT)."""
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(f"Its {name} contains a NUL character.")
    for name in ("text", "rationale"):
        if len(fields.get(name) or "") > most:
            raise ValidationError(f"Its {name} has {len(fields[name])} characters; the most is "
                                  f"{most}.")


@transaction.atomic
def write_map(*, owner, title, nodes: dict[str, PlannedNode], steps: list[PlannedStep]):
    """Write a planned map: nodes in order, then the steps (an undercut after the step it
    undercuts). A service's ValidationError becomes ImportRejected naming the node or step,
    and the transaction leaves nothing behind."""
    argument_map = map_services.map_create(owner=owner,
                                           title=title.replace("\x00", "").strip()[:200]
                                           or "Imported map")
    write = {"argument_map": argument_map, "actor": owner, "expected_version": None}
    created, links, where = {}, {}, ""
    try:
        for key, node in nodes.items():
            where = node.where
            _check_text(node.fields, MAX_CLAIM_CHARS)
            if node.fields["kind"] == Node.Kind.PASSAGE:
                argument_map.articles.add(node.fields["article"])
            created[key] = map_services.node_create(**node.fields, **write)
        for step in steps:
            where = step.where or f'Node "{step.s_id}"'
            _check_text({"rationale": step.rationale}, MAX_RATIONALE_CHARS)
            target = {"target_link": links[step.target]} if step.relation == "undercuts" \
                else {"target": created[step.target]}
            link = map_services.link_create(source=created[step.source], relation=step.relation,
                                            rationale=step.rationale,
                                            **target, **write)
            links.setdefault(step.s_id, link)
    except ValidationError as error:
        messages = "; ".join(error.messages)
        raise ImportRejected(f"{where} cannot be imported: {messages}") from None
    return argument_map
