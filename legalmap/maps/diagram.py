"""Draw a map (a plain ``Graph``) as an SVG diagram with Graphviz.

Pure functions of the graph and of the reasoning labels, no ORM: ``to_dot`` writes the DOT
text, ``render_svg`` lays it out under a time limit. Nothing is said by colour alone: every
node carries its status word, every edge its relation word. The key to the line styles is
not drawn by Graphviz (a labelled sample edge would double every edge's minimum length in
dot's layout, issue 15): ``key_rows`` gives each relation's words and a small SVG sample for
the map page and the PDF to show in HTML, and ``key_svg`` draws the key for the standalone
SVG file. Ids (``node-<id>``, ``link-<id>``) are what ``static/maps/map.js`` clicks on.
"""

import html
import re
import shutil
import subprocess
import textwrap
import time
import unicodedata
from collections import Counter, namedtuple
from dataclasses import dataclass, field

from .graph import (
    ATTACKS,
    COMPLIES,
    DISPUTES,
    RELATION_LABELS,
    RELATIONS,
    RELIES_ON,
    SUPPORTS,
    UNDERCUTS,
    VIOLATES,
    GLink,
    Graph,
)
from .labels import unquoted

QUOTE_CHARS, CLAIM_CHARS, WRAP = 90, 180, 32
LABELLED_NODES = 100  # up to this many drawn nodes, edge labels take part in the layout
FONT = "Helvetica,Arial,sans-serif"


class DiagramError(RuntimeError):
    """Graphviz is missing or rejected the input."""


class DiagramTimeout(DiagramError, TimeoutError):
    """No layout, not even the cheapest, finished within the time limit."""


# Okabe–Ito hues (told apart under the common colour-vision deficiencies). Fills are light
# tints so black text keeps > 12:1 contrast; each badge's text is >= 4.5:1 against it. OUT
# is greyed as well as vermillion-bordered: "defeated" reads as faded, not only as red.
_Status = namedtuple("_Status", "fill border badge ink meaning")
STATUSES = {
    "IN": _Status("#d5efe5", "#00785a", "#00785a", "#ffffff", "accepted"),
    "OUT": _Status("#ebebeb", "#b3470f", "#a33f0c", "#ffffff", "defeated"),
    "UNDEC": _Status("#fdf0cc", "#c08800", "#f0b000", "#000000", "undecided"),
}
# Each relation differs in line style and arrowhead (no two share both), and in colour
# (>= 4.5:1 on white); its edges are labelled with its words as well. The four uses of an
# authority: relies on — dotted, open arrow; says violates — bold dotted, open box ("breaks
# the rule"); disputes applicability — dashed, open diamond; says complies — dotted, open
# dot ("meets the rule").
RELATION_STYLE = {
    SUPPORTS: {"style": "solid", "arrowhead": "normal", "color": "#0072b2"},
    ATTACKS: {"style": "solid", "arrowhead": "tee", "color": "#c0510a"},
    UNDERCUTS: {"style": "dashed", "arrowhead": "tee", "color": "#a8457f"},
    RELIES_ON: {"style": "dotted", "arrowhead": "empty", "color": "#444444"},
    VIOLATES: {"style": "bold,dotted", "arrowhead": "obox", "color": "#a4262c"},
    DISPUTES: {"style": "dashed", "arrowhead": "odiamond", "color": "#8a6100"},
    COMPLIES: {"style": "dotted", "arrowhead": "odot", "color": "#00785a"},
}
RELATION_MEANING = {
    SUPPORTS: "supports", ATTACKS: "attacks", UNDERCUTS: "undercuts (the inference)",
    RELIES_ON: "relies on (an authority)", VIOLATES: "says violates (an authority)",
    DISPUTES: "disputes applicability (of an authority)",
    COMPLIES: "says complies (with an authority)",
}
_OTHER_RELATION = {"style": "solid", "arrowhead": "normal", "color": "#555555"}
SHAPES = {"passage": ("note", "filled"), "authority": ("folder", "filled"),
          "claim": ("box", "rounded,filled")}

