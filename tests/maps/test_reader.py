"""The article reader inside a map: the text exactly, the passages, and their JSON writes."""

import html
import re

import pytest
from django.core.exceptions import ValidationError

from legalmap.analysis.models import Suggestion
from legalmap.analysis.services import suggestions_compute
from legalmap.maps import reader, services
from legalmap.maps.models import ArgumentMap, Event, Link, Node
from tests.conftest import if_match
from tests.factories import ArticleFactory, AuthorityFactory, PassageFactory


def reader_url(w, article=None):
    return f"/maps/{w['map'].pk}/articles/{(article or w['article']).pk}/"


def text_of(page: str) -> str:
    """What the browser's DOM text of #article-text will be: tags stripped, entities read."""
    body = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_the_page_shows_the_article_text_exactly_and_each_passage_once(world, client):
    overlapping = PassageFactory(map=world["map"], article=world["article"], start=8, length=20)
    client.force_login(world["owner"])
    page = client.get(reader_url(world)).content.decode()
    assert text_of(page) == world["article"].text
    for passage in (world["passage"], overlapping):
        assert page.count(f'id="item-{passage.pk}"') == 1
        assert page.count(f'id="passage-{passage.pk}"') == 1


def test_overlapping_passages_share_segments_listing_both(world, client):
    outer = PassageFactory(map=world["map"], article=world["article"], start=0, length=30,
                           stance="justification")
    client.force_login(world["owner"])
    page = client.get(reader_url(world)).content.decode()
    inner = world["passage"]  # 4..10, inside 0..30: innermost first
    assert f'data-passages="{inner.pk} {outer.pk}"' in page
    assert f'data-passages="{outer.pk}"' in page
    assert 'class="seg s-critique multi start"' in page


def test_it_renders_astral_characters_combining_marks_and_stray_carriage_returns_exactly():
    text = "A 🚤 and 👨‍👩‍👧 met e\u0301te\u0301.\r\n\nNext “para” — end.\n\n\nLast <b>&amp;</b>"
    start = text.index("met")
    passages = [{"id": 1, "start": start, "end": text.index("Next") + 4, "stance": "fact",
                 "title": "Fact"},
                {"id": 2, "start": 2, "end": 3, "stance": "claim", "title": "Claim"}]
    rendered = reader.render_text(text, passages)
    assert text_of(f'<div id="article-text">{rendered}</div>') == text
    assert rendered.count('<p class="para">') == 3
    assert "&#13;" in rendered  # a raw "\r" would reach the DOM as "\n"


@pytest.mark.parametrize("size", [10, 300])
def test_the_page_query_count_does_not_grow_with_passages(world, client, size,
                                                          django_assert_num_queries):
    # 400 sentences, each one a suggestion: the world's catalogue knows "unclos 92".
    article = ArticleFactory(text="Critics said the strike breached UNCLOS 92 at sea. " * 400)
    world["map"].articles.add(article)
    passages = [PassageFactory.build(map=world["map"], article=article, start=(i * 37) % 18000,
                                     length=25 + i % 40) for i in range(size)]
    Node.objects.bulk_create(passages)
    suggestions_compute(article=article)  # as the analysis task does when the text arrives
    client.force_login(world["owner"])
    # session, user, map, memberships, article, passages, links, authority nodes,
    # speakers, the map's articles, the header's unread notification count; the
    # suggestions: the catalogue (its version), the suggestions, this map's dismissals
    with django_assert_num_queries(14):
        response = client.get(reader_url(world, article))
    page = response.content.decode()
    assert page.count('class="pitem"') == size
    # Every suggestion is listed except those a passage over its text already links.
    assert page.count('class="sitem"') == Suggestion.objects.filter(article=article).count() > 300


def test_a_reviewer_gets_the_highlights_but_no_form_or_edit_controls(world, client):
    client.force_login(world["reviewer"])
    page = client.get(reader_url(world)).content.decode()
    assert f'data-passages="{world["passage"].pk}"' in page
    assert 'id="passage-form"' not in page
    assert "data-edit=" not in page and "data-delete=" not in page
    assert 'data-can-edit="0"' in page


