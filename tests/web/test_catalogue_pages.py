"""The authority catalogue pages: /authorities/ (search, filters, htmx) and one authority."""

import html
import re

import pytest

from legalmap.authorities.models import AuthorityRelation
from tests.factories import (
    ArticleFactory,
    AuthorityFactory,
    AuthorityNodeFactory,
    ClaimFactory,
    LinkFactory,
    MapFactory,
    PassageFactory,
)

pytestmark = pytest.mark.django_db


def strip_tags(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def listed(page: str) -> list[str]:
    """Short names in the results table, in order."""
    body = page[page.index("<tbody>"):page.index("</tbody>")] if "<tbody>" in page else ""
    return re.findall(r'<a href="/authorities/[^"]+/">([^<]+)</a>', body)


def groups(page: str) -> list[tuple[str, list[str]]]:
    """(relation heading, [quote or claim · stance · speaker · article · map …]) per relation
    group of a detail page, in page order."""
    out = []
    for group in re.findall(r'<section class="relation-group".*?</section>', page, re.S):
        heading = strip_tags(re.search(r"<h3.*?</h3>", group, re.S).group())
        items = [strip_tags(li) for li in
                 re.findall(r'<li class="citation-item">(.*?)</li>', group, re.S)]
        out.append((heading, items))
    return out


@pytest.fixture
def catalogue(db):
    return {
        "mdlea": AuthorityFactory(
            slug="mdlea", short_name="MDLEA", name="Maritime Drug Law Enforcement Act",
            citation="46 U.S.C. §§ 70501–70508", kind="statute", jurisdiction="us",
            aliases=["46 u.s.c. § 70503", "coast guard interdiction"]),
        "unclos-92": AuthorityFactory(
            slug="unclos-92", short_name="UNCLOS art. 92", name="UNCLOS, Article 92",
            citation="1833 U.N.T.S. 3, art. 92", kind="treaty", jurisdiction="international",
            aliases=["exclusive flag-state jurisdiction"]),
        "unclos-110": AuthorityFactory(
            slug="unclos-110", short_name="UNCLOS art. 110", name="UNCLOS, Article 110",
            citation="1833 U.N.T.S. 3, art. 110", kind="treaty",
            jurisdiction="international", aliases=["right of visit"]),
        "wpr": AuthorityFactory(
            slug="war-powers-resolution", short_name="War Powers Resolution",
            name="War Powers Resolution", citation="50 U.S.C. §§ 1541–1548", kind="statute",
            jurisdiction="us", aliases=["60-day clock"]),
    }


def test_the_list_shows_every_authority_sorted_by_short_name(client, cast, catalogue):
    client.force_login(cast["outsider"])
    page = client.get("/authorities/").content.decode()
    assert listed(page) == ["MDLEA", "UNCLOS art. 110", "UNCLOS art. 92",
                            "War Powers Resolution"]
    assert "46 U.S.C. §§ 70501–70508" in page


def test_search_finds_an_alias_containing_a_section_sign(client, cast, catalogue):
    # On SQLite the alias is stored as "\u00a7" inside the JSON text (AuthorityFilter).
    client.force_login(cast["outsider"])
    page = client.get("/authorities/", {"q": "§ 70503"}).content.decode()
    assert listed(page) == ["MDLEA"]


def test_search_matches_name_short_name_and_citation(client, cast, catalogue):
    client.force_login(cast["outsider"])
    found = {q: listed(client.get("/authorities/", {"q": q}).content.decode())
             for q in ("maritime drug", "unclos art. 11", "1541", "right of visit")}
    assert found == {"maritime drug": ["MDLEA"], "unclos art. 11": ["UNCLOS art. 110"],
                     "1541": ["War Powers Resolution"], "right of visit": ["UNCLOS art. 110"]}


def test_filters_by_kind_and_jurisdiction_together_with_search(client, cast, catalogue):
    client.force_login(cast["outsider"])
    treaties = client.get("/authorities/", {"kind": "treaty"}).content.decode()
    us_statutes = client.get("/authorities/", {"kind": "statute", "jurisdiction": "us",
                                               "q": "war"}).content.decode()
    assert listed(treaties) == ["UNCLOS art. 110", "UNCLOS art. 92"]
    assert listed(us_statutes) == ["War Powers Resolution"]
    assert '<option value="treaty" selected>' in treaties


def test_an_htmx_request_gets_only_the_results(client, cast, catalogue):
    client.force_login(cast["outsider"])
    response = client.get("/authorities/", {"q": "unclos"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<form" not in body
    assert listed(body) == ["UNCLOS art. 110", "UNCLOS art. 92"]
    assert "HX-Request" in response["Vary"]


def test_the_full_page_is_wired_for_live_results_and_works_without_js(client, cast):
    client.force_login(cast["outsider"])
    page = client.get("/authorities/").content.decode()
    form = re.search(r"<form class=\"filters\"[^>]*>", page).group()
    assert 'method="get"' in form and 'action="/authorities/"' in form
    assert 'hx-get="/authorities/"' in form and "input delay:300ms" in form
    assert all(f'<label for="authority-{name}">' in page
               for name in ("q", "kind", "jurisdiction"))


def test_an_unknown_kind_is_a_400_that_says_so(client, cast, catalogue):
    client.force_login(cast["outsider"])
    response = client.get("/authorities/", {"kind": "decree"})
    assert response.status_code == 400
    assert "Select a valid choice. decree is not one of the available choices." in (
        response.content.decode())
    assert listed(response.content.decode()) == []


def test_the_detail_page_shows_the_authority_and_its_official_link(client, cast, catalogue):
    authority = catalogue["unclos-92"]
    authority.url = "https://www.un.org/depts/los/convention_agreements/texts/unclos/unclos_e.pdf"
    authority.verified, authority.verification_note = False, "Awaiting a check of the UNTS."
    authority.save()
    client.force_login(cast["outsider"])
    page = client.get("/authorities/unclos-92/").content.decode()
    facts = strip_tags(page[page.index('<dl class="facts">'):page.index("</dl>")])
    assert facts == (
        "Citation 1833 U.N.T.S. 3, art. 92 Kind Treaty provision Jurisdiction International "
        "Verified Not verified Awaiting a check of the UNTS. Official text Read the official "
        "source (opens in a new tab) Also called exclusive flag-state jurisdiction")
    assert (f'<a href="{authority.url}" target="_blank" rel="noopener">') in page


def test_an_unknown_slug_is_404(client, cast):
    client.force_login(cast["owner"])
    assert client.get("/authorities/no-such-thing/").status_code == 404


def test_relations_read_in_words_from_both_ends(client, cast, catalogue):
    AuthorityRelation.objects.create(source=catalogue["unclos-110"],
                                     target=catalogue["unclos-92"], relation="exception_to")
    AuthorityRelation.objects.create(source=catalogue["wpr"], target=catalogue["unclos-92"],
                                     relation="limits")
    client.force_login(cast["outsider"])

    def relations(slug):
        page = client.get(f"/authorities/{slug}/").content.decode()
        block = re.search(r'<ul class="relations">(.*?)</ul>', page, re.S).group(1)
        return [strip_tags(li) for li in re.findall(r"<li>(.*?)</li>", block, re.S)]

    assert relations("unclos-92") == ["UNCLOS art. 110 is an exception to this",
                                      "War Powers Resolution limits this"]
    assert relations("unclos-110") == ["This is an exception to UNCLOS art. 92"]
    page = client.get("/authorities/unclos-110/").content.decode()
    assert '<a href="/authorities/unclos-92/">UNCLOS art. 92</a>' in page


def _cite(argument_map, article, authority_node, *, start, length, relation, speaker,
          stance="critique"):
    passage = PassageFactory(map=argument_map, article=article, start=start, length=length,
                             speaker=speaker, stance=stance)
    return LinkFactory(source=passage, target=authority_node, relation=relation)


def _claim(argument_map, authority_node, text, relation):
    claim = ClaimFactory(map=argument_map, text=text)
    return LinkFactory(source=claim, target=authority_node, relation=relation)


def test_passages_and_claims_are_grouped_by_relation_in_words(client, world):
    """All four relations, each under its words, in the order the four are always listed;
    passages by their article (newest first), then claims."""
    node, argument_map = world["authority_node"], world["map"]
    later = ArticleFactory(title="Later article", published="2025-10-01")
    argument_map.articles.add(later)
    first = world["article"]
    _cite(argument_map, later, node, start=0, length=10, relation="complies",
          speaker="A spokesman", stance="justification")
    _cite(argument_map, first, node, start=20, length=8, relation="violates", speaker="Petro")
    _claim(argument_map, node, "The strike breached the flag state's jurisdiction.",
           "violates")
    _cite(argument_map, later, node, start=20, length=8, relation="violates", speaker="")
    _claim(argument_map, node, "Art. 92 is what the operation rests on.", "relies_on")
    # Not a use of the authority: a support between two nodes of the map.
    LinkFactory(source=world["claim"], target=world["passage"], relation="supports")
    client.force_login(world["owner"])

    page = client.get("/authorities/unclos-92/").content.decode()

    text = later.text
    assert groups(page) == [
        ("Relies on (1)", ["Art. 92 is what the operation rests on. Claim · in Boat strikes"]),
        ("Says violates (3)", [
            f"“{text[20:28]}” Critique · Later article · Test Wire, 1 Oct 2025 · in Boat strikes",
            f"“{first.text[20:28]}” Critique · Petro · {first.title} · Test Wire · in Boat strikes",
            "The strike breached the flag state's jurisdiction. Claim · in Boat strikes"]),
        ("Disputes applicability (1)", [
            f"“{first.text[4:10]}” Critique · {first.title} · Test Wire · in Boat strikes"]),
        ("Says complies (1)", [
            f"“{text[:10]}” Justification · A spokesman · Later article · Test Wire, 1 Oct 2025 "
            "· in Boat strikes"]),
    ]
    assert "Passages and claims that use it (6)" in strip_tags(page)
    for relation in ("relies_on", "violates", "disputes", "complies"):
        assert f'<span class="rel-{relation}"><span class="rel-mark" aria-hidden="true">' in page
    passage = world["passage"]
    assert f'href="/maps/{argument_map.pk}/?selected=node-{passage.pk}"' in page
    assert f'href="/articles/{first.pk}/"' in page


def test_a_relation_nobody_uses_gets_no_group(client, world):
    client.force_login(world["owner"])
    page = client.get("/authorities/unclos-92/").content.decode()
    assert [heading for heading, _ in groups(page)] == ["Disputes applicability (1)"]


def test_an_outsider_does_not_see_passages_of_maps_they_cannot_see(client, world):
    _claim(world["map"], world["authority_node"], "Alice's unpublished claim.", "relies_on")
    client.force_login(world["outsider"])
    page = client.get("/authorities/unclos-92/").content.decode()
    assert groups(page) == []
    assert ("No passage or claim in the maps you can see relies on it, says it is violated "
            "or complied with, or disputes it yet.") in page
    assert world["passage"].quote not in page
    assert "Alice's unpublished claim." not in page


def test_an_outsider_sees_passages_of_their_own_map_only(client, world):
    own = MapFactory(owner=world["outsider"], title="Dave's map", articles=[world["article"]])
    node = AuthorityNodeFactory(map=own, authority=world["authority"])
    _cite(own, world["article"], node, start=20, length=8, relation="relies_on", speaker="Dave")
    client.force_login(world["outsider"])
    page = client.get("/authorities/unclos-92/").content.decode()
    text, title = world["article"].text, world["article"].title
    assert groups(page) == [
        ("Relies on (1)",
         [f"“{text[20:28]}” Critique · Dave · {title} · Test Wire · in Dave's map"])]


RELATIONS = ["relies_on", "violates", "disputes", "complies"]


def _populate(owner, authority, *, maps, articles, per_article):
    """Per map: ``per_article`` passages in each of ``articles`` articles and as many claims,
    cycling through the four relations."""
    for m in range(maps):
        argument_map = MapFactory(owner=owner)
        node = AuthorityNodeFactory(map=argument_map, authority=authority)
        for a in range(articles):
            article = ArticleFactory(published=f"2025-09-{a + 1:02d}")
            for p in range(per_article):
                _cite(argument_map, article, node, start=p * 3, length=3,
                      relation=RELATIONS[p % 4], speaker=f"S{m}{a}{p}")
        for p in range(per_article):
            _claim(argument_map, node, f"Claim {m}.{p}", RELATIONS[(p + 1) % 4])


@pytest.mark.parametrize("size", [(1, 1, 1), (4, 5, 6)], ids=["one-passage", "144-uses"])
def test_the_detail_page_costs_the_same_queries_however_many_passages(
        client, cast, django_assert_num_queries, size):
    authority = AuthorityFactory(slug="unclos-92")
    other = AuthorityFactory(slug="unclos-110")
    AuthorityRelation.objects.create(source=other, target=authority, relation="exception_to")
    AuthorityRelation.objects.create(source=authority, target=other, relation="limits")
    maps, articles, per_article = size
    _populate(cast["owner"], authority, maps=maps, articles=articles, per_article=per_article)
    client.force_login(cast["owner"])
    # session, user, authority, relations out, relations in, the passages and claims using
    # it (all four relations, one query), the header's unread notification count
    with django_assert_num_queries(7):
        response = client.get("/authorities/unclos-92/")
    page = response.content.decode()
    assert page.count('<li class="citation-item">') == maps * (articles + 1) * per_article
    assert len(groups(page)) == min(4, per_article + 1)