# Layouts tried in turn, each with a share of the time limit (the last gets what is left).
# The second caps network simplex and crossing minimisation and draws straight edges; sfdp
# is force-directed and near-linear, so it finishes where dot's ranking cannot.
STAGES = (
    ("dot", "", 0.5),
    ("dot", "splines=line, nslimit=2, nslimit1=2, mclimit=0.2, searchsize=5", 0.25),
    ("sfdp", "splines=line, overlap=prism, start=1", 1.0),
)

# Characters XML 1.0 forbids (Graphviz would copy them into the SVG and break it) and the
# noncharacters; C1 controls are legal XML but never meant in a quote.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


class _Html(str):
    """An HTML-like label: written between ``<…>`` in DOT instead of quotes."""


def _clean(text: str) -> str:
    return _UNSAFE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def _shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word and never inside a grapheme."""
    text = " ".join(_clean(text).split())
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if head.rfind(" ") > limit // 2:
        head = head[:head.rfind(" ")]
    def joins(char):  # belongs to the character before it: accent, ZWJ, variation, skin tone
        return unicodedata.combining(char) or char in _JOINERS or 0x1F3FB <= ord(char) <= 0x1F3FF

    while head and (joins(text[len(head)]) or head[-1] in _JOINERS):
        head = head[:-1]
    return head.rstrip(" ,;:.") + "…"


def _q(value, backslashes: int = 2) -> str:
    """A DOT quoted string. Labels, ids and tooltips are escStrings, where ``\\N`` would
    become the node's name, so backslashes are doubled; Graphviz 2.43 unescapes tooltips
    twice, so there they are doubled twice. It decodes entities too ("&sect;" → "§")."""
    text = _clean(str(value)).replace("&", "&amp;").replace("\\", "\\" * backslashes)
    return '"' + text.replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(attrs: dict) -> str:
    return ", ".join(f"{key}=<{value}>" if isinstance(value, _Html) else
                     f"{key}={_q(value, 4 if key == 'tooltip' else 2)}"
                     for key, value in attrs.items() if value != "")


def _stmt(name: str, attrs: dict, head: str = "") -> str:
    """A node statement, or an edge statement if ``head`` is given."""
    return f"{_q(name)}{f' -> {_q(head)}' if head else ''} [{_attrs(attrs)}];"


def _text(text: str, width: int = WRAP, *, size: int = 0, color: str = "",
          bold: bool = False, italic: bool = False) -> str:
    """Wrapped text for an HTML-like label: escaped for XML, lines joined by ``<BR/>``."""
    lines = textwrap.wrap(_clean(text), width, break_long_words=True, break_on_hyphens=False)
    out = "<BR/>".join(html.escape(line, quote=False).replace("\\", "\\\\") for line in lines)
    if not out:
        return ""
    out = f"<I>{out}</I>" if italic else f"<B>{out}</B>" if bold else out
    font = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
    return f"<FONT{font}>{out}</FONT>" if font else out


def _label(kind_word: str, status: str, rows: list[str]) -> _Html:
    """A node's label: a small kind/stance word and the status badge, then ``rows``."""
    badge = "<TD></TD>"
    if status in STATUSES:
        s = STATUSES[status]
        badge = (f'<TD ALIGN="RIGHT" BGCOLOR="{s.badge}" CELLPADDING="3">'
                 f'<FONT COLOR="{s.ink}" POINT-SIZE="9"><B>{status}</B></FONT></TD>')
    head = (f'<TR><TD ALIGN="LEFT">{_text(kind_word.upper(), 40, size=8, color="#333333")}'
            f"</TD>{badge}</TR>")
    body = "".join(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>'
                   for row in rows if row)
    return _Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
                 f"{head}{body}</TABLE>")


def _status(labels: dict, key) -> str:
    status = str(labels.get(key) or "").upper()
    return status if status in STATUSES else ""


