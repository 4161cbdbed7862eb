"""Issue 14: a map with every relation — the four uses of an authority among them — comes
back from AIF and from Argdown with every relation intact; files that name a relation only
by its AIF scheme, or by the retired `invokes`/`contests`, are read in the four's names."""

import json

import pytest

from legalmap.exports import services
from legalmap.exports.formats import RENDERERS
from legalmap.maps.graph import RELATIONS
from legalmap.maps.selectors import map_graph
from tests.exports.test_import import _shape
from tests.exports.test_import_argdown import _imported, _post
from tests.factories import AuthorityFactory, AuthorityNodeFactory, ClaimFactory, LinkFactory


@pytest.fixture
def every_relation(world):
    """``world`` (a passage supports a claim and disputes UNCLOS art. 92) plus: the claim
    says the strike violates ICCPR art. 6 (with a rationale), the passage says it complies
    with art. 51 and a second claim relies on art. 51, attacks the first and undercuts its
    violation claim."""
    argument_map, passage, claim = world["map"], world["passage"], world["claim"]
    iccpr = AuthorityNodeFactory(map=argument_map, authority=AuthorityFactory(
        slug="iccpr-6", short_name="ICCPR art. 6"))
    charter = AuthorityNodeFactory(map=argument_map, authority=AuthorityFactory(
        slug="un-charter-51", short_name="UN Charter art. 51"))
    other = ClaimFactory(map=argument_map, text="The crew posed an imminent threat.")
    violates = LinkFactory(source=claim, target=iccpr, relation="violates",
                           rationale="A killing without trial.")
    LinkFactory(source=passage, target=charter, relation="complies")
    LinkFactory(source=other, target=charter, relation="relies_on")
    LinkFactory(source=other, target=claim, relation="attacks")
    LinkFactory(source=other, target=None, target_link=violates, relation="undercuts")
    return argument_map


def _relations(argument_map):
    return sorted(argument_map.links.values_list("relation", flat=True))


@pytest.mark.parametrize("fmt", ["aif", "argdown"])
def test_a_map_with_every_relation_round_trips_with_every_relation_intact(
        every_relation, api, fmt):
    assert set(_relations(every_relation)) == set(RELATIONS)
    exported = RENDERERS[fmt].render(services.export_bundle(every_relation))

    name = "map.aif.json" if fmt == "aif" else "map.argdown"
    imported = _imported(_post(api, exported, name=name))

    assert _relations(imported) == _relations(every_relation)
    assert _shape(map_graph(imported)) == _shape(map_graph(every_relation))


def test_the_demo_map_round_trips_through_aif_and_argdown_with_all_four_uses(demo, client_for):
    for fmt, name in (("aif", "map.aif.json"), ("argdown", "map.argdown")):
        exported = RENDERERS[fmt].render(services.export_bundle(demo))
        imported = _imported(_post(client_for(demo.owner), exported, name=name))
        assert {"relies_on", "violates", "disputes", "complies"} <= set(_relations(imported))
        assert _relations(imported) == _relations(demo)


def test_aif_s_nodes_named_by_scheme_alone_give_the_four_relations(every_relation, api):
    """An AIF tool that keeps the scheme names but drops our keys loses no relation."""
    doc = json.loads(RENDERERS["aif"].render(services.export_bundle(every_relation)))
    for node in doc["AIF"]["nodes"]:
        for key in [k for k in node if k.startswith("legalmap:") and node["type"] != "I"]:
            del node[key]

    imported = _imported(api.post("/api/maps/import/", doc, format="json"))

    assert _relations(imported) == _relations(every_relation)


def test_an_aif_file_with_the_retired_names_reads_them_as_relies_on_and_disputes(world, api):
    doc = json.loads(RENDERERS["aif"].render(services.export_bundle(world["map"])))
    for node in doc["AIF"]["nodes"]:
        if node.get("legalmap:relation") == "disputes":
            node |= {"legalmap:relation": "contests", "text": "Default Conflict"}
    doc["AIF"]["nodes"].append({"nodeID": "old-ra", "type": "RA", "text": "Default Inference",
                                "legalmap:relation": "invokes"})
    authority = next(n["nodeID"] for n in doc["AIF"]["nodes"]
                     if n.get("legalmap:kind") == "authority")
    claim = next(n["nodeID"] for n in doc["AIF"]["nodes"] if n.get("legalmap:kind") == "claim")
    doc["AIF"]["edges"] += [{"edgeID": 900, "fromID": authority, "toID": "old-ra"},
                            {"edgeID": 901, "fromID": "old-ra", "toID": claim}]

    imported = _imported(api.post("/api/maps/import/", doc, format="json"))

    assert _relations(imported) == ["disputes", "relies_on", "supports"]
    assert imported.links.get(relation="relies_on").source.text == "The strike was unlawful."


def test_argdown_written_with_the_retired_invokes_reads_as_relies_on(db, cast, api):
    AuthorityFactory(slug="war-powers")
    imported = _imported(_post(api, """
        [Claim 1]: The strike was unlawful. #claim
        [Authority 2]: The Act. #authority {authority: "war-powers"}
        [Claim 3]: The Act does not reach this. #claim
            -> [Authority 2]

        <Link 7>: Authority 2 invokes Claim 1. {relation: "invokes"}

        (1) [Authority 2]
        ----
        (2) [Claim 1]
        """))

    links = {(x.source.text, x.relation, x.target.authority.slug)
             for x in imported.links.select_related("source", "target__authority")}
    assert links == {("The strike was unlawful.", "relies_on", "war-powers"),
                     ("The Act does not reach this.", "disputes", "war-powers")}
    # The old exporter's default description is no rationale.
    assert set(imported.links.values_list("rationale", flat=True)) == {""}
