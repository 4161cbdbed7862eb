"""The map page, its forms, the diagram and the authority matrix, as a user meets them."""

import re

import pytest
from django.core.management import call_command

from legalmap.maps.models import ArgumentMap, Event, Link, Node
from tests.factories import ArticleFactory, ClaimFactory, LinkFactory, MapFactory, PassageFactory


@pytest.fixture
def demo(db):
    for command in ("load_authorities", "load_seeds", "seed_demo"):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return ArgumentMap.objects.get(owner__username="student")


def node_with_text(argument_map, text):
    return Node.objects.get(map=argument_map, text=text)


def test_the_demo_map_evaluates_to_the_critics_conclusion(demo, client):
    client.force_login(demo.owner)
    unlawful = demo.nodes.get(kind="claim", text__startswith="The strikes had no valid")
    lawful = demo.nodes.get(kind="claim", text__startswith="The September 2 strike")
    response = client.get(f"/api/maps/{demo.pk}/evaluation/")
    labels = response.json()["labels"]
    assert (labels[str(unlawful.pk)], labels[str(lawful.pk)]) == ("IN", "OUT")
    codes = {d["code"] for d in response.json()["diagnostics"]}
    # Every passage of the demo is linked now (Petro's "murder" says violates ICCPR art. 6).
    assert "contested_authority" in codes and "unlinked_passage" not in codes


def test_the_demo_map_uses_each_of_the_four_authority_relations(demo, client):
    """Issue 14: where the seed articles do — relies on, says violates (Petro: "murder"),
    disputes applicability (the AUMF never applied to cartels), says complies (the White
    House: collective self-defence)."""
    uses = {(link.source.speaker or link.source.text[:20], link.relation,
             link.target.authority.slug)
            for link in demo.links.filter(relation__in=["relies_on", "violates", "disputes",
                                                        "complies"])
            .select_related("source", "target__authority")}
    assert {relation for _, relation, _ in uses} == {"relies_on", "violates", "disputes",
                                                     "complies"}
    assert ("Gustavo Petro", "violates", "iccpr-6") in uses
    assert ("Anna Kelly (White House)", "complies", "un-charter-51") in uses
    assert ("Adriana Marin", "disputes", "aumf-2001") in uses
    client.force_login(demo.owner)
    labels = client.get(f"/api/maps/{demo.pk}/evaluation/").json()["labels"]
    kelly = demo.nodes.get(speaker="Anna Kelly (White House)")
    petro = demo.nodes.get(speaker="Gustavo Petro")
    # The White House's compliance rests on art. 51, whose applicability the critics dispute
    # unanswered; Petro's violation claim stands, nobody saying the strike respected life.
    assert (labels[str(kelly.pk)], labels[str(petro.pk)]) == ("OUT", "IN")


def test_the_map_page_shows_conclusions_with_their_status_and_the_diagram(demo, client):
    client.force_login(demo.owner)
    page = client.get(f"/maps/{demo.pk}/").content.decode()
    conclusions = page[page.index("<h2>Conclusions</h2>"):page.index("What to fix")]
    assert re.search(r"status-in\">IN</span>\s*<a[^>]*>The strikes had no valid", conclusions)
    assert re.search(r"status-out\">OUT</span>\s*<a[^>]*>The September 2 strike", conclusions)
    assert "<svg" in page and f'id="node-{demo.nodes.first().pk}"' in page
    assert "Add claim" in page


def test_the_map_page_shows_the_key_to_the_diagram_below_it_not_inside_it(demo, client):
    client.force_login(demo.owner)
    page = client.get(f"/maps/{demo.pk}/").content.decode()

    key = page[page.index('<ul class="diagram-key"'):]
    key = key[:key.index("</ul>")]
    assert re.findall(r'<li class="key-(\w+)">', key) == [
        "supports", "attacks", "undercuts", "relies_on", "violates", "disputes", "complies"]
    assert "says violates (an authority)" in key and "bold dotted line, open box" in key
    diagram = page[page.index('id="diagram"'):page.index('<ul class="diagram-key"')]
    assert 'id="legend' not in diagram