def _node_stmt(node, status: str) -> str:
    if node.kind == "passage":
        rows = [_text(f"“{_shorten(unquoted(node.text), QUOTE_CHARS)}”"),
                node.speaker and _text(f"— {_shorten(node.speaker, 60)}", size=9, italic=True),
                _text(_shorten(node.source, 80), size=8, color="#333333")]
        kind_word = node.stance or "passage"
        tip = "\n".join(part for part in (f"“{unquoted(node.text)}”",
                                          node.speaker and f"— {node.speaker}",
                                          node.source, node.note and f"Note: {node.note}") if part)
    elif node.kind == "authority":
        name = node.short_name or node.text
        rows = [_text(_shorten(name, 60), bold=True),
                node.text != name and _text(_shorten(node.text, 70), size=9),
                _text(_shorten(node.citation, 90), size=9, color="#333333")]
        kind_word, tip = "authority", "\n".join(p for p in (node.text, node.citation) if p)
    else:
        rows, kind_word, tip = [_text(_shorten(node.text, CLAIM_CHARS))], node.kind, node.text
    shape, style = SHAPES.get(node.kind, SHAPES["claim"])
    colours = STATUSES.get(status)
    stance = f" stance-{node.stance}" if node.kind == "passage" and node.stance else ""
    return _stmt(f"n{node.id}", {
        # Graphviz prefixes "node": class="node passage status-in stance-critique".
        "id": f"node-{node.id}", "class": f"{node.kind} status-{status.lower() or 'none'}{stance}",
        "shape": shape, "style": style, "fillcolor": colours.fill if colours else "#ffffff",
        "color": colours.border if colours else "#555555",
        "tooltip": (f"{status}: " if status else "") + (tip or kind_word),
        "label": _label(kind_word, status, rows)})


@dataclass
class _Edge:
    key: str  # its SVG id: "link-7", or "links-3" for a merged edge of the collapsed view
    tail: str  # a DOT node name
    relation: str
    head: str = ""  # a DOT node name; empty when it aims at an edge
    head_edge: str | int | None = ""  # the edge an undercut aims at (first its link id)
    links: list = field(default_factory=list)
    open: int = 0
    verdicts: list = field(default_factory=list)  # (value, reviewer) of the links inside


def _depths(graph: Graph) -> dict[int, int | None]:
    """Link id → its number of undercuts between it and a node-to-node link (0 for those),
    or None if an end of it is not in the graph. Chains are followed without recursion;
    a ring of undercuts is still drawn, each aiming at the point of the next."""
    depth: dict[int, int | None] = {}
    for start in sorted(graph.links):
        chain, link_id = [], start
        while True:
            link = graph.links.get(link_id)
            if link_id in depth or link_id in chain:
                base = depth.get(link_id, 0)
            elif link is None or link.source not in graph.nodes:
                base = None
            elif link.relation != UNDERCUTS:
                base = depth[link_id] = 0 if link.target in graph.nodes else None
            else:
                chain.append(link_id)
                link_id = link.target_link
                continue
            break
        for n, member in enumerate(reversed(chain), start=1):
            depth[member] = None if base is None else base + n
        depth.setdefault(start, base)
    return depth


def _edges(graph: Graph, reps: dict[int, str], aggregate: bool, open_threads: dict,
           verdicts: dict) -> tuple[list[_Edge], Counter]:
    """The edges to draw, and per group the number of links inside it (collapsed view).

    Plain view: one edge per link, keyed ``link-<id>``. Collapsed view: links with the same
    drawn ends and relation merge into one edge; an undercut aims at the merged edge.
    """
    depth = _depths(graph)
    # The links an undercut aims at come first, so their keys are known when it is placed.
    links = sorted((graph.links[i] for i in graph.links if depth[i] is not None),
                   key=lambda link: (depth[link.id], link.id))
    key: dict[int, str | None] = {}
    merged: dict[str, _Edge] = {}
    inside: Counter = Counter()
    for link in links:
        tail, head, target = reps[link.source], "", link.target_link
        if link.relation != UNDERCUTS:
            head, target = reps[link.target], None
        elif target in key and key[target] is None:  # it aims at a link inside a group
            head, target = reps[graph.links[target].source], None
        if aggregate and head == tail:  # both ends in one group: counted, not drawn
            key[link.id] = None
            inside[tail] += 1
            continue
        if not aggregate or (target is not None and target not in key):
            k = key[link.id] = f"link-{link.id}"  # (the second case: a ring of undercuts)
        else:
            k = key[link.id] = f"{tail}>{link.relation}>{head or f'[{key[target]}]'}"
        if k not in merged:
            merged[k] = _Edge(k, tail, link.relation, head, target)
        merged[k].links.append(link)
        merged[k].open += int(open_threads.get(link.id) or 0)
        merged[k].verdicts += verdicts.get(link.id) or []
    names = {k: (f"links-{i}" if aggregate else k) for i, k in enumerate(sorted(merged))}
    for edge in merged.values():  # an undercut's target: a link id → the key of its edge
        edge.key = names[edge.key]
        edge.head_edge = names[key[edge.head_edge]] if edge.head_edge is not None else ""
    return sorted(merged.values(), key=lambda e: int(e.key.rpartition("-")[2])), inside


