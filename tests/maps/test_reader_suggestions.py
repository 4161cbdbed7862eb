"""Suggestions in the reader: dashed in the text, listed beside it, for editors only;
gone once dismissed in this map or once a passage over them links their authority."""


import pytest

from legalmap.analysis import services as analysis
from legalmap.articles.services import article_create
from legalmap.maps import services
from legalmap.maps.models import Node
from tests.factories import MapFactory, MembershipFactory
from tests.maps.test_reader import text_of

TEXT = ("The strike hit a vessel in international waters, officials said.\n\n"
        "Critics said only Congress can declare war and the AUMF has never been applied "
        "to cartels.")


@pytest.fixture
def setting(cast, catalogue):
    article = article_create(title="Strikes", text=TEXT)
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    MembershipFactory(map=argument_map, user=cast["reviewer"], role="reviewer")
    return {"map": argument_map, "article": article, **cast}


def page_for(client, s, user):
    client.force_login(s[user])
    return client.get(f"/maps/{s['map'].pk}/articles/{s['article'].pk}/").content.decode()


def items(page: str) -> list[str]:
    """The suggestion list as a user reads it: one line per suggested passage."""
    return [line.split("</p>")[0] for line in page.split('class="pdesc" id="sd-')[1:]]


def test_an_editor_sees_each_suggested_sentence_once_with_all_its_authorities(setting, client):
    page = page_for(client, setting, "owner")
    assert text_of(page) == TEXT  # the dashed spans leave the text exactly as it is
    listed = items(page)
    assert len(listed) == 2
    critics = next(item for item in listed if "Declare War" in item)
    assert "AUMF" in critics  # one sentence, two authorities, one item
    assert 'class="sugg sugg-start" data-suggestions="' in page
    assert 'id="suggestion-data"' in page


def test_a_reviewer_gets_no_suggestions(setting, client):
    page = page_for(client, setting, "reviewer")
    assert 'id="suggestion-wrap"' not in page and "data-suggestions" not in page


def test_a_dismissed_suggestion_is_gone_from_that_map_only(setting, client, cast):
    other = MapFactory(owner=cast["owner"], articles=[setting["article"]])
    for suggestion in analysis.suggestion_list(article=setting["article"]):
        if suggestion.quote.startswith("The strike"):
            analysis.suggestion_dismiss(suggestion=suggestion, argument_map=setting["map"],
                                        actor=cast["owner"])
    assert [i for i in items(page_for(client, setting, "owner")) if "UNCLOS" in i] == []
    elsewhere = page_for(client, {**setting, "map": other}, "owner")
    assert [i for i in items(elsewhere) if "UNCLOS" in i] != []


def test_a_passage_linking_the_authority_replaces_the_suggestion(setting, client, cast):
    suggestion = next(s for s in analysis.suggestion_list(article=setting["article"])
                      if s.authority.slug == "aumf-2001")
    argument_map = setting["map"]
    analysis.suggestion_accept(suggestion=suggestion, argument_map=argument_map,
                               actor=cast["owner"], expected_version=argument_map.version)

    listed = " | ".join(items(page_for(client, setting, "owner")))
    # The accepted authority is now a passage's link; the Declare War Clause is still open.
    assert "AUMF" not in listed and "Declare War" in listed
    assert Node.objects.filter(map=argument_map, kind="passage").count() == 1


def test_a_passage_over_the_text_linking_another_authority_keeps_it(setting, client, cast):
    article, argument_map = setting["article"], setting["map"]
    start = TEXT.index("The strike")
    services.passage_create_with_links(
        argument_map=argument_map, actor=cast["owner"], expected_version=argument_map.version,
        article=article, start=start, end=start + 10, quote=TEXT[start:start + 10],
        stance="fact", speaker="", authority_links=[])
    assert any("UNCLOS" in i for i in items(page_for(client, setting, "owner")))