def test_a_reviewer_sees_the_map_without_edit_controls(demo, client):
    reviewer = demo.memberships.get(role="reviewer").user
    client.force_login(reviewer)
    page = client.get(f"/maps/{demo.pk}/").content.decode()
    assert "The strikes had no valid legal basis" in page
    assert "Add claim" not in page and "Delete node" not in page


def test_a_reviewer_cannot_add_a_claim_through_the_form(demo, client):
    client.force_login(demo.memberships.get(role="reviewer").user)
    before = demo.nodes.count()
    response = client.post(f"/maps/{demo.pk}/claims/",
                           {"version": demo.version, "claim-text": "Sneaky."})
    assert response.status_code == 403
    assert demo.nodes.count() == before


def test_a_student_adds_a_claim_and_it_is_selected_on_the_page(demo, client):
    client.force_login(demo.owner)
    response = client.post(f"/maps/{demo.pk}/claims/",
                           {"version": demo.version, "claim-text": "Petro is right."})
    claim = node_with_text(demo, "Petro is right.")
    assert response.status_code == 302
    assert response.url == f"/maps/{demo.pk}/?selected=node-{claim.pk}"
    page = client.get(response.url).content.decode()
    assert "Claim added." in page and "Petro is right." in page
    assert Event.objects.filter(map=demo, verb="node.created", target_id=claim.pk).exists()


def test_a_student_links_two_nodes_by_picking_them(demo, client):
    client.force_login(demo.owner)
    petro = demo.nodes.get(kind="passage", speaker="Gustavo Petro")
    unlawful = demo.nodes.get(kind="claim", text__startswith="The strikes had no valid")
    response = client.post(f"/maps/{demo.pk}/links/", {
        "version": demo.version, "link-source": petro.pk, "link-relation": "supports",
        "link-target": unlawful.pk, "link-rationale": "A head of state calls it murder."})
    link = Link.objects.get(source=petro, target=unlawful)
    assert (response.status_code, link.relation, link.rationale) == (
        302, "supports", "A head of state calls it murder.")


def test_a_link_that_does_not_fit_the_nodes_is_refused_with_the_reason(demo, client):
    client.force_login(demo.owner)
    petro = demo.nodes.get(kind="passage", speaker="Gustavo Petro")
    unlawful = demo.nodes.get(kind="claim", text__startswith="The strikes had no valid")
    links_before = demo.links.count()
    response = client.post(f"/maps/{demo.pk}/links/", {
        "version": demo.version, "link-source": petro.pk, "link-relation": "relies_on",
        "link-target": unlawful.pk})
    assert response.status_code == 400
    assert "cannot point at a claim" in response.content.decode()
    assert demo.links.count() == links_before


def test_a_form_from_an_older_version_changes_nothing(demo, client):
    client.force_login(demo.owner)
    stale = demo.version
    client.post(f"/maps/{demo.pk}/claims/", {"version": stale, "claim-text": "First."})
    response = client.post(f"/maps/{demo.pk}/claims/", {"version": stale,
                                                         "claim-text": "Second."}, follow=True)
    assert "Someone changed this map" in response.content.decode()
    assert list(demo.nodes.filter(text__in=["First.", "Second."]).values_list(
        "text", flat=True)) == ["First."]


def test_deleting_a_node_says_how_many_links_went_with_it(demo, client):
    client.force_login(demo.owner)
    no_niac = demo.nodes.get(kind="claim", text__startswith="The cartels lack")
    response = client.post(f"/maps/{demo.pk}/nodes/{no_niac.pk}/delete",
                           {"version": demo.version}, follow=True)
    assert "Deleted, with 4 links." in response.content.decode()
    assert not Node.objects.filter(pk=no_niac.pk).exists()