def _verdict_words(verdicts: list) -> str:
    """"verdict: needs authority", or "verdicts: sound ×2, unsound": each reviewer's latest
    verdict on the link (or the links of a merged edge), in words, not colour."""
    tally = Counter(value for value, _ in verdicts)
    words = ", ".join(str(value).replace("_", " ") + (f" ×{n}" if n > 1 else "")
                      for value, n in tally.items())
    return ("verdict: " if len(verdicts) == 1 else "verdicts: ") + words


def _edge_stmts(edges: list[_Edge], graph: Graph, link_labels: dict, label: str) -> list[str]:
    """DOT for the edges. Graphviz cannot aim an edge at an edge, so a link that is undercut
    is drawn through a small point node in its middle, and its undercuts aim at that point."""
    undercut = {edge.head_edge for edge in edges if edge.head_edge}
    # No `minlen` on leaf edges (issue 15): staggering the passages over up to 8 extra ranks
    # made dot place ~10,000 virtual nodes at 300 nodes (10× the layout time) and stretched
    # the edges that crossed them, which shrank every box at "Fit".
    out = []
    for edge in edges:
        look = RELATION_STYLE.get(edge.relation, _OTHER_RELATION)
        count, first = len(edge.links), edge.links[0]
        status = _status(link_labels, first.id) if count == 1 else ""
        words = RELATION_LABELS.get(edge.relation, edge.relation) + (
            f" ×{count}" if count > 1 else "")
        words += (f" ({status})" if status in ("OUT", "UNDEC") else "")
        words += f"\n● {edge.open} open" if edge.open else ""
        words += f"\n{_verdict_words(edge.verdicts)}" if edge.verdicts else ""
        tip = (f"{count} {RELATION_LABELS.get(edge.relation, edge.relation)} links" if count > 1
               else _link_tip(graph, first) + (f" ({status})" if status else ""))
        tip += f"\n{edge.open} open review thread(s)" if edge.open else ""
        if edge.verdicts and count == 1:
            tip += "\nVerdicts: " + "; ".join(f"{str(value).replace('_', ' ')} ({who})"
                                               for value, who in edge.verdicts)
        elif edge.verdicts:
            tip += "\n" + _verdict_words(edge.verdicts).capitalize()
        attrs = {
            "id": edge.key,
            "class": (f"link {edge.relation}" + (" aggregate" if count > 1 else "")
                      + (f" status-{status.lower()}" if status else "")
                      + (" open-threads" if edge.open else "")
                      + "".join(f" verdict-{value}"
                                for value in dict.fromkeys(v for v, _ in edge.verdicts))),
            "style": look["style"], "arrowhead": look["arrowhead"],
            "color": look["color"] + ("80" if status == "OUT" else ""),  # defeated: faded
            "fontcolor": look["color"], label: words, "tooltip": tip,
            "penwidth": "3" if edge.open else "1.4"}
        head = edge.head or f"mid:{edge.head_edge}"
        if edge.key in undercut:
            mid = f"mid:{edge.key}"
            out.append(_stmt(mid, {"id": f"{edge.key}-mid", "class": f"link-mid {edge.relation}",
                                   "shape": "point", "width": "0.1", "color": look["color"],
                                   "tooltip": tip}))
            out.append(_stmt(edge.tail, attrs | {"arrowhead": "none"}, mid))
            out.append(_stmt(mid, attrs | {"id": f"{edge.key}-head", label: ""}, head))
        else:
            out.append(_stmt(edge.tail, attrs, head))
    return out


def _link_tip(graph: Graph, link: GLink) -> str:
    def name(node):
        if node.kind == "authority":
            return node.short_name or node.text
        return (f"“{_shorten(unquoted(node.text), 40)}”" if node.kind == "passage"
                else _shorten(node.text, 40))

    target = (name(graph.nodes[link.target]) if link.relation != UNDERCUTS
              else f"the inference of link {link.target_link}")
    words = RELATION_LABELS.get(link.relation, link.relation)
    tip = f"{name(graph.nodes[link.source])} {words} {target}"
    return tip + (f"\n{link.rationale}" if link.rationale else "")


