"""legalmap.maps.diagram: DOT and SVG for a plain Graph, laid out by the real `dot` (no DB)."""

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from legalmap.maps.diagram import (
    STAGES,
    DiagramTimeout,
    _layout,
    key_rows,
    render_svg,
    to_dot,
)
from legalmap.maps.graph import RELATION_LABELS, GLink, GNode, Graph

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"

QUOTE = "The President acted lawfully."
LABELS = {1: "IN", 2: "OUT", 3: "IN", 4: "UNDEC", 5: "IN"}


def small_map() -> Graph:
    """A passage supports a claim and relies on an authority; a critique attacks the claim,
    undercuts the support and disputes that another authority applies."""
    graph = Graph()
    graph.add_node(GNode(1, "passage", QUOTE, stance="justification", speaker="Press Secretary",
                         source="Reuters, Strike on vessel (2025)", article_id=7))
    graph.add_node(GNode(2, "passage", "Only Congress can declare war.", stance="critique",
                         speaker="Prof. Vladeck", source="Lawfare (2025)", article_id=8))
    graph.add_node(GNode(3, "authority", "Constitution of the United States, Article II",
                         short_name="U.S. Const. art. II", citation="U.S. Const. art. II, § 2"))
    graph.add_node(GNode(4, "claim", "The strike was lawful."))
    graph.add_node(GNode(5, "authority", "War Powers Resolution", short_name="WPR",
                         citation="50 U.S.C. §§ 1541–1548"))
    graph.add_link(GLink(10, 1, "supports", 4))
    graph.add_link(GLink(11, 2, "attacks", 4))
    graph.add_link(GLink(12, 1, "relies_on", 3))
    graph.add_link(GLink(13, 2, "undercuts", target_link=10))
    graph.add_link(GLink(14, 2, "disputes", 5))
    return graph


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises unless the SVG is well-formed XML


def by_id(root: ET.Element) -> dict[str, ET.Element]:
    return {el.get("id"): el for el in root.iter() if el.get("id")}


def texts(el: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in el.iter(f"{SVG}text")]


def tooltip(el: ET.Element) -> str:
    return next(a.get(XLINK_TITLE) for a in el.iter() if a.get(XLINK_TITLE))


def dot_attrs(dot: str, element_id: str) -> dict[str, str]:
    """The attributes of the DOT statement carrying ``id="<element_id>"``."""
    line = next(x for x in dot.splitlines() if f'id="{element_id}"' in x)
    return dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', line.split("[", 1)[1]))


def test_it_renders_well_formed_svg_with_ids_statuses_quotes_and_citations():
    svg = render_svg(small_map(), LABELS)

    root = parse(svg)
    elements = by_id(root)
    for node_id in (1, 2, 3, 4, 5):
        assert f"node-{node_id}" in elements
    words = texts(elements["node-1"])
    assert "OUT" not in words and "IN" in words
    assert f"“{QUOTE}”" in words and "— Press Secretary" in words
    assert "UNDEC" in texts(elements["node-4"]) and "OUT" in texts(elements["node-2"])
    assert {"U.S. Const. art. II", "U.S. Const. art. II, § 2"} <= set(texts(elements["node-3"]))


def test_the_svg_has_no_xml_declaration_or_doctype_so_it_can_be_inlined():
    svg = render_svg(small_map(), LABELS)

    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg


def test_nodes_carry_kind_status_and_stance_classes_and_a_full_tooltip():
    elements = by_id(parse(render_svg(small_map(), LABELS)))

    assert elements["node-1"].get("class") == "node passage status-in stance-justification"
    assert elements["node-4"].get("class") == "node claim status-undec"
    assert tooltip(elements["node-1"]) == (
        f"IN: “{QUOTE}”\n— Press Secretary\nReuters, Strike on vessel (2025)")


def test_status_shows_as_fill_colour_and_as_a_word():
    elements = by_id(parse(render_svg(small_map(), LABELS)))

    fills = {n: next(elements[f"node-{n}"].iter(f"{SVG}polygon")).get("fill") for n in (1, 2, 4)}
    assert len(set(fills.values())) == 3  # IN, OUT, UNDEC: three fills
    assert "IN" in texts(elements["node-1"]) and "OUT" in texts(elements["node-2"])


def test_a_node_without_a_status_gets_no_status_word():
    elements = by_id(parse(render_svg(small_map(), {})))

    assert elements["node-4"].get("class") == "node claim status-none"
    assert not {"IN", "OUT", "UNDEC"} & set(texts(elements["node-4"]))


def every_relation_map() -> Graph:
    """``small_map`` plus the two authority relations it lacks: the critique says art. II is
    violated, the press secretary that the strike complies with the WPR."""
    graph = small_map()
    graph.add_link(GLink(15, 2, "violates", 3))
    graph.add_link(GLink(16, 1, "complies", 5))
    return graph


