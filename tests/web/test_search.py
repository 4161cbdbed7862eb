"""/search/: one box over authorities, articles and passages, on SQLite or PostgreSQL.

The queries here are words both engines find (whole, non-stop words), so the same tests
pass on either database.
"""

import html
import re

import pytest

from tests.factories import ArticleFactory, AuthorityFactory, MapFactory, PassageFactory

pytestmark = pytest.mark.django_db


def strip_tags(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(page: str, key: str) -> str:
    match = re.search(rf'<section class="search-section" aria-labelledby="{key}-h">(.*?)'
                      r"</section>", page, re.S)
    return match.group(1) if match else ""


def heading(page: str, key: str) -> str:
    return strip_tags(re.search(r"<h2.*?</h2>", section(page, key), re.S).group())


def items(page: str, key: str) -> list[str]:
    return [strip_tags(li) for li in re.findall(r"<li>(.*?)</li>", section(page, key), re.S)]


@pytest.fixture
def search(client):
    def run(user, q, **params):
        client.force_login(user)
        response = client.get("/search/", {"q": q, **params})
        assert response.status_code == 200
        return response.content.decode()

    return run


def test_it_finds_an_authority_by_an_alias(search, cast):
    AuthorityFactory(slug="unclos-87", short_name="UNCLOS art. 87",
                     name="UNCLOS, Article 87", citation="1833 U.N.T.S. 3, art. 87",
                     aliases=["freedom of the high seas"])
    AuthorityFactory(slug="mdlea", short_name="MDLEA", aliases=["coast guard interdiction"])
    page = search(cast["outsider"], "high seas")
    assert heading(page, "authorities") == "Authorities (1)"
    assert items(page, "authorities") == [
        "UNCLOS art. 87 — UNCLOS, Article 87 1833 U.N.T.S. 3, art. 87 · Statute"]


def test_it_finds_an_article_by_a_word_in_its_text_and_shows_where(search, cast):
    ArticleFactory(title="Strike report", publisher="Wire",
                   text="The navy said a corvette shadowed the boat before the strike.")
    ArticleFactory(title="Unrelated", text="Congress debated the budget.")
    page = search(cast["reviewer"], "corvette")
    assert heading(page, "articles") == "Articles (1)"
    [found] = items(page, "articles")
    assert found.startswith("Strike report Wire ")
    assert "corvette" in found
    assert "<mark>corvette</mark>" in section(page, "articles")


def test_it_finds_a_passage_by_its_speaker(search, world):
    passage = world["passage"]
    passage.speaker = "Pete Hegseth"
    passage.save()
    page = search(world["owner"], "Hegseth")
    assert heading(page, "passages") == "Passages (1)"
    assert items(page, "passages") == [
        f"“{passage.quote}” Critique · Pete Hegseth · {world['article'].title} · "
        "in Boat strikes"]
    assert (f'href="/maps/{world["map"].pk}/?selected=node-{passage.pk}"'
            in section(page, "passages"))


def test_an_outsider_does_not_find_passages_of_maps_they_cannot_see(search, world):
    passage = world["passage"]
    passage.speaker = "Pete Hegseth"
    passage.save()
    own = MapFactory(owner=world["outsider"], title="Dave's map")
    PassageFactory(map=own, article=world["article"], start=0, length=10,
                   speaker="Hegseth aide")
    page = search(world["outsider"], "Hegseth")
    assert heading(page, "passages") == "Passages (1)"
    assert [i.split(" · ")[1] for i in items(page, "passages")] == ["Hegseth aide"]
    assert "Boat strikes" not in page


def test_each_section_is_capped_with_a_link_to_the_filtered_list(search, cast):
    for n in range(25):
        AuthorityFactory(slug=f"navigation-{n}", short_name=f"Navigation rule {n}",
                         aliases=["navigation"])
    page = search(cast["owner"], "navigation")
    assert heading(page, "authorities") == "Authorities (25)"
    assert len(items(page, "authorities")) == 20
    assert ('<a class="more" href="/authorities/?q=navigation">All 25 authorities matching '
            "“navigation”</a>") in page


def test_more_passages_shows_that_section_alone(search, world):
    for start in range(0, 60, 2):
        PassageFactory(map=world["map"], article=world["article"], start=start, length=2,
                       speaker="Senator Kaine")
    page = search(world["owner"], "Kaine")
    assert heading(page, "passages") == "Passages (30)"
    assert 'href="/search/?q=Kaine&amp;only=passages"' in page
    alone = search(world["owner"], "Kaine", only="passages")
    assert [s for s in ("authorities", "articles", "passages") if section(alone, s)] == [
        "passages"]
    assert len(items(alone, "passages")) == 30


def test_matches_are_escaped_not_rendered_as_markup(search, world):
    article = ArticleFactory(text="He wrote <script>alert('boat')</script> about the boat.")
    PassageFactory(map=world["map"], article=article, start=9, length=30,
                   speaker="<b>Anon</b>")
    # By speaker: PostgreSQL's parser reads "<script>…" as markup, not words.
    page = search(world["owner"], "Anon")
    assert "<script>alert" not in page and "<b>Anon</b>" not in page
    assert "&lt;script&gt;" in section(page, "passages")


def test_an_empty_query_shows_only_the_box(search, world):
    page = search(world["owner"], "   ")
    assert 'id="search-q"' in page and 'class="search-section"' not in page


def test_every_section_says_when_nothing_matches(search, world):
    page = search(world["owner"], "zeppelin")
    assert [heading(page, k) for k in ("authorities", "articles", "passages")] == [
        "Authorities (0)", "Articles (0)", "Passages (0)"]
    assert "No passages match." in page