def _collapse(graph: Graph, labels: dict, max_nodes: int) -> tuple[dict, list[str]]:
    """Node id → drawn name for the collapsed view, and the DOT for its group nodes.

    Passages are grouped by article. Claims and authorities are kept, the best connected
    first, up to half of ``max_nodes`` drawn nodes; the rest fold into a "more claims" and a
    "more authorities" node: a summary of hundreds of nodes is neither quick nor readable.
    """
    degree: Counter = Counter()
    for link in graph.links.values():
        degree.update((link.source, link.target))
    reps = {i: f"group-article-{'none' if n.article_id is None else n.article_id}"
            for i, n in graph.nodes.items() if n.kind == "passage"}
    rest = sorted((i for i, n in graph.nodes.items() if n.kind != "passage"),
                  key=lambda i: (-degree[i], i))
    room = max(10, max_nodes // 2 - len(set(reps.values())))
    reps |= {i: f"n{i}" for i in rest[:room]}
    reps |= {i: f"group-{graph.nodes[i].kind}" for i in rest[room:]}
    members: dict[str, list] = {}
    for node_id in sorted(graph.nodes):
        if reps[node_id].startswith("group-"):
            members.setdefault(reps[node_id], []).append(graph.nodes[node_id])
    out = []
    for name, nodes in sorted(members.items()):
        kind = nodes[0].kind
        if kind == "passage":
            sources = sorted({n.source for n in nodes if n.source})
            text = f"{len(nodes)} passages from {sources[0] if sources else 'no article'}"
            text += f" (and {len(sources) - 1} more sources)" if len(sources) > 1 else ""
        else:
            text = f"{len(nodes)} more {'authorities' if kind == 'authority' else kind + 's'}"
        tally = Counter(_status(labels, n.id) or "no status" for n in nodes)
        counts = " · ".join(f"{s} {tally[s]}" for s in (*STATUSES, "no status") if tally[s])
        rows = [_text(_shorten(text, 120), bold=True), _text(counts, 40, size=9)]
        out.append(_stmt(name, {
            "id": name, "class": f"group {kind}", "shape": SHAPES.get(kind, SHAPES["claim"])[0],
            "style": "filled", "fillcolor": "#eef1f5", "color": "#555555", "peripheries": "2",
            "tooltip": f"{text}\n{counts}", "label": _label(f"{kind}s (grouped)", "", rows)}))
    return reps, out


# The key's samples: each relation's line and arrowhead as Graphviz draws them (SVG output:
# dashed is "5,2", dotted "1,5", bold doubles the width), pointing right, tip at x = 50.
_DASHES = {"dashed": "5,2", "dotted": "1,5"}
_HEADS = {
    "normal": '<polygon points="41,2 50,6 41,10" fill="{c}" stroke="{c}"/>',
    "tee": '<rect x="46" y="1" width="3" height="10" fill="{c}"/>',
    "empty": '<polygon points="41,2 50,6 41,10" fill="#fff" stroke="{c}"/>',
    "obox": '<rect x="42" y="2" width="8" height="8" fill="#fff" stroke="{c}"/>',
    "odiamond": '<polygon points="38,6 44,2 50,6 44,10" fill="#fff" stroke="{c}"/>',
    "odot": '<circle cx="46" cy="6" r="4" fill="#fff" stroke="{c}"/>',
}
_HEAD_WORDS = {"normal": "filled arrow", "tee": "bar", "empty": "open arrow", "obox": "open box",
               "odiamond": "open diamond", "odot": "open circle"}


def _sample(look: dict) -> str:
    """A 52×12 px SVG of an edge drawn with ``look`` (``RELATION_STYLE``'s attributes)."""
    styles, colour = look["style"].split(","), look["color"]
    dash = next((_DASHES[s] for s in styles if s in _DASHES), "")
    width = 2.8 if "bold" in styles else 1.4
    line = (f'<line x1="1" y1="6" x2="{44 if look["arrowhead"] == "normal" else 41}" y2="6" '
            f'stroke="{colour}" stroke-width="{width}"'
            + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    return (line + _HEADS[look["arrowhead"]].format(c=colour))


def key_rows() -> list[dict]:
    """The key to the diagram's lines, one row per relation in ``RELATIONS`` order: the
    words drawn on its edges, what they mean, its line and arrowhead in words (nothing is
    told by colour alone) and an inline SVG sample drawn as Graphviz draws the edge."""
    rows = []
    for rel in RELATIONS:
        look = RELATION_STYLE[rel]
        line = " ".join(s for s in look["style"].split(",") if s != "solid") or "solid"
        rows.append({"relation": rel, "words": RELATION_LABELS[rel],
                     "meaning": RELATION_MEANING[rel], "color": look["color"],
                     "look": f"{line} line, {_HEAD_WORDS[look['arrowhead']]}",
                     "sample": (f'<svg class="key-sample" width="52" height="12" '
                                f'viewBox="0 0 52 12" aria-hidden="true" focusable="false">'
                                f"{_sample(look)}</svg>")})
    return rows


def key_svg() -> tuple[str, float, float]:
    """The key as SVG elements to place under a standalone diagram, and their width and
    height in points: one row per relation, then the three statuses."""
    rows, out, y = key_rows(), [], 14.0
    esc = html.escape
    out.append(f'<text x="0" y="{y}" font-family="{FONT}" font-size="10" '
               'font-weight="bold">Key</text>')
    for row in rows:
        y += 15
        out.append(f'<g class="key {row["relation"]}" transform="translate(0,{y - 9})">'
                   f"{_sample(RELATION_STYLE[row['relation']])}</g>"
                   f'<text x="58" y="{y}" font-family="{FONT}" font-size="9">'
                   f'<tspan fill="{row["color"]}" font-weight="bold">{esc(row["meaning"])}'
                   f'</tspan> · {esc(row["look"])}</text>')
    y += 8
    for i, (status, s) in enumerate(STATUSES.items()):
        x = i * 120
        out.append(f'<g class="key status-{status.lower()}">'
                   f'<rect x="{x}" y="{y}" width="112" height="16" fill="{s.fill}" '
                   f'stroke="{s.border}" stroke-width="1.5"/>'
                   f'<text x="{x + 4}" y="{y + 11.5}" font-family="{FONT}" font-size="9">'
                   f'<tspan font-weight="bold">{status}</tspan> {s.meaning}</text></g>')
    return "".join(out), 420.0, y + 18


def to_dot(graph: Graph, labels: dict[int, str] | None = None, *,
           link_labels: dict[int, str] | None = None, open_threads: dict[int, int] | None = None,
           verdicts: dict[int, list[tuple[str, str]]] | None = None,
           max_nodes: int = 400) -> str:
    """The map as DOT text; the same input always gives the same text.

    The review marks: ``open_threads`` (link id → open threads) thickens a link and counts
    them on it; ``verdicts`` (link id → [(value, reviewer)], each reviewer's latest) names
    them on the link and in its tooltip.
    """
    labels, link_labels, open_threads = labels or {}, link_labels or {}, open_threads or {}
    verdicts = verdicts or {}
    # Bottom to top: the passages and authorities a claim rests on sit below it.
    out = ["digraph legalmap {",
           f'graph [id="legalmap-diagram", class="legalmap", rankdir=BT, charset="UTF-8", '
           f'fontname="{FONT}", nodesep=0.3, ranksep=0.45, outputorder=edgesfirst];',
           f'node [fontname="{FONT}", fontsize=10, margin="0.08,0.04", penwidth=1.5];',
           f'edge [fontname="{FONT}", fontsize=8, arrowsize=0.8];']
    collapsed = len(graph.nodes) > max_nodes
    if collapsed:
        # dot's ranking and crossing minimisation grow much faster than linearly, and past
        # max_nodes a readable drawing is a summary anyway: passages fold into articles.
        reps, group_stmts = _collapse(graph, labels, max_nodes)
        note = (f"Collapsed view: this map has {len(graph.nodes)} nodes, more than {max_nodes}. "
                "Passages are grouped by article; links between the same groups are merged "
                "(×n counts them).")
        if folded := sum(r in ("group-claim", "group-authority") for r in reps.values()):
            note += (f" The {folded} least connected claims and authorities are folded into "
                     "“more …” nodes.")
        out.append(_stmt("collapsed-note", {
            "id": "collapsed-note", "class": "note collapsed", "label": textwrap.fill(note, 44),
            "tooltip": note, "shape": "box", "style": "dashed,filled", "fillcolor": "#fffbe6"}))
        out += group_stmts
    else:
        reps = {i: f"n{i}" for i in graph.nodes}
    out += [_node_stmt(graph.nodes[i], _status(labels, i))
            for i in sorted(graph.nodes) if reps[i] == f"n{i}"]
    edges, inside = _edges(graph, reps, collapsed, open_threads, verdicts)
    # A `label` gets room of its own in the layout (a rank per edge), which is the tidiest
    # but costs dot's positioning dearly past ~100 nodes (300 nodes: ~4 s against ~1.5 s);
    # an `xlabel` is placed after the layout, beside its edge.
    small = len(set(reps.values())) <= LABELLED_NODES
    out += _edge_stmts(edges, graph, link_labels, "label" if small else "xlabel")
    out += [f"// {name}: {count} links inside the group are not drawn"
            for name, count in sorted(inside.items())]
    return "\n  ".join(out) + "\n}\n"


def render_svg(graph: Graph, labels: dict[int, str] | None = None, *,
               link_labels: dict[int, str] | None = None,
               open_threads: dict[int, int] | None = None,
               verdicts: dict[int, list[tuple[str, str]]] | None = None,
               timeout: float = 20.0, max_nodes: int = 400) -> str:
    """The map as SVG text to inline in HTML (no XML declaration or doctype). Raises
    ``DiagramTimeout`` if no layout finishes in ``timeout`` s, ``DiagramError`` if dot fails."""
    source = to_dot(graph, labels, link_labels=link_labels, open_threads=open_threads,
                    verdicts=verdicts, max_nodes=max_nodes)
    return _layout(source, timeout)


def _layout(source: str, timeout: float, stages=STAGES) -> str:
    """Run the stages in turn until one finishes; the SVG says which one drew it, and why."""
    deadline, gave_up, failed = time.monotonic() + timeout, [], False
    for i, (engine, extra, share) in enumerate(stages):
        left = deadline - time.monotonic()
        budget = left if i == len(stages) - 1 else min(left, timeout * share)
        if budget <= 0:
            break
        # A graph attribute set again at the end of the root graph overrides the first.
        text = source[:source.rstrip().rfind("}")] + (f"  graph [{extra}];\n" if extra else "")
        try:
            svg = _run(engine, text + "}\n", budget)
        except subprocess.TimeoutExpired:
            gave_up.append(f"{engine} {extra or '(full layout)'} did not finish in {budget:.2f} s")
            continue
        except DiagramError as exc:  # e.g. dot's "trouble in init_rank": the next may cope
            gave_up.append(str(exc))
            failed = True
            continue
        if (start := svg.find("<svg")) < 0:
            raise DiagramError(f"{engine} returned no SVG")
        svg = svg[start:].strip() + "\n"  # no XML declaration or doctype: inlined in HTML
        # Graphviz writes "-" as "&#45;" everywhere; plain hyphens keep ids greppable
        # ("node-3") and mean the same to any XML or HTML parser.
        svg = svg.replace("&#45;", "-")
        if gave_up:
            note = "; ".join(gave_up) + f"; drawn with {engine} {extra} instead (cheaper layout)"
            end = svg.index(">") + 1
            svg = f"{svg[:end]}\n<!-- {_clean(note).replace('--', '- -')} -->{svg[end:]}"
        return svg
    error = DiagramError if failed else DiagramTimeout
    raise error(f"no layout finished within {timeout} s: " + "; ".join(gave_up))


def _run(engine: str, source: str, timeout: float) -> str:
    # subprocess, not graphviz.Source.pipe: that takes no timeout, and a layout that never
    # ends must not hold a web worker. subprocess.run kills the child when time is up.
    exe = shutil.which(engine)
    if exe is None:
        raise DiagramError(f"Graphviz's `{engine}` is not on PATH: apt-get install graphviz")
    proc = subprocess.run([exe, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                          timeout=timeout, check=False)
    if proc.returncode:
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        raise DiagramError(f"{engine} failed: {stderr[:500]}")
    return proc.stdout.decode("utf-8", "replace")
