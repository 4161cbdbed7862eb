"""Each format, rendered from the demo map (with a review added), read back and checked."""

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from legalmap.exports import services
from legalmap.exports.formats import RENDERERS, aif, webanno
from legalmap.maps.graph import ATTACKS, DISPUTES, INFERENCE_RELATIONS, UNDERCUTS

ARGDOWN = Path(__file__).resolve().parents[2] / ".cache-npm" / "node_modules" / ".bin" / "argdown"


@pytest.fixture
def bundle(demo):
    return services.export_bundle(demo)


def _count(graph, *relations):
    return sum(link.relation in relations for link in graph.links.values())


# --- AIF -------------------------------------------------------------------------------------

def test_aif_has_an_i_node_per_node_and_an_s_node_per_link(bundle):
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    types = [n["type"] for n in doc["nodes"]]

    assert types.count("I") == len(bundle.graph.nodes)
    assert types.count("RA") == _count(bundle.graph, *INFERENCE_RELATIONS)
    assert types.count("CA") == _count(bundle.graph, ATTACKS, DISPUTES, UNDERCUTS)


def test_aif_obeys_the_core_ontology(bundle):
    """No I→I edge; every S-node has a predecessor and a successor (FORMATS.md §5.1)."""
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    kind = {n["nodeID"]: n["type"] for n in doc["nodes"]}
    edges = [(e["fromID"], e["toID"]) for e in doc["edges"]]

    assert all(src in kind and dst in kind for src, dst in edges)
    assert [e for e in edges if kind[e[0]] == kind[e[1]] == "I"] == []
    for node_id, node_type in kind.items():
        if node_type in ("RA", "CA", "YA"):
            assert any(dst == node_id for _, dst in edges), node_id
            assert any(src == node_id for src, _ in edges), node_id


def test_aif_undercut_is_a_ca_pointing_at_the_ra_it_undercuts(bundle):
    undercut = next(x for x in bundle.graph.links.values() if x.relation == UNDERCUTS)
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    edges = {(e["fromID"], e["toID"]) for e in doc["edges"]}

    assert (aif.node_id(undercut.source), aif.s_node_id(undercut.id)) in edges
    assert (aif.s_node_id(undercut.id), aif.s_node_id(undercut.target_link)) in edges


@pytest.mark.parametrize(("relation", "scheme"), [
    ("relies_on", "Relies On Authority"), ("violates", "Says Violates Authority"),
    ("complies", "Says Complies With Authority")])
def test_aif_authority_is_the_premise_of_the_ra_named_for_the_relation(bundle, relation, scheme):
    use = next(x for x in bundle.graph.links.values() if x.relation == relation)
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    edges = {(e["fromID"], e["toID"]) for e in doc["edges"]}
    s_node = next(n for n in doc["nodes"] if n["nodeID"] == aif.s_node_id(use.id))

    assert (aif.node_id(use.target), aif.s_node_id(use.id)) in edges
    assert (aif.s_node_id(use.id), aif.node_id(use.source)) in edges
    assert (s_node["type"], s_node["text"], s_node["legalmap:relation"]) == (
        "RA", scheme, relation)


def test_aif_a_dispute_is_a_ca_named_disputes_applicability_aimed_at_the_authority(bundle):
    dispute = next(x for x in bundle.graph.links.values() if x.relation == DISPUTES)
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    edges = {(e["fromID"], e["toID"]) for e in doc["edges"]}
    s_node = next(n for n in doc["nodes"] if n["nodeID"] == aif.s_node_id(dispute.id))

    assert (aif.node_id(dispute.source), aif.s_node_id(dispute.id)) in edges
    assert (aif.s_node_id(dispute.id), aif.node_id(dispute.target)) in edges
    assert (s_node["type"], s_node["text"]) == ("CA", "Disputes Applicability")


def test_aif_speakers_are_participants_with_locutions_anchored_by_ya(bundle):
    doc = json.loads(RENDERERS["aif"].render(bundle))["AIF"]
    spoken = [n for n in bundle.graph.nodes.values() if n.kind == "passage" and n.speaker]
    edges = {(e["fromID"], e["toID"]) for e in doc["edges"]}

    assert {p["firstname"] for p in doc["participants"]} == {n.speaker for n in spoken}
    assert len(doc["locutions"]) == len(spoken)
    for node in spoken:
        assert (f"l{node.id}", f"ya{node.id}") in edges
        assert (f"ya{node.id}", aif.node_id(node.id)) in edges


