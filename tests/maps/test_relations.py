"""Issue 14: the four passage/claim → authority relations replace `invokes` and `contests`.

The data migration renames stored links, event snapshots and suggestions; the API takes the
retired names for one release and answers with the new ones; the schema says both."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from legalmap.maps.models import Link
from tests.conftest import if_match
from tests.factories import AuthorityFactory, AuthorityNodeFactory


def links_url(world, link=None):
    return f"/api/maps/{world['map'].pk}/links/" + (f"{link.pk}/" if link else "")


# --- the data migration --------------------------------------------------------------------

MAPS_BEFORE, MAPS_AFTER = ("maps", "0001_initial"), ("maps", "0002_link_relations_four")
ANALYSIS_BEFORE = ("analysis", "0003_analysis_run")
ANALYSIS_AFTER = ("analysis", "0004_suggestion_relation_four")


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_links_events_and_suggestions_and_back():
    apps = migrate(MAPS_BEFORE, ANALYSIS_BEFORE)
    User = apps.get_model("auth", "User")
    Article = apps.get_model("articles", "Article")
    Authority = apps.get_model("authorities", "Authority")
    ArgumentMap, Node = apps.get_model("maps", "ArgumentMap"), apps.get_model("maps", "Node")
    Link_, Event = apps.get_model("maps", "Link"), apps.get_model("maps", "Event")
    Suggestion = apps.get_model("analysis", "Suggestion")
    owner = User.objects.create(username="alice")
    article = Article.objects.create(title="A", text="The strike hit a vessel.", sha256="0" * 64)
    authority = Authority.objects.create(slug="aumf-2001", name="AUMF", short_name="AUMF",
                                         kind="statute", jurisdiction="us",
                                         citation="Pub. L. 107-40")
    argument_map = ArgumentMap.objects.create(title="M", owner=owner)
    passage = Node.objects.create(map=argument_map, kind="passage", article=article, start=4,
                                  end=10, quote="strike", stance="critique")
    claim = Node.objects.create(map=argument_map, kind="claim", text="Unlawful.")
    node = Node.objects.create(map=argument_map, kind="authority", authority=authority)
    invokes = Link_.objects.create(map=argument_map, source=claim, target=node,
                                   relation="invokes")
    contests = Link_.objects.create(map=argument_map, source=passage, target=node,
                                    relation="contests")
    supports = Link_.objects.create(map=argument_map, source=passage, target=claim,
                                    relation="supports")
    event = Event.objects.create(map=argument_map, verb="link.updated", target_type="link",
                                 target_id=contests.pk, map_version=2,
                                 before={"relation": "invokes"}, after={"relation": "contests"})
    suggestion = Suggestion.objects.create(
        article=article, text_sha256="0" * 64, authority=authority, start=4, end=10,
        quote="strike", relation="contests", confidence=0.5)

    apps = migrate(MAPS_AFTER, ANALYSIS_AFTER)

    Link_, Event = apps.get_model("maps", "Link"), apps.get_model("maps", "Event")
    Suggestion = apps.get_model("analysis", "Suggestion")
    assert dict(Link_.objects.values_list("pk", "relation")) == {
        invokes.pk: "relies_on", contests.pk: "disputes", supports.pk: "supports"}
    assert Event.objects.values_list("before", "after").get(pk=event.pk) == (
        {"relation": "relies_on"}, {"relation": "disputes"})
    assert Suggestion.objects.get(pk=suggestion.pk).relation == "disputes"

    # Backwards: the four fold onto the two, and nothing is lost.
    Link_.objects.filter(pk=supports.pk).update(relation="supports")
    Link_.objects.create(map_id=argument_map.pk, source_id=passage.pk, target_id=node.pk,
                         relation="violates")
    apps = migrate(MAPS_BEFORE, ANALYSIS_BEFORE)
    assert sorted(apps.get_model("maps", "Link").objects.values_list("relation", flat=True)) \
        == ["contests", "invokes", "invokes", "supports"]
    assert apps.get_model("analysis", "Suggestion").objects.get().relation == "contests"
    migrate(MAPS_AFTER, ANALYSIS_AFTER)  # leave the database as the other tests expect it


# --- the API: the retired names for one release ------------------------------------------------

@pytest.mark.parametrize(("sent", "stored"), [
    ("invokes", "relies_on"), ("contests", "disputes"), ("relies_on", "relies_on"),
    ("violates", "violates"), ("disputes", "disputes"), ("complies", "complies")])
def test_a_link_to_an_authority_is_created_with_any_name_and_answered_with_the_new_one(
        world, api, sent, stored):
    other = AuthorityNodeFactory(map=world["map"], authority=AuthorityFactory(slug="iccpr-6"))

    response = api.post(links_url(world), {"source": world["claim"].pk, "relation": sent,
                                           "target": other.pk},
                        format="json", **if_match(world["map"]))

    assert response.status_code == 201, response.json()
    assert response.json()["relation"] == stored
    assert Link.objects.get(pk=response.json()["id"]).relation == stored


def test_an_update_may_use_a_retired_name_and_is_answered_with_the_new_one(world, api):
    link = world["contest"]  # a `disputes` link since the migration

    response = api.patch(links_url(world, link), {"relation": "invokes"}, format="json",
                         **if_match(world["map"]))

    assert (response.status_code, response.json()["relation"]) == (200, "relies_on")


def test_the_list_filters_by_a_retired_name_as_by_its_successor(world, api):
    old = api.get(links_url(world), {"relation": "contests"}).json()
    new = api.get(links_url(world), {"relation": "disputes"}).json()

    assert old == new and [x["id"] for x in new["results"]] == [world["contest"].pk]


def test_an_unknown_relation_is_still_refused_naming_the_field(world, api):
    response = api.post(links_url(world), {"source": world["claim"].pk, "relation": "cites",
                                           "target": world["authority_node"].pk},
                        format="json", **if_match(world["map"]))

    assert (response.status_code, response.json()) == (
        400, {"relation": ['"cites" is not a valid choice.']})


def test_the_schema_documents_the_new_names_and_the_retired_ones_as_requests_only(world,
                                                                                  client):
    client.force_login(world["owner"])
    response = client.get("/api/schema/?format=json")
    schema = json.loads(response.content)
    components = schema["components"]["schemas"]
    request = components["LinkRequest"]["properties"]["relation"]
    answer = components["Link"]["properties"]["relation"]

    def values(prop):
        ref = prop.get("$ref") or next(p["$ref"] for p in prop["allOf"])
        return components[ref.rsplit("/", 1)[1]]["enum"]

    assert values(answer) == ["supports", "attacks", "undercuts", "relies_on", "violates",
                              "disputes", "complies"]
    assert values(request) == values(answer) + ["invokes", "contests"]
    assert "invokes (read as relies_on)" in request["description"]
    assert "invokes" not in answer["description"]
