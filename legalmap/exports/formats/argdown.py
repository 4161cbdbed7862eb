"""Argdown (FORMATS.md §5.2), loose mode.

Every node is a titled statement (``[Claim 12]: text``); authorities carry their citation
and slug as YAML data, passages their article and offsets, so that ``argdown_import`` can
make them passages and authorities again. A link carrying an inference — `supports`, and
`relies_on`, `violates`, `complies` with the authority as the premise — is an argument
``<Link 7>`` whose premise-conclusion structure runs from the premise statement to the
conclusion, with the relation in its data (``{relation: "violates"}``) and in its default
description ("Passage 3 says violates Authority 5."), so that an `undercuts` link can attack
its inference (``_> <Link 7>``). `attacks` and `disputes` are statement-to-statement attacks
(``-> [Claim 12]``, ``-> [Authority 5]``): an attack on an authority is a dispute.
"""

import json
import re

from legalmap.maps.graph import (
    ATTACKS,
    DISPUTES,
    INFERENCE_RELATIONS,
    RELATION_LABELS,
    SUPPORTS,
    UNDERCUTS,
)

KIND_WORD = {"passage": "Passage", "claim": "Claim", "authority": "Authority"}

# Characters that start Argdown syntax inside a line (titles, tags, data, mentions, comments,
# emphasis); replaced by look-alikes so a quote is always read as plain text.
_ESCAPES = str.maketrans({"[": "(", "]": ")", "<": "‹", ">": "›", "{": "(", "}": ")",
                          "#": "№", "@": "＠", "*": "∗", "_": "‗", "\\": "∖"})


def plain(text: str) -> str:
    text = " ".join(text.split()).translate(_ESCAPES)
    text = re.sub(r"/(?=[/*])", "∕", text)  # `//` and `/*` open comments
    return text.replace("<!--", "‹!--")


def title(node) -> str:
    return f"{KIND_WORD[node.kind]} {node.id}"


def data(values: dict) -> str:
    kept = {k: v for k, v in values.items() if v not in ("", None)}
    if not kept:
        return ""
    return " {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}"
                            for k, v in kept.items()) + "}"


def default_description(relation: str, source, target) -> str:
    """What a link without a rationale says: "Passage 3 says violates Authority 5." """
    return f"{title(source)} {RELATION_LABELS[relation]} {title(target)}."


def render(bundle) -> bytes:
    return to_argdown(bundle).encode()


def to_argdown(bundle) -> str:
    graph, labels = bundle.graph, bundle.evaluation.labels
    out = ["===", f"title: {json.dumps(bundle.title, ensure_ascii=False)}",
           f"author: {json.dumps(bundle.author, ensure_ascii=False)}",
           "model:", "    mode: loose", "===", ""]

    out.append("# Statements")
    out.append("")
    for node in graph.nodes.values():
        meta = {"id": node.id, "label": labels.get(node.id, "")}
        tags = f" #{node.kind}"
        if node.kind == "passage":
            meta |= {"speaker": node.speaker, "source": node.source, "stance": node.stance,
                     "note": node.note}
            anchor = bundle.anchors.get(node.id)
            if anchor:  # what the importer needs to find the quote again
                meta |= {"article": node.article_id, "start": anchor.start, "end": anchor.end}
        elif node.kind == "authority":
            meta |= {"citation": node.citation, "authority": node.authority_slug}
        text = plain(node.text)
        if node.kind == "authority" and node.citation:
            text = f"{text} ({plain(node.citation)})"
        out.append(f"[{title(node)}]: {text}{tags}{data(meta)}")
        for link in graph.links.values():
            if link.source == node.id and link.relation in (ATTACKS, DISPUTES):
                out.append(f"    -> [{title(graph.nodes[link.target])}]")
            if link.source == node.id and link.relation == UNDERCUTS:
                target = graph.links.get(link.target_link)
                if target is not None and target.relation in INFERENCE_RELATIONS:
                    out.append(f"    _> <Link {target.id}>")
                elif target is not None:  # an undercut of an attack: attack the attacker
                    out.append(f"    -> [{title(graph.nodes[target.source])}]")
        out.append("")

    out.append("# Inferences")
    out.append("")
    for link in graph.links.values():
        if link.relation not in INFERENCE_RELATIONS:
            continue
        source, target = graph.nodes[link.source], graph.nodes[link.target]
        premise, conclusion = source, target
        if link.relation != SUPPORTS:  # the authority backs the passage or claim citing it
            premise, conclusion = conclusion, premise
        description = plain(link.rationale) or default_description(link.relation, source,
                                                                   target)
        meta = {"id": link.id, "relation": link.relation,
                "label": bundle.evaluation.link_labels.get(link.id, "")}
        out += [f"<Link {link.id}>: {description}{data(meta)}", "",
                f"(1) [{title(premise)}]", "----", f"(2) [{title(conclusion)}]", ""]
    return "\n".join(out)