def test_aif_keeps_offsets_citations_and_review_in_namespaced_keys(bundle):
    doc = json.loads(RENDERERS["aif"].render(bundle))
    nodes = {n["nodeID"]: n for n in doc["AIF"]["nodes"]}
    passage = next(n for n in bundle.graph.nodes.values() if n.kind == "passage")
    authority = next(n for n in bundle.graph.nodes.values() if n.kind == "authority")
    anchor = bundle.anchors[passage.id]

    assert nodes[aif.node_id(passage.id)]["legalmap:offsets"] == {
        "article": passage.article_id, "start": anchor.start, "end": anchor.end}
    assert nodes[aif.node_id(authority.id)]["legalmap:citation"] == authority.citation
    assert [v["value"] for v in doc["legalmap:verdicts"]] == ["needs_authority", "sound"]
    assert [c["body"] for c in doc["legalmap:comments"]] == [
        "Does the AUMF reach cartels at all?", "Only if they are associated forces."]


# --- Argdown ---------------------------------------------------------------------------------

def test_argdown_has_a_statement_per_node_and_an_argument_per_inference(bundle):
    text = RENDERERS["argdown"].render(bundle).decode()

    for node in bundle.graph.nodes.values():
        assert text.count(f"\n[{node.kind.title()} {node.id}]: ") == 1
    assert text.count("\n<Link ") == _count(bundle.graph, *INFERENCE_RELATIONS)


@pytest.mark.skipif(not ARGDOWN.exists() or not shutil.which("node"),
                    reason="@argdown/cli is not installed: run `npm install --prefix "
                           ".cache-npm @argdown/cli@1.7.5` (see .ci/run)")
def test_argdown_parses_with_the_reference_parser(bundle, tmp_path):
    source = tmp_path / "map.argdown"
    source.write_bytes(RENDERERS["argdown"].render(bundle))

    run = subprocess.run([str(ARGDOWN), "json", str(source), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr
    model = json.loads((tmp_path / "map.json").read_text())
    graph = bundle.graph
    assert len(model["statements"]) == len(graph.nodes)
    assert len(model["arguments"]) == _count(graph, *INFERENCE_RELATIONS)
    relations = [r["relationType"] for r in model["relations"]]
    assert relations.count("undercut") == _count(graph, UNDERCUTS)
    assert relations.count("attack") == _count(graph, ATTACKS, DISPUTES)
    authority = next(n for n in graph.nodes.values() if n.kind == "authority")
    member = model["statements"][f"Authority {authority.id}"]["members"][0]
    assert member["data"]["citation"] == authority.citation


def test_argdown_escapes_syntax_in_quotes():
    from legalmap.exports.formats.argdown import plain

    assert plain("see [Title] <Arg> #tag {a: 1} @x //c /*d*/ a_b *e*") == \
        "see (Title) ‹Arg› №tag (a: 1) ＠x ∕/c /∗d∗/ a‗b ∗e∗"


# --- W3C Web Annotation ------------------------------------------------------------------------

MOTIVATIONS = ["assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning",
               "replying", "tagging"]
# The MUSTs of the W3C suite (annotationMusts, specificResource 4.2.4 / 4.2.5), written down
# from FORMATS.md §5.3: the suite's own schemas are not published on npm or PyPI.
ANNOTATION_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "target"],
    "not": {"required": ["body", "bodyValue"]},
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "id": {"type": "string", "format": "uri", "pattern": "^[a-z][a-z0-9+.-]*:"},
        "type": {"const": "Annotation"},
        "motivation": {"enum": MOTIVATIONS},
        "created": {"type": "string", "format": "date-time"},
        "body": {"type": "array", "items": {
            "type": "object", "required": ["type"],
            "properties": {"purpose": {"enum": MOTIVATIONS},
                           "type": {"enum": ["TextualBody", "SpecificResource"]}},
            "if": {"properties": {"type": {"const": "TextualBody"}}},
            "then": {"required": ["value"]}, "else": {"required": ["source"]}}},
        "target": {
            "type": "object", "required": ["source", "selector"],
            "properties": {
                "source": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:"},
                "selector": {"type": "array", "minItems": 2, "items": {"oneOf": [
                    {"type": "object", "required": ["type", "exact"], "properties": {
                        "type": {"const": "TextQuoteSelector"}, "exact": {"type": "string"},
                        "prefix": {"type": "string"}, "suffix": {"type": "string"}}},
                    {"type": "object", "required": ["type", "start", "end"], "properties": {
                        "type": {"const": "TextPositionSelector"},
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0}}},
                ]}}}},
    },
}


