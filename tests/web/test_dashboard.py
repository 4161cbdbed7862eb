"""The dashboard: my maps, maps shared with me, maps to review; start a new map."""

from legalmap.maps.models import ArgumentMap, Event
from legalmap.reviews import services


def test_it_groups_maps_by_my_role(world, client):
    # "Awaiting my review" lists maps in review (issue 6): submit the map first.
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    client.force_login(world["reviewer"])
    page = client.get("/").content.decode()
    review = page[page.index("Awaiting my review"):]
    assert "Boat strikes" in review
    assert "You have no maps yet." in page


def test_an_outsider_does_not_see_other_peoples_maps(world, client):
    client.force_login(world["outsider"])
    assert "Boat strikes" not in client.get("/").content.decode()


def test_a_student_creates_a_map_with_articles_and_lands_on_it(world, client):
    client.force_login(world["outsider"])
    response = client.post("/maps/new/", {"title": "Is FTO status a licence to kill?",
                                          "description": "Dave's question.",
                                          "articles": [world["article"].pk]})
    created = ArgumentMap.objects.get(title="Is FTO status a licence to kill?")
    assert response.url == f"/maps/{created.pk}/"
    assert (created.owner, list(created.articles.all())) == (world["outsider"],
                                                             [world["article"]])
    assert Event.objects.filter(map=created, verb="map.created").count() == 1


def test_a_map_without_a_title_is_refused_with_the_reason(world, client):
    client.force_login(world["outsider"])
    before = ArgumentMap.objects.count()
    response = client.post("/maps/new/", {"title": "", "articles": [world["article"].pk]})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert ArgumentMap.objects.count() == before


def test_an_unknown_article_is_refused_with_the_reason(world, client):
    client.force_login(world["outsider"])
    response = client.post("/maps/new/", {"title": "T", "articles": [999999]})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
