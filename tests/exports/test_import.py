"""AIF import: export → import gives back the same graph; malformed files get a 400 naming
the node or edge at fault."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legalmap.exports import services
from legalmap.exports.formats import RENDERERS
from legalmap.maps.models import ArgumentMap
from legalmap.maps.selectors import map_graph


def _shape(graph):
    """The graph without its ids: nodes by (kind, text), links by what they join."""
    def node(pk):
        n = graph.nodes[pk]
        return (n.kind, n.text, n.speaker, n.citation)

    def link(x):
        target = link(graph.links[x.target_link]) if x.relation == "undercuts" else node(x.target)
        return (node(x.source), x.relation, target, x.rationale)

    return sorted(map(node, graph.nodes)), sorted(map(link, graph.links.values()), key=repr)


def test_aif_export_then_import_gives_back_the_same_graph(demo, client_for):
    exported = RENDERERS["aif"].render(services.export_bundle(demo))
    upload = SimpleUploadedFile("map.aif.json", exported, content_type="application/json")

    response = client_for(demo.owner).post("/api/maps/import/", {"file": upload},
                                           format="multipart")

    assert response.status_code == 201, response.json()
    imported = ArgumentMap.objects.get(pk=response.json()["id"])
    assert imported.title == demo.title and imported.owner == demo.owner
    assert _shape(map_graph(imported)) == _shape(map_graph(demo))


def test_a_plain_ova_file_imports_as_claims(db, cast, api):
    ova = {"AIF": {"nodes": [
        {"nodeID": "1_a", "text": "Strikes are lawful.", "type": "I"},
        {"nodeID": "2_a", "text": "Cartels are armed groups.", "type": "I"},
        {"nodeID": "3_a", "text": "Default Inference", "type": "RA"},
        {"nodeID": "4_a", "text": "No armed conflict exists.", "type": "I"},
        {"nodeID": "5_a", "text": "Default Conflict", "type": "CA"}],
        "edges": [{"edgeID": 1, "fromID": "2_a", "toID": "3_a"},
                  {"edgeID": 2, "fromID": "3_a", "toID": "1_a"},
                  {"edgeID": 3, "fromID": "4_a", "toID": "5_a"},
                  {"edgeID": 4, "fromID": "5_a", "toID": "3_a"}]}}

    response = api.post("/api/maps/import/?title=From OVA", ova, format="json")

    assert response.status_code == 201, response.json()
    graph = map_graph(ArgumentMap.objects.get(pk=response.json()["id"]))
    texts = {n.id: n.text for n in graph.nodes.values()}
    links = sorted((texts[x.source], x.relation) for x in graph.links.values())
    assert links == [("Cartels are armed groups.", "supports"),
                     ("No armed conflict exists.", "undercuts")]
    assert response.json()["title"] == "From OVA"


@pytest.mark.parametrize(("aif", "message"), [
    ({"nodes": "x"}, 'This is not AIF JSON: expected "nodes" and "edges" lists (at the top '
                     'level or under "AIF").'),
    ({"nodes": [{"nodeID": "1", "text": "A", "type": "I"}, {"nodeID": "2", "text": "B",
                                                           "type": "I"}],
      "edges": [{"edgeID": 7, "fromID": "1", "toID": "2"}]},
     'Edge 7 joins I-node "1" to I-node "2" directly; AIF needs an RA or CA node between them.'),
    ({"nodes": [{"nodeID": "1", "text": "A", "type": "I"}],
      "edges": [{"edgeID": 3, "fromID": "1", "toID": "9"}]},
     'Edge 3 refers to node "9", which is not in the file.'),
    ({"nodes": [{"nodeID": "1", "text": "A", "type": "I"}, {"nodeID": "r", "text": "RA",
                                                           "type": "RA"}],
      "edges": [{"edgeID": 1, "fromID": "1", "toID": "r"}]},
     'Node "r" (RA) must point at exactly one node; it points at 0.'),
    ({"nodes": [{"nodeID": "1", "text": " ", "type": "I"}], "edges": []},
     'Node "1" (I) has no text.'),
    ({"nodes": [{"nodeID": "1", "text": "A", "type": "XX"}], "edges": []},
     'Node "1" has an unknown type "XX".'),
])
def test_a_malformed_file_is_refused_naming_the_node(db, cast, api, aif, message):
    response = api.post("/api/maps/import/", aif, format="json")

    assert response.status_code == 400
    assert response.json() == {"file": [message]}
    assert ArgumentMap.objects.count() == 0


def test_a_file_that_is_not_json_is_refused(db, cast, api):
    upload = SimpleUploadedFile("map.json", b"{nope", content_type="application/json")

    response = api.post("/api/maps/import/", {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("This file is not JSON: ")