def test_web_annotation_one_valid_annotation_per_passage(bundle):
    doc = json.loads(RENDERERS["webanno"].render(bundle))
    items = doc["first"]["items"]
    passages = [n for n in bundle.graph.nodes.values() if n.kind == "passage"]

    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(passages)
    assert len(items) == len(passages)
    for item in items:
        jsonschema.validate(item, ANNOTATION_SCHEMA,
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_web_annotation_selectors_match_the_passage(bundle):
    passage = next(n for n in bundle.graph.nodes.values() if n.kind == "passage")
    anchor, article = bundle.anchors[passage.id], bundle.articles[passage.article_id]
    item = next(a for a in webanno.annotations(bundle) if a["id"].endswith(
        f"/nodes/{passage.id}/#annotation"))

    assert item["target"] == {"type": "SpecificResource", "source": article.url, "selector": [
        {"type": "TextQuoteSelector", "exact": passage.text, "prefix": anchor.prefix,
         "suffix": anchor.suffix},
        {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}]}
    assert item["body"][0] == {"type": "TextualBody", "purpose": "classifying",
                               "value": passage.stance, "format": "text/plain"}


@pytest.mark.parametrize(("relation", "words"), [
    ("relies_on", "relies on"), ("violates", "says violates"),
    ("disputes", "disputes applicability"), ("complies", "says complies")])
def test_web_annotation_links_each_authority_a_passage_uses_with_the_relation(
        bundle, relation, words):
    graph = bundle.graph
    link = next(x for x in graph.links.values()
                if x.relation == relation and graph.nodes[x.source].kind == "passage")
    item = next(a for a in webanno.annotations(bundle)
                if a["id"].endswith(f"/nodes/{link.source}/#annotation"))

    assert {"type": "SpecificResource", "purpose": "linking",
            "source": bundle.authority_urls[link.target], "legalmap:relation": relation,
            "legalmap:relationLabel": words,
            "legalmap:citation": graph.nodes[link.target].citation} in item["body"]


# --- CSV and SVG -----------------------------------------------------------------------------

def test_csv_has_a_row_per_link_with_its_verdicts(bundle):
    text = RENDERERS["csv"].render(bundle).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    first = next(iter(bundle.graph.links.values()))

    assert rows[0] == ["link", "source", "relation", "target", "rationale", "verdicts"]
    assert len(rows) == 1 + len(bundle.graph.links)
    assert rows[1][:3] == [str(first.id), bundle.graph.nodes[first.source].text, first.relation]
    assert rows[1][5] == "reviewer: needs_authority — Which statute says so?"
    assert rows[2][5] == "reviewer: sound"


def test_svg_is_a_standalone_svg_document(bundle):
    text = RENDERERS["svg"].render(bundle).decode()

    assert text.startswith('<?xml version="1.0" encoding="UTF-8"')
    assert "<svg" in text and 'xmlns="http://www.w3.org/2000/svg"' in text


def test_the_svg_file_carries_the_key_under_the_diagram(bundle):
    root = ET.fromstring(RENDERERS["svg"].render(bundle))

    key = next(el for el in root.iter() if el.get("id") == "key")
    words = " ".join("".join(t.itertext()) for t in key.iter("{http://www.w3.org/2000/svg}text"))
    assert "says violates (an authority)" in words and "open diamond" in words
    assert not [el for el in root.iter() if (el.get("id") or "").startswith("legend")]


def test_the_svg_and_pdf_diagrams_carry_the_review_marks_of_the_map_page(bundle):
    """The first link has an open thread and a "needs authority" verdict, the second a
    "sound" one: the exported diagram says so, as the map page's does."""
    first, second = sorted(bundle.graph.links)[:2]
    text = RENDERERS["svg"].render(bundle).decode()
    edge = re.search(rf'<g id="link-{first}" class="([^"]*)".*?</g>\s*</g>', text, re.S)
    assert "open-threads" in edge.group(1)
    assert "needs authority" in edge.group(0)
    assert "sound" in re.search(rf'<g id="link-{second}" .*?</g>\s*</g>', text, re.S).group(0)
    assert bundle.diagram_marks() == {
        "open_threads": {first: 1},
        "verdicts": {first: [("needs_authority", "reviewer")], second: [("sound", "reviewer")]}}
