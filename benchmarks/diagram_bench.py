"""Diagram layout times: ``render_svg`` on generated maps of 26 (the demo map's size), 300
and 1000 nodes, against plain ``dot`` on the same drawn structure in the same run.

Pure (no database): the maps are built as plain ``Graph``s, shaped like a student's map —
passages from a handful of articles, a few claims, authorities — with about two links per
node and quotes of realistic length. 1000 nodes is above ``max_nodes``, so it is drawn
collapsed (passages grouped by article).
"""

import random
import re
import shutil
import subprocess
from functools import partial

from legalmap.maps.diagram import render_svg, to_dot
from legalmap.maps.graph import GLink, GNode, Graph

WORDS = ("the president congress strike vessel authority lawful force statute armed conflict "
         "self-defence article designation cartel terrorist organisation commander chief war "
         "powers resolution hostilities notification court opinion § 1541 “imminent” threat "
         "international waters executive order due process Müller é").split()
STANCES = ("justification", "critique", "claim", "fact")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words, length = [], rng.randint(low, high)
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def build_graph(n_nodes: int, seed: int = 1) -> tuple[Graph, dict[int, str], dict[int, str]]:
    """A map of ``n_nodes`` nodes, shaped like a student's: 10 % authorities, 20 % claims in
    a shallow tree (sub-claims support or attack their parent), 70 % passages from articles
    of 25 passages each. Each article argues about a few claims and authorities, and its
    passages link to those; about two links per node, one in twelve an undercut."""
    rng = random.Random(seed)
    graph = Graph()
    n_auth, n_claims = max(2, n_nodes // 10), max(3, n_nodes // 5)
    n_articles = max(2, n_nodes // 25)
    authorities = list(range(1, n_auth + 1))
    claims = list(range(n_auth + 1, n_auth + n_claims + 1))
    for i in authorities:
        graph.add_node(GNode(i, "authority", f"{_sentence(rng, 20, 60)[:-1]} Act",
                             short_name=f"Auth. {i}", citation=f"{i} U.S.C. § {100 + i}"))
    for i in claims:
        graph.add_node(GNode(i, "claim", _sentence(rng, 40, 160)))
    topics = [(rng.sample(claims, min(6, len(claims))), rng.sample(authorities, min(3, n_auth)))
              for _ in range(n_articles)]
    for i in range(n_auth + n_claims + 1, n_nodes + 1):
        article = rng.randrange(n_articles)
        graph.add_node(GNode(i, "passage", _sentence(rng, 80, 400), stance=rng.choice(STANCES),
                             speaker=f"Speaker {i % 17}", article_id=article,
                             source=f"Publisher {article}, Article {article} (2025)"))
    links: list[tuple] = []
    for k, claim in enumerate(claims[1:], start=1):  # parent among the earlier claims: depth ~ log
        parent = claims[rng.randrange(max(1, k // 3))]
        links.append((claim, "supports" if rng.random() < 0.8 else "attacks", parent))
        if rng.random() < 0.5:
            links.append((claim, "relies_on", rng.choice(authorities)))
    for node in graph.nodes.values():
        if node.kind != "passage":
            continue
        topic_claims, topic_authorities = topics[node.article_id]
        links.append((node.id, "supports" if rng.random() < 0.7 else "attacks",
                      rng.choice(topic_claims)))
        roll = rng.random()
        if roll < 0.6:
            links.append((node.id, "relies_on" if roll < 0.5 else "disputes",
                          rng.choice(topic_authorities)))
        if rng.random() < 0.5:
            links.append((node.id, "supports", rng.choice(topic_claims)))
    for source, relation, target in dict.fromkeys(links):  # no duplicate links
        graph.add_link(GLink(len(graph.links) + 1, source, relation, target,
                             rationale=_sentence(rng, 0, 80)))
    inferences = [lk for lk in graph.links.values()
                  if lk.relation in ("supports", "relies_on", "violates", "complies")]
    for target in rng.sample(inferences, len(graph.links) // 12):
        undercutter = rng.choice([i for i, n in graph.nodes.items() if n.kind == "passage"])
        graph.add_link(GLink(len(graph.links) + 1, undercutter, "undercuts",
                             target_link=target.id))
    labels = {i: rng.choice(("IN", "OUT", "UNDEC")) for i in graph.nodes}
    link_labels = {i: rng.choice(("IN", "IN", "OUT")) for i in graph.links}
    return graph, labels, link_labels


_STMT = re.compile(r'^\s*("(?:[^"\\]|\\.)*")(?:\s*->\s*("(?:[^"\\]|\\.)*"))?\s*\[(.*)\];$')
_LABEL = re.compile(r"label=<(.*)>(?:, |$)")


def plain_dot(source: str) -> str:
    """The reference: the same drawn nodes and edges as ``source`` (``to_dot``'s output), in
    the same direction, each node a plain box with its label's words on the same lines, the
    edges bare: what ``dot`` costs with no styling, HTML labels or layout hints."""
    out = ["digraph plain {", "graph [rankdir=BT, nodesep=0.3, ranksep=0.45];",
           "node [shape=box, fontsize=10];"]
    for line in source.splitlines():
        match = _STMT.match(line)
        if not match or line.lstrip().startswith(("graph", "node", "edge")):
            continue
        tail, head, attrs = match.groups()
        if tail.startswith('"legend-'):  # the old in-diagram legend: not part of the map
            continue
        if head:
            out.append(f"{tail} -> {head};")
            continue
        html = _LABEL.search(attrs)
        words = re.sub(r"<[^>]+>", " ", html.group(1).replace("<BR/>", "\\n")) if html else ""
        words = re.sub(r"[ ]+", " ", words).replace('"', "'").strip()
        out.append(f'{tail} [label="{words}"];')
    return "\n".join([*out, "}"]) + "\n"


def _dot(source: str) -> None:
    subprocess.run([shutil.which("dot"), "-Tsvg"], input=source.encode(), capture_output=True,
                   check=True)


def run(table, timed):
    rows = []
    for n in (26, 300, 1000):
        graph, labels, link_labels = build_graph(n)
        kwargs = {"link_labels": link_labels,
                  "open_threads": {i: 1 + i % 3 for i in list(graph.links)[::15]}}
        svg = render_svg(graph, labels, **kwargs)  # warm-up, and the SVG to describe
        dot_ms = timed(partial(to_dot, graph, labels, **kwargs), repeat=5)[1]
        best, median = timed(partial(render_svg, graph, labels, **kwargs), repeat=3)
        plain = timed(partial(_dot, plain_dot(to_dot(graph, labels, **kwargs))), repeat=3)[1]
        boxes = svg.count('<g id="node-') + svg.count('<g id="group-')  # not the legend
        rows.append([n, len(graph.links), "collapsed" if "Collapsed view" in svg else "full",
                     boxes, f"{dot_ms:.0f}", f"{best:.0f}", f"{median:.0f}",
                     f"{plain:.0f}", f"{median / plain:.1f}×",
                     f"{len(svg) // 1024}", "yes" if "cheaper layout" in svg else "no"])
    table("Diagram: render_svg (dot -Tsvg), 3 runs each; plain dot on the same drawn structure",
          ["nodes", "links", "view", "boxes drawn", "to_dot ms", "best ms", "median ms",
           "plain dot ms", "÷ plain", "SVG KiB", "fell back"], rows)


if __name__ == "__main__":
    from benchmarks.__main__ import table, timed

    run(table, timed)