def test_it_creates_a_passage_linked_to_authorities(world, client_for):
    text = world["article"].text
    start = text.index("Critics")
    body = {"start": start, "end": start + 43, "quote": text[start:start + 43],
            "stance": "critique", "speaker": "A critic", "note": "Art. I § 8.",
            "authorities": [{"slug": "unclos-92", "relation": "disputes"},
                            {"slug": "new-act", "relation": "relies_on"}]}
    AuthorityFactory(slug="new-act", short_name="New Act")
    response = client_for(world["owner"]).post(reader_url(world) + "passages/", body,
                                               format="json", **if_match(world["map"]))
    assert response.status_code == 201, response.content
    passage = Node.objects.get(pk=response.json()["id"])
    assert (passage.quote, passage.speaker, passage.text) == (
        "Critics said only Congress can declare war.", "A critic", "Art. I § 8.")
    links = {(link.target.authority.slug, link.relation) for link in passage.links_out.all()}
    assert links == {("unclos-92", "disputes"), ("new-act", "relies_on")}
    world["map"].refresh_from_db()
    assert response.json()["version"] == world["map"].version
    assert response["ETag"] == world["map"].etag


def test_it_refuses_a_quote_that_does_not_match_the_text_naming_the_field(world, client_for):
    body = {"start": 0, "end": 10, "quote": "Not these.", "stance": "fact"}
    response = client_for(world["owner"]).post(reader_url(world) + "passages/", body,
                                               format="json", **if_match(world["map"]))
    assert response.status_code == 400
    assert response.json() == {"quote": ["Does not match the article text at these offsets."]}


def test_it_refuses_a_stale_version_with_412(world, client_for):
    text = world["article"].text
    body = {"start": 0, "end": 3, "quote": text[:3], "stance": "fact"}
    response = client_for(world["owner"]).post(reader_url(world) + "passages/", body,
                                               format="json",
                                               HTTP_IF_MATCH=f'"{world["map"].version + 1}"')
    assert response.status_code == 412
    assert not Node.objects.filter(map=world["map"], start=0, end=3).exists()


def test_passage_create_with_links_stores_nothing_when_a_link_is_invalid(world):
    argument_map = world["map"]
    argument_map.refresh_from_db()
    other = AuthorityFactory(slug="other-act")
    counts = (Node.objects.count(), Link.objects.count(), Event.objects.count(),
              argument_map.version)
    with pytest.raises(ValidationError) as caught:
        services.passage_create_with_links(
            argument_map=argument_map, actor=world["owner"],
            expected_version=argument_map.version, article=world["article"], start=0, end=3,
            quote=world["article"].text[:3], stance="fact", speaker="", text="",
            # the first link is fine (and a new authority node); the second cannot be
            authority_links=[(other, "relies_on"), (world["authority"], "supports")])
    assert list(caught.value.message_dict) == ["authorities"]
    assert (Node.objects.count(), Link.objects.count(), Event.objects.count(),
            ArgumentMap.objects.get(pk=argument_map.pk).version) == counts


def test_editing_a_passage_changes_its_fields_and_replaces_its_authority_links(world, client_for):
    passage = world["passage"]
    AuthorityFactory(slug="aumf-2001", short_name="AUMF")
    body = {"stance": "fact", "speaker": "Rubio", "note": "Why.",
            "authorities": [{"slug": "aumf-2001", "relation": "relies_on"}]}
    response = client_for(world["editor"]).patch(
        reader_url(world) + f"passages/{passage.pk}/", body, format="json",
        **if_match(world["map"]))
    assert response.status_code == 200, response.content
    passage.refresh_from_db()
    assert (passage.stance, passage.speaker, passage.text) == ("fact", "Rubio", "Why.")
    authority_links = passage.links_out.filter(relation__in=["relies_on", "disputes"])
    assert [(x.target.authority.slug, x.relation) for x in authority_links] == [
        ("aumf-2001", "relies_on")]
    assert passage.links_out.filter(relation="supports").count() == 1  # untouched


def test_deleting_a_passage_says_how_many_links_went_with_it(world, client_for):
    response = client_for(world["owner"]).delete(
        reader_url(world) + f"passages/{world['passage'].pk}/", **if_match(world["map"]))
    assert response.status_code == 200
    assert response.json()["removed_links"] == 2
    assert not Node.objects.filter(pk=world["passage"].pk).exists()


def test_the_page_says_how_many_links_a_delete_takes_along(world, client):
    client.force_login(world["owner"])
    page = client.get(reader_url(world)).content.decode()
    assert f'data-delete="{world["passage"].pk}" data-links="2"' in page


def test_the_map_page_links_to_the_reader(world, client):
    client.force_login(world["owner"])
    page = client.get(f"/maps/{world['map'].pk}/?selected=node-{world['passage'].pk}")
    url = reader_url(world)
    assert f'href="{url}"' in page.content.decode()
    assert f'href="{url}#passage-{world["passage"].pk}"' in page.content.decode()
