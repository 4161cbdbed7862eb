"""Bad input to the maps API: a 400 whose body names the field, and nothing written.

Every refused write goes through ``attempt``, which also checks that the maps, nodes,
links and events are exactly as they were (row for row, version included).
"""

import pytest

from legalmap.maps.models import ArgumentMap, Event, Link, Node
from tests.conftest import if_match
from tests.factories import ArticleFactory, ClaimFactory

ARTICLE_CHARS = 174  # len(tests.factories.ARTICLE_TEXT)


def nodes_url(world, node=None):
    return f"/api/maps/{world['map'].pk}/nodes/" + (f"{node.pk}/" if node else "")


def links_url(world, link=None):
    return f"/api/maps/{world['map'].pk}/links/" + (f"{link.pk}/" if link else "")


def passage(world, **fields):
    """A valid passage quoting "hit a vessel" (offsets 11–23), with ``fields`` changed."""
    return {"kind": "passage", "article": world["article"].pk, "start": 11, "end": 23,
            "quote": "hit a vessel", "stance": "fact"} | fields


def stored():
    return {
        "maps": list(ArgumentMap.objects.order_by("id").values()),
        "nodes": list(Node.objects.order_by("id").values()),
        "links": list(Link.objects.order_by("id").values()),
        "events": Event.objects.count(),
    }


@pytest.fixture
def attempt(world, api):
    """Alice sends a write with the map's current ETag; the database must not change."""

    def send(method, url, body):
        before = stored()
        response = getattr(api, method)(url, body, format="json", **if_match(world["map"]))
        assert stored() == before
        return response

    return send


# --- passage spans ---------------------------------------------------------------------


def test_it_rejects_a_span_that_ends_past_the_end_of_the_article(world, attempt):
    body = passage(world, start=168, end=ARTICLE_CHARS + 1, quote="one said.")

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"end": ["Out of range: the article has 174 characters."]}


def test_it_rejects_a_negative_start(world, attempt):
    response = attempt("post", nodes_url(world), passage(world, start=-1))

    assert response.status_code == 400
    assert response.json() == {"start": ["Ensure this value is greater than or equal to 0."]}


@pytest.mark.parametrize("start", [23, 24], ids=["empty", "backwards"])
def test_it_rejects_a_span_that_does_not_start_before_it_ends(world, attempt, start):
    response = attempt("post", nodes_url(world), passage(world, start=start, end=23))

    assert response.status_code == 400
    assert response.json() == {"end": ["Must be greater than start."]}


def test_it_rejects_a_quote_that_does_not_match_the_text(world, attempt):
    body = passage(world, quote="hit a VESSEL")

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"quote": ["Does not match the article text at these offsets."]}


def test_it_rejects_a_passage_without_a_quote(world, attempt):
    body = passage(world)
    del body["quote"]

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"quote": ["This field is required for a passage."]}


def test_it_rejects_a_passage_of_an_article_the_map_does_not_draw_on(world, attempt):
    elsewhere = ArticleFactory()

    response = attempt("post", nodes_url(world), passage(world, article=elsewhere.pk))

    assert response.status_code == 400
    assert response.json() == {"article": ["This article is not one of the map's articles."]}


def test_it_rejects_an_unknown_article(world, attempt):
    response = attempt("post", nodes_url(world), passage(world, article=999_999))

    assert response.status_code == 400
    assert response.json() == {"article": ["No article with id 999999."]}


def test_it_keeps_a_passage_as_it_was_when_an_edit_breaks_its_span(world, attempt):
    # The stored passage quotes "strike" (4–10); moving its end leaves the quote behind.
    response = attempt("patch", nodes_url(world, world["passage"]), {"end": 14})

    assert response.status_code == 400
    assert response.json() == {"quote": ["Does not match the article text at these offsets."]}


def test_it_counts_offsets_in_code_points_past_emoji_and_combining_marks(world, api):
    # given an article where "é" is e + U+0301 and a boat emoji lies outside the BMP
    text = "🚤 At the cafe\u0301, one said: “The cafe\u0301 🚤 was hit.” End."
    article = ArticleFactory(text=text)
    world["map"].articles.add(article)
    quote = "The cafe\u0301 🚤 was hit."
    # code points: 27 and 47 (UTF-16 would say 28; NFC would say 26)
    body = {"kind": "passage", "article": article.pk, "start": 27, "end": 47, "quote": quote,
            "stance": "fact"}

    response = api.post(nodes_url(world), body, format="json", **if_match(world["map"]))

    assert response.status_code == 201, response.json()
    node = Node.objects.get(pk=response.json()["id"])
    assert (node.start, node.end, node.quote, node.prefix, node.suffix) == (
        27, 47, quote, "🚤 At the cafe\u0301, one said: “", "” End.")
    assert response.json()["quote"] == quote


def test_it_rejects_offsets_counted_in_utf16_units(world, attempt):
    text = "🚤 At the cafe\u0301, one said: “The cafe\u0301 🚤 was hit.” End."
    article = ArticleFactory(text=text)
    world["map"].articles.add(article)
    body = passage(world, article=article.pk, start=28, end=49, quote="The cafe\u0301 🚤 was hit.")

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"quote": ["Does not match the article text at these offsets."]}


# --- links -----------------------------------------------------------------------------