EVERY_RELATION = {"supports": "link-10-head", "attacks": "link-11", "relies_on": "link-12",
                  "undercuts": "link-13", "disputes": "link-14", "violates": "link-15",
                  "complies": "link-16"}


def test_each_relation_is_drawn_in_its_own_style_and_named_on_the_edge():
    dot = to_dot(every_relation_map(), LABELS)

    # Link 10 is undercut, so it is drawn in two halves; its arrowhead is on the second.
    looks = {rel: dot_attrs(dot, link) for rel, link in EVERY_RELATION.items()}
    assert {rel: (a["style"], a["arrowhead"]) for rel, a in looks.items()} == {
        "supports": ("solid", "normal"), "attacks": ("solid", "tee"),
        "relies_on": ("dotted", "empty"), "undercuts": ("dashed", "tee"),
        "disputes": ("dashed", "odiamond"), "violates": ("bold,dotted", "obox"),
        "complies": ("dotted", "odot")}
    # Not by colour alone: line style and arrowhead together tell each relation apart.
    assert len({(a["style"], a["arrowhead"]) for a in looks.values()}) == 7
    assert len({a["color"] for a in looks.values()}) == 7
    assert looks["attacks"]["class"] == "link attacks"
    assert dot_attrs(dot, "link-10")["arrowhead"] == "none"
    assert dot_attrs(dot, "link-10")["label"] == "supports"
    assert {rel: looks[rel]["label"] for rel in EVERY_RELATION if rel != "supports"} == {
        "attacks": "attacks", "undercuts": "undercuts", "relies_on": "relies on",
        "violates": "says violates", "disputes": "disputes applicability",
        "complies": "says complies"}


def test_the_svg_has_no_legend_edges_so_dot_lays_out_the_map_alone():
    """Issue 15: one labelled sample edge doubled every edge's minimum length in dot."""
    dot = to_dot(every_relation_map())
    elements = by_id(parse(render_svg(every_relation_map())))

    assert "legend" not in dot and "cluster" not in dot
    assert not [key for key in elements if key.startswith("legend")]


def test_no_edge_is_stretched_over_extra_ranks():
    """Issue 15: ``minlen`` on leaf edges made dot place thousands of virtual nodes."""
    graph = Graph()
    graph.add_node(GNode(1, "claim", "The strike was lawful."))
    for i in range(2, 40):
        graph.add_node(GNode(i, "passage", f"Passage {i}.", stance="justification"))
        graph.add_link(GLink(100 + i, i, "supports", 1))

    assert "minlen" not in to_dot(graph)


def test_the_key_draws_the_seven_relations_as_the_diagram_does():
    dot = to_dot(every_relation_map())
    rows = {row["relation"]: row for row in key_rows()}

    assert sorted(rows) == sorted(EVERY_RELATION)
    for rel, link in EVERY_RELATION.items():
        edge, sample = dot_attrs(dot, link), ET.fromstring(rows[rel]["sample"])
        assert rows[rel]["meaning"].startswith(RELATION_LABELS[rel])
        assert {el.get("stroke") for el in sample.iter() if el.get("stroke")} == {edge["color"]}
    # Not by colour alone: each row says its line and arrowhead in words, no two alike.
    assert {rel: row["look"] for rel, row in rows.items()} == {
        "supports": "solid line, filled arrow", "attacks": "solid line, bar",
        "undercuts": "dashed line, bar", "relies_on": "dotted line, open arrow",
        "violates": "bold dotted line, open box", "disputes": "dashed line, open diamond",
        "complies": "dotted line, open circle"}
    assert len({row["sample"].replace(row["color"], "") for row in rows.values()}) == 7


def test_an_undercut_aims_at_the_point_in_the_middle_of_the_link_it_undercuts():
    dot = to_dot(small_map())

    assert '"mid:link-10" [id="link-10-mid", class="link-mid supports", shape="point"' in dot
    assert '"n1" -> "mid:link-10" [id="link-10"' in dot
    assert '"mid:link-10" -> "n4" [id="link-10-head"' in dot
    assert '"n2" -> "mid:link-10" [id="link-13", class="link undercuts"' in dot
    assert {"link-10", "link-10-mid", "link-10-head", "link-13"} <= set(
        by_id(parse(render_svg(small_map()))))


def test_an_undercut_of_an_undercut_aims_at_the_first_undercuts_point():
    graph = small_map()
    graph.add_link(GLink(15, 1, "undercuts", target_link=13))

    dot = to_dot(graph)

    assert '"n2" -> "mid:link-13" [id="link-13"' in dot
    assert '"mid:link-13" -> "mid:link-10" [id="link-13-head"' in dot
    assert '"n1" -> "mid:link-13" [id="link-15"' in dot