def test_the_panel_of_a_node_lists_its_links_for_htmx(demo, client):
    client.force_login(demo.owner)
    kelly = demo.nodes.get(kind="passage", speaker="Anna Kelly (White House)")
    response = client.get(f"/maps/{demo.pk}/?selected=node-{kelly.pk}&panel=1",
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html  # a fragment, swapped into the side panel
    assert "collective self-defense" in html and "Anna Kelly (White House)" in html
    # The relation in words with a mark (not by colour alone; issue 14).
    assert re.search(r'→ <span class="rel-complies"><span class="rel-mark" aria-hidden="true">'
                     r'</span>says complies</span> § UN Charter art. 51', html)
    assert "Preferred semantics: rejected in every preferred extension." in html


def test_the_diagram_is_served_as_svg_for_this_version(demo, client):
    client.force_login(demo.owner)
    response = client.get(f"/maps/{demo.pk}/diagram.svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["ETag"] == f'"{demo.version}"'
    assert response.content.decode().count('id="node-') == demo.nodes.count()


def test_the_authority_matrix_counts_each_of_the_four_relations_per_article(demo, client):
    client.force_login(demo.owner)
    data = client.get(f"/api/authority-matrix/?map={demo.pk}").json()
    cells = {(c["authority"], c["article"]): (
        c["relies_on"], c["violates"], c["disputes"], c["complies"], c["speakers"])
        for c in data["cells"]}
    vox = demo.articles.get(seed_file="003_f50a8274451efd07.txt").pk
    conversation = demo.articles.get(seed_file="002_1a011125e0d69d2d.txt").pk
    bbc = demo.articles.get(seed_file="000_0d94be6b60d87f99.txt").pk
    assert cells[("un-charter-51", vox)] == (0, 0, 0, 1, ["Anna Kelly (White House)"])
    assert cells[("iccpr-6", vox)] == (0, 1, 0, 0, ["Gustavo Petro"])
    assert cells[("aumf-2001", conversation)] == (0, 0, 1, 0, ["Adriana Marin"])
    assert cells[("us-const-art-ii-2-1", bbc)] == (1, 0, 0, 0, ["Donald Trump"])


def test_the_matrix_page_lists_the_passages_of_a_cell(demo, client):
    client.force_login(demo.owner)
    page = client.get(f"/matrix/?map={demo.pk}").content.decode()
    assert "relied on the 2001 Authorization for Use" in page
    for words in ("1 disputes applicability", "1 says violates", "1 says complies",
                  "1 relies on"):
        assert words in page


# Session, user, map and members, owner, graph nodes and links, articles (twice: the
# reader links and the forms), authorities, review comments, latest verdicts (issue 6),
# the header's unread notification count:
# the same for 3 claims or 60, so no N+1.
MAP_PAGE_QUERIES = 13


def test_the_map_page_costs_the_same_queries_for_a_small_and_a_large_map(cast, client):
    article = ArticleFactory(text="word " * 2000)

    def build(n):
        argument_map = MapFactory(owner=cast["owner"], articles=[article])
        claims = [ClaimFactory(map=argument_map) for _ in range(n)]
        passages = [PassageFactory(map=argument_map, article=article, start=5 * i, length=4)
                    for i in range(n)]
        for claim, passage in zip(claims, passages, strict=True):
            LinkFactory(source=passage, target=claim)
        return argument_map

    small, large = build(3), build(60)
    client.force_login(cast["owner"])
    counts = []
    for argument_map in (small, large):
        client.get(f"/maps/{argument_map.pk}/")  # warm the diagram cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/maps/{argument_map.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts == [MAP_PAGE_QUERIES, MAP_PAGE_QUERIES]


def test_a_delete_from_an_older_version_deletes_nothing(demo, client):
    client.force_login(demo.owner)
    link = demo.links.first()
    response = client.post(f"/maps/{demo.pk}/links/{link.pk}/delete",
                           {"version": demo.version - 1}, follow=True)
    assert "nothing was deleted" in response.content.decode()
    assert Link.objects.filter(pk=link.pk).exists()
