"""The task stores suggestions per (text, catalogue); the API lists, accepts, dismisses."""


import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from legalmap.analysis import services
from legalmap.analysis.models import Suggestion, SuggestionDismissal
from legalmap.analysis.tasks import analyse_article
from legalmap.articles.services import article_create, article_revise
from legalmap.maps.models import Link, Node
from tests.conftest import if_match
from tests.factories import MapFactory
from tests.permissions import rows_analysis

TEXT = ("The strike hit a vessel in international waters, officials said.\n"
        "Critics said only Congress can declare war and the AUMF has never been applied "
        "to cartels.")



@pytest.fixture
def article(catalogue):
    return article_create(title="Strikes", text=TEXT)


def test_the_task_stores_suggestions_once_per_text(article, celery_eager,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestions_queue(article=article)
    first = list(Suggestion.objects.filter(article=article).values_list("pk", flat=True))
    assert {s.authority.slug for s in Suggestion.objects.filter(article=article)} >= {
        "unclos-87", "us-const-art-i-8-11", "aumf-2001"}

    analyse_article(article.pk)

    assert list(Suggestion.objects.filter(article=article).values_list("pk", flat=True)) == first


def test_the_task_recomputes_for_a_new_revision(article):
    analyse_article(article.pk)
    article_revise(article=article, text="Nobody mentioned the Posse Comitatus Act.")
    article.refresh_from_db()

    analyse_article(article.pk)

    rows = Suggestion.objects.filter(article=article)
    assert {(r.authority.slug, r.text_sha256) for r in rows} == {
        ("posse-comitatus", article.sha256)}


def test_the_task_ignores_a_deleted_article(db):
    assert analyse_article(999_999) == 0


def test_the_list_hides_suggestions_dismissed_in_that_map_only(article, cast, client_for):
    mine = MapFactory(owner=cast["owner"], articles=[article])
    other = MapFactory(owner=cast["owner"], articles=[article])
    api = client_for(cast["owner"])
    listed = api.get(f"/api/articles/{article.pk}/suggestions/?map={mine.pk}").json()
    target = next(s for s in listed if s["authority"] == "aumf-2001")
    assert (target["stance"], target["relation"]) == ("critique", "disputes")

    response = api.post(f"/api/articles/{article.pk}/suggestions/{target['id']}/dismiss/",
                        {"map": mine.pk}, format="json")

    assert response.json() == {"dismissed": target["id"], "map": mine.pk}
    in_mine = api.get(f"/api/articles/{article.pk}/suggestions/?map={mine.pk}").json()
    in_other = api.get(f"/api/articles/{article.pk}/suggestions/?map={other.pk}").json()
    assert target["id"] not in {s["id"] for s in in_mine}
    assert target["id"] in {s["id"] for s in in_other}
    assert SuggestionDismissal.objects.count() == 1


def test_accept_creates_passage_authority_node_and_link(article, cast, client_for):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.get(article=article, authority__slug="aumf-2001")
    api = client_for(cast["owner"])

    response = api.post(f"/api/articles/{article.pk}/suggestions/{suggestion.pk}/accept/",
                        {"map": argument_map.pk, "stance": "critique"}, format="json",
                        **if_match(argument_map))

    assert response.status_code == 201, response.content
    passage = Node.objects.get(pk=response.json()["passage"])
    assert (passage.start, passage.end, passage.quote) == (
        suggestion.start, suggestion.end, suggestion.quote)
    link = Link.objects.get(source=passage)
    assert (link.relation, link.target.kind, link.target.authority.slug) == (
        "disputes", "authority", "aumf-2001")


def _accept(api, article, suggestion, argument_map, **body):
    return api.post(f"/api/articles/{article.pk}/suggestions/{suggestion.pk}/accept/",
                    {"map": argument_map.pk, **body}, format="json", **if_match(argument_map))


@pytest.mark.parametrize(("sent", "stored"), [
    ("invokes", "relies_on"), ("contests", "disputes"), ("relies_on", "relies_on"),
    ("violates", "violates"), ("disputes", "disputes"), ("complies", "complies")])
def test_accept_takes_the_four_and_the_retired_names_answering_with_the_new(
        article, cast, client_for, sent, stored):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.get(article=article, authority__slug="aumf-2001")

    response = _accept(client_for(cast["owner"]), article, suggestion, argument_map,
                       relation=sent)

    assert response.status_code == 201, response.content
    assert response.json()["relation"] == stored
    link = Link.objects.get(source_id=response.json()["passage"])
    assert (link.relation, link.target.authority.slug) == (stored, "aumf-2001")


def test_accept_without_a_relation_answers_the_suggestions(article, cast, client_for):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.get(article=article, authority__slug="aumf-2001")

    response = _accept(client_for(cast["owner"]), article, suggestion, argument_map)

    assert (response.status_code, response.json()["relation"]) == (201, suggestion.relation)


@pytest.mark.parametrize("sent", ["cites", "supports", "", None, 3, ["invokes"]])
def test_accept_refuses_an_unknown_relation_naming_the_field(article, cast, client_for, sent):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.get(article=article, authority__slug="aumf-2001")

    response = _accept(client_for(cast["owner"]), article, suggestion, argument_map,
                       relation=sent)

    assert response.status_code == 400
    assert list(response.json()) == ["relation"]
    assert Node.objects.filter(map=argument_map).count() == 0


def test_the_schema_lists_the_retired_names_for_accept_requests_only(db, cast, client):
    client.force_login(cast["owner"])
    components = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    relation = components["AcceptRequest"]["properties"]["relation"]
    ref = relation.get("$ref") or next(p["$ref"] for p in relation["allOf"])

    assert components[ref.rsplit("/", 1)[1]]["enum"] == [
        "relies_on", "violates", "disputes", "complies", "invokes", "contests"]
    assert "invokes (read as relies_on)" in relation["description"]
    assert components["SuggestionRelationEnum"]["enum"] == [
        "relies_on", "violates", "disputes", "complies"]


def test_accept_is_all_or_nothing(article, cast, client_for, monkeypatch):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.get(article=article, authority__slug="aumf-2001")

    def refuse(**kwargs):
        raise ValidationError({"relation": "Refused for the test."})

    # Failure injection at the last of the three writes.
    monkeypatch.setattr("legalmap.maps.services.link_create", refuse)
    response = client_for(cast["owner"]).post(
        f"/api/articles/{article.pk}/suggestions/{suggestion.pk}/accept/",
        {"map": argument_map.pk}, format="json", **if_match(argument_map))

    assert response.status_code == 400
    assert "authorities" in response.json()
    assert Node.objects.filter(map=argument_map).count() == 0


def test_accept_rejects_a_stale_version(article, cast, client_for):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    suggestion = Suggestion.objects.filter(article=article).first()

    response = client_for(cast["owner"]).post(
        f"/api/articles/{article.pk}/suggestions/{suggestion.pk}/accept/",
        {"map": argument_map.pk}, format="json", HTTP_IF_MATCH='"999"')

    assert response.status_code == 412
    assert Node.objects.filter(map=argument_map).count() == 0


CASES = [
    pytest.param(name, method, path, body, role, expected[role], id=f"{method}-{name}-{role}")
    for name, method, path, body, expected in rows_analysis.ROWS
    for role in expected
]


@pytest.mark.parametrize(("name", "method", "path", "body", "role", "status"), CASES)
def test_permission_rows(world, client_for, name, method, path, body, role, status):
    headers = if_match(world["map"]) if method != "get" else {}
    response = getattr(client_for(world[role]), method)(
        path(world), body(world) if body else None, format="json", **headers)
    assert response.status_code == status, response.content[:300]


def test_analyse_articles_command_fills_every_article(article, celery_eager):
    call_command("analyse_articles")
    assert Suggestion.objects.filter(article=article, text_sha256=article.sha256).exists()


def test_the_list_takes_a_fixed_number_of_queries(article, cast, client_for,
                                                  django_assert_num_queries):
    argument_map = MapFactory(owner=cast["owner"], articles=[article])
    analyse_article(article.pk)
    for suggestion in Suggestion.objects.filter(article=article)[:2]:
        services.suggestion_dismiss(suggestion=suggestion, argument_map=argument_map,
                                    actor=cast["owner"])
    api = client_for(cast["owner"])
    url = f"/api/articles/{article.pk}/suggestions/?map={argument_map.pk}"
    # article, catalogue (for its version), map + memberships, map's article,
    # suggestions with authorities, dismissals.
    with django_assert_num_queries(7):
        response = api.get(url)
    assert len(response.json()) == Suggestion.objects.filter(article=article).count() - 2


def test_an_article_with_nothing_to_suggest_is_analysed_once(catalogue,
                                                             django_assert_num_queries):
    article = article_create(title="Weather", text="Rain is expected over the Caribbean.")
    assert services.suggestion_list(article=article) == []
    assert article.analysis.suggestions == 0
    # The catalogue, the (no) suggestions, "was it analysed?": no second analysis.
    with django_assert_num_queries(3):
        assert services.suggestion_list(article=article) == []