def test_links_whose_ends_are_missing_are_left_out():
    graph = small_map()
    graph.add_link(GLink(20, 1, "supports", 99))
    graph.add_link(GLink(21, 2, "undercuts", target_link=20))
    graph.add_link(GLink(22, 2, "undercuts", target_link=98))

    elements = by_id(parse(render_svg(graph)))

    assert not {"link-20", "link-21", "link-22"} & set(elements)
    assert "link-13" in elements


def test_a_ring_of_undercuts_is_drawn_without_hanging():
    graph = small_map()
    graph.add_link(GLink(30, 1, "undercuts", target_link=31))
    graph.add_link(GLink(31, 2, "undercuts", target_link=30))

    elements = by_id(parse(render_svg(graph)))

    assert {"link-30", "link-31", "link-30-mid", "link-31-mid"} <= set(elements)


TRICKY = 'He said "no" \\N C:\\Users & &amp; &sect; <script>alert(1)</script> 👩🏽‍⚖️ e\u0301 “§ 2” –'


def test_tricky_text_survives_escaped_and_the_svg_stays_well_formed():
    graph = Graph()
    graph.add_node(GNode(1, "passage", TRICKY, stance="critique", speaker='O\'Brien "\\x"',
                         source="Café <Le Monde>", article_id=1))
    graph.add_node(GNode(2, "claim", "Ok\x00\x0b\r\nfine"))
    graph.add_link(GLink(3, 1, "attacks", 2, rationale=TRICKY))

    root = parse(render_svg(graph, {1: "IN"}))

    assert not [el for el in root.iter() if el.tag.endswith("script")]
    elements = by_id(root)
    assert tooltip(elements["node-1"]) == (
        f"IN: “{TRICKY}”\n— O'Brien \"\\x\"\nCafé <Le Monde>")
    assert tooltip(elements["link-3"]).endswith(f"\n{TRICKY}")
    shown = " ".join(texts(elements["node-1"]))
    for piece in ('"no" \\N', "&amp;", "&sect;", "<script>alert(1)</script>", "👩🏽‍⚖️", "e\u0301",
                  "“§", "O'Brien \"\\x\"", "Café <Le Monde>"):
        assert piece in shown
    assert texts(elements["node-2"])[-1] == "Ok fine"  # control characters dropped


def test_long_quotes_are_shortened_with_an_ellipsis_at_a_word_and_wrapped():
    quote = "Congress shall have power to declare war, grant letters of marque and reprisal, " \
            "and make rules concerning captures on land and water."
    graph = Graph()
    graph.add_node(GNode(1, "passage", quote, stance="fact", article_id=1))

    lines = texts(by_id(parse(render_svg(graph)))["node-1"])[1:]

    assert "".join(lines).endswith("…”") and len(" ".join(lines)) <= 92
    assert all(len(line) <= 33 for line in lines)


def test_links_with_open_review_threads_are_marked_with_a_count_and_a_thicker_pen():
    dot = to_dot(small_map(), open_threads={11: 2})

    assert dot_attrs(dot, "link-11")["penwidth"] == "3"
    assert dot_attrs(dot, "link-11")["class"] == "link attacks open-threads"
    assert dot_attrs(dot, "link-12")["penwidth"] == "1.4"
    elements = by_id(parse(render_svg(small_map(), open_threads={11: 2})))
    assert "● 2 open" in texts(elements["link-11"])


def test_each_reviewers_latest_verdict_is_named_on_the_link_and_in_its_tooltip():
    verdicts = {11: [("unsound", "Charlie Reviewer"), ("needs_authority", "ida")],
                12: [("sound", "ida")]}
    dot = to_dot(small_map(), verdicts=verdicts)

    assert dot_attrs(dot, "link-11")["class"] == (
        "link attacks verdict-unsound verdict-needs_authority")
    assert dot_attrs(dot, "link-12")["label"] == "relies on\\nverdict: sound"
    elements = by_id(parse(render_svg(small_map(), verdicts=verdicts)))
    assert "verdicts: unsound, needs authority" in texts(elements["link-11"])
    assert tooltip(elements["link-11"]).endswith(
        "Verdicts: unsound (Charlie Reviewer); needs authority (ida)")


def test_merged_links_of_the_collapsed_view_count_their_verdicts():
    graph = big_map(30)  # passages 101, 107 and 110: one article, each supports claim 3
    verdicts = {i: [("sound", "ida")] for i in (101, 107, 110)}
    elements = by_id(parse(render_svg(graph, verdicts=verdicts, max_nodes=20)))
    merged = [el for key, el in elements.items() if re.fullmatch(r"links-\d+", key)
              and "verdict-sound" in (el.get("class") or "")]

    assert len(merged) == 1
    assert "Verdicts: sound ×3" in tooltip(merged[0])