def test_it_answers_a_target_in_another_map_as_if_it_did_not_exist(world, attempt):
    # given a claim in a map Alice cannot even see, and an id nobody has
    foreign = ClaimFactory()
    body = {"source": world["passage"].pk, "relation": "attacks"}

    foreign_response = attempt("post", links_url(world), body | {"target": foreign.pk})
    missing_response = attempt("post", links_url(world), body | {"target": 999_999})

    assert (foreign_response.status_code, missing_response.status_code) == (400, 400)
    assert foreign_response.json() == {"target": ["Must be a node of this map."]}
    assert missing_response.json() == foreign_response.json()


def test_it_rejects_a_link_from_a_node_to_itself(world, attempt):
    claim = world["claim"].pk

    response = attempt("post", links_url(world),
                       {"source": claim, "target": claim, "relation": "attacks"})

    assert response.status_code == 400
    assert response.json() == {"target": ["A node cannot link to itself."]}


def test_it_rejects_a_link_that_already_exists(world, attempt):
    body = {"source": world["passage"].pk, "target": world["claim"].pk, "relation": "supports"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"target": ["This link already exists."]}


def test_it_rejects_invokes_pointing_at_a_claim(world, attempt):
    body = {"source": world["passage"].pk, "target": world["claim"].pk, "relation": "relies_on"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {
        "relation": ["'relies_on' cannot point at a claim (allowed: authority)."]}


def test_it_rejects_supports_pointing_at_an_authority(world, attempt):
    body = {"source": world["claim"].pk, "target": world["authority_node"].pk,
            "relation": "supports"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {
        "relation": ["'supports' cannot point at an authority (allowed: claim, passage)."]}


def test_it_rejects_an_authority_invoking_anything(world, attempt):
    body = {"source": world["authority_node"].pk, "target": world["claim"].pk,
            "relation": "relies_on"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {
        "relation": ["An authority cannot be the source of 'relies_on' (allowed: claim, passage)."]}


def test_it_rejects_an_unknown_relation(world, attempt):
    body = {"source": world["claim"].pk, "target": world["passage"].pk, "relation": "refutes"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"relation": ['"refutes" is not a valid choice.']}


def test_it_refuses_a_relation_change_that_does_not_fit_the_nodes(world, attempt):
    # passage → claim may support, but only an authority can be invoked
    response = attempt("patch", links_url(world, world["support"]), {"relation": "relies_on"})

    assert response.status_code == 400
    assert response.json() == {
        "relation": ["'relies_on' cannot point at a claim (allowed: authority)."]}


# --- authorities -----------------------------------------------------------------------


def test_it_rejects_an_unknown_authority_slug(world, attempt):
    body = {"kind": "authority", "authority": "no-such-treaty"}

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"authority": ["No authority with slug 'no-such-treaty'."]}


def test_it_rejects_a_second_node_for_the_same_authority(world, attempt):
    body = {"kind": "authority", "authority": world["authority"].slug}

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {
        "authority": ["This map already has a node for this authority."]}


# --- shape: unknown fields, wrong types, oversize text ---------------------------------


def test_it_rejects_unknown_fields(world, attempt):
    body = {"kind": "claim", "text": "x", "colour": "red"}

    response = attempt("post", nodes_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"colour": ["Unknown field."]}


def test_it_rejects_a_start_that_is_not_a_number(world, attempt):
    response = attempt("post", nodes_url(world), passage(world, start="abc"))

    assert response.status_code == 400
    assert response.json() == {"start": ["A valid integer is required."]}


def test_it_rejects_a_link_source_that_is_not_a_node_id(world, attempt):
    body = {"source": "x", "target": world["claim"].pk, "relation": "attacks"}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {"source": ["Must be a node id (an integer)."]}


def test_it_rejects_a_map_title_that_is_not_a_string(world, attempt):
    response = attempt("post", "/api/maps/", {"title": ["Boat", "strikes"]})

    assert response.status_code == 400
    assert response.json() == {"title": ["Not a valid string."]}


def test_it_rejects_a_claim_longer_than_2000_characters(world, attempt):
    response = attempt("post", nodes_url(world), {"kind": "claim", "text": "x" * 2001})

    assert response.status_code == 400
    assert response.json() == {"text": ["Ensure this field has no more than 2000 characters."]}


def test_it_rejects_a_map_title_longer_than_200_characters(world, attempt):
    response = attempt("patch", f"/api/maps/{world['map'].pk}/", {"title": "t" * 201})

    assert response.status_code == 400
    assert response.json() == {"title": ["Ensure this field has no more than 200 characters."]}


def test_it_rejects_a_rationale_longer_than_5000_characters(world, attempt):
    body = {"source": world["claim"].pk, "target": world["passage"].pk, "relation": "attacks",
            "rationale": "r" * 5001}

    response = attempt("post", links_url(world), body)

    assert response.status_code == 400
    assert response.json() == {
        "rationale": ["Ensure this field has no more than 5000 characters."]}


# --- fields that never change ----------------------------------------------------------


def test_it_refuses_to_change_a_nodes_kind(world, attempt):
    response = attempt("patch", nodes_url(world, world["claim"]), {"kind": "passage"})

    assert response.status_code == 400
    assert response.json() == {"kind": ["Cannot be changed on a claim node."]}


def test_it_refuses_to_change_a_links_source(world, attempt):
    response = attempt("patch", links_url(world, world["support"]),
                       {"source": world["claim"].pk})

    assert response.status_code == 400
    assert response.json() == {"source": ["Cannot be changed; delete the link."]}