def test_a_defeated_link_is_faded_and_says_so():
    dot = to_dot(small_map(), link_labels={10: "OUT"})

    assert dot_attrs(dot, "link-10")["color"].endswith("80")
    assert dot_attrs(dot, "link-10")["label"] == "supports (OUT)"


def big_map(n_passages: int, n_claims: int = 3) -> Graph:
    graph = Graph()
    for c in range(1, n_claims + 1):
        graph.add_node(GNode(c, "claim", f"Claim {c}"))
    for i in range(100, 100 + n_passages):
        graph.add_node(GNode(i, "passage", f"Passage {i}", stance="fact", article_id=i % 3,
                             source=f"Paper {i % 3}"))
        graph.add_link(GLink(i, i, "supports" if i % 4 else "attacks", 1 + i % n_claims))
    graph.add_link(GLink(1000, 100, "undercuts", target_link=101))
    return graph


def test_a_map_above_max_nodes_is_drawn_collapsed_with_a_note():
    graph = big_map(60)

    svg = render_svg(graph, max_nodes=20)

    elements = by_id(parse(svg))
    assert "Collapsed view" in " ".join(texts(elements["collapsed-note"]))
    assert "20 passages from Paper 0" in texts(elements["group-article-0"])
    assert not any(f"node-{i}" in elements for i in range(100, 160))
    assert {"node-1", "node-2", "node-3"} <= set(elements)  # claims are kept
    merged = [el for key, el in elements.items() if key.startswith("links-")]
    assert any(re.fullmatch(r"supports ×\d+", w) for el in merged for w in texts(el))


def test_a_collapsed_undercut_aims_at_the_merged_edge_it_undercuts():
    dot = to_dot(big_map(60), max_nodes=20)

    undercut = next(x for x in dot.splitlines() if 'class="link undercuts' in x)
    assert re.search(r'"group-article-1" -> "mid:links-\d+"', undercut)


def test_a_collapsed_view_folds_the_least_connected_claims_when_still_too_many():
    graph = big_map(60, n_claims=40)

    elements = by_id(parse(render_svg(graph, max_nodes=30)))

    assert "group-claim" in elements
    assert any("more claims" in w for w in texts(elements["group-claim"]))
    assert sum(key.startswith("node-") for key in elements) == 12  # 30 // 2 - 3 articles


def test_the_same_map_gives_the_same_dot_whatever_the_insertion_order():
    graph, reordered = small_map(), Graph()
    for node_id in sorted(graph.nodes, reverse=True):
        reordered.add_node(graph.nodes[node_id])
    for link_id in sorted(graph.links, reverse=True):
        reordered.add_link(graph.links[link_id])

    assert to_dot(reordered, LABELS) == to_dot(graph, LABELS)


def test_it_falls_back_to_a_cheaper_layout_when_dot_runs_out_of_time():
    source = to_dot(small_map(), LABELS)
    hurried = (("dot", "", 0.00001), STAGES[-1])  # the full layout gets 0.1 ms

    svg = _layout(source, timeout=10, stages=hurried)

    assert "did not finish in 0.00 s; drawn with sfdp" in svg
    assert "node-1" in by_id(parse(svg))


def test_it_falls_back_to_the_next_layout_when_dot_fails():
    source = to_dot(small_map(), LABELS)
    broken = (("dot", "rankdir=", 0.5), STAGES[-1])  # a syntax error: dot exits with 1

    svg = _layout(source, timeout=10, stages=broken)

    assert "dot failed: Error: <stdin>" in svg and "drawn with sfdp" in svg
    assert "node-1" in by_id(parse(svg))


def test_it_raises_a_timeout_when_no_layout_finishes_in_time():
    with pytest.raises(DiagramTimeout):
        render_svg(small_map(), timeout=0.0001)


def test_a_300_node_map_is_drawn_whole_by_the_full_dot_layout():
    """Every box, no collapsing and no cheaper layout (how long it takes is measured by
    ``make bench``, not asserted here: a generous budget keeps a loaded machine out)."""
    from benchmarks.diagram_bench import build_graph

    graph, labels, link_labels = build_graph(300)

    svg = render_svg(graph, labels, link_labels=link_labels, timeout=240)

    assert "cheaper layout" not in svg
    assert "Collapsed view" not in svg
    assert len({n for n in by_id(parse(svg)) if n.startswith("node-")}) == 300


def test_edge_labels_of_a_large_map_are_placed_after_the_layout_to_keep_it_fast():
    big, small = to_dot(big_map(150)), to_dot(small_map())

    assert dot_attrs(big, "link-102").get("xlabel") == "supports"
    assert "label" not in dot_attrs(big, "link-102")
    assert dot_attrs(small, "link-12").get("label") == "relies on"
