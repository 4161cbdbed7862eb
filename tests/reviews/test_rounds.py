"""Review rounds: submit (draft / changes requested → in review), finish (→ approved or
changes requested), and what changed since a reviewer's last round."""

import pytest

from legalmap.maps import services as map_services
from legalmap.reviews import services
from tests.conftest import if_match


def url(w, suffix=""):
    return f"/api/maps/{w['map'].pk}/rounds/{suffix}"


def _submit(client_for, w, role="owner", **headers):
    return client_for(w[role]).post(url(w), {}, format="json", **headers)


def _finish(client_for, w, number, outcome, role="reviewer", note=""):
    return client_for(w[role]).post(url(w, f"{number}/finish/"),
                                    {"outcome": outcome, "note": note}, format="json")


def _status(w):
    w["map"].refresh_from_db()
    return w["map"].status


def test_submitting_a_draft_opens_round_one_with_the_submitted_state(world, client_for):
    version = world["map"].version

    response = _submit(client_for, world)

    assert response.status_code == 201
    body = response.json()
    w = world
    assert body == {
        "number": 1, "submitted_by": "alice", "submitted_at": body["submitted_at"],
        "map_version": version + 1, "finished_at": None, "finished_by": None, "outcome": "",
        "note": "",
        "snapshot": {
            "nodes": [
                {"id": w["passage"].pk, "kind": "passage", "text": "", "article": w["article"].pk,
                 "start": 4, "end": 10, "quote": "strike", "stance": "critique", "speaker": ""},
                {"id": w["claim"].pk, "kind": "claim", "text": "The strike was unlawful."},
                {"id": w["authority_node"].pk, "kind": "authority", "text": "",
                 "authority": "unclos-92"},
            ],
            "links": [
                {"id": w["support"].pk, "source": w["passage"].pk, "target": w["claim"].pk,
                 "target_link": None, "relation": "supports", "rationale": ""},
                {"id": w["contest"].pk, "source": w["passage"].pk,
                 "target": w["authority_node"].pk, "target_link": None,
                 "relation": "disputes", "rationale": ""},
            ],
        },
    }
    assert response["ETag"] == f'"{version + 1}"'
    assert _status(world) == "in_review"
    assert world["map"].events.filter(verb="map.submitted").count() == 1


def test_an_editor_may_submit(world, client_for):
    assert _submit(client_for, world, "editor").status_code == 201


def test_a_reviewer_may_not_submit(world, client_for):
    response = _submit(client_for, world, "reviewer")

    assert response.status_code == 403
    assert response.json() == {"detail": (
        "Only the map's owner, its editors or an instructor may submit it for review.")}


def test_a_map_in_review_cannot_be_submitted_again(world, client_for):
    _submit(client_for, world)

    response = _submit(client_for, world)

    assert response.status_code == 400
    assert response.json() == {"status": [
        "The map's status is in_review; only a draft or a map with changes requested "
        "(draft, changes_requested) can be submitted for review."]}


def test_a_submit_with_a_stale_etag_is_refused(world, client_for):
    stale = if_match(world["map"])
    map_services.node_create(argument_map=world["map"], actor=world["editor"],
                             expected_version=None, kind="claim", text="Meanwhile.")

    response = _submit(client_for, world, **stale)

    assert response.status_code == 412
    assert _status(world) == "draft"


def test_a_reviewer_requests_changes_and_the_student_resubmits(world, client_for):
    _submit(client_for, world)

    finished = _finish(client_for, world, 1, "changes_requested", note="Cite the AUMF.")
    resubmitted = _submit(client_for, world)

    assert finished.status_code == 200
    assert (finished.json()["outcome"], finished.json()["finished_by"],
            finished.json()["note"]) == ("changes_requested", "charlie", "Cite the AUMF.")
    assert resubmitted.status_code == 201
    assert resubmitted.json()["number"] == 2
    listed = client_for(world["owner"]).get(url(world)).json()["results"]
    assert [(r["number"], r["outcome"]) for r in listed] == [(1, "changes_requested"), (2, "")]


def test_an_instructor_approves_the_map(world, client_for):
    _submit(client_for, world)

    response = _finish(client_for, world, 1, "approved", role="instructor")

    assert response.status_code == 200
    assert _status(world) == "approved"


def test_an_approved_map_cannot_be_submitted(world, client_for):
    _submit(client_for, world)
    _finish(client_for, world, 1, "approved")

    response = _submit(client_for, world)

    assert response.status_code == 400
    assert response.json() == {"status": [
        "The map's status is approved; only a draft or a map with changes requested "
        "(draft, changes_requested) can be submitted for review."]}


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_students_never_finish_a_round(world, client_for, role):
    _submit(client_for, world)

    response = _finish(client_for, world, 1, "approved", role=role)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only a reviewer of this map or an instructor may finish a review round."}
    assert _status(world) == "in_review"


def test_a_finished_round_cannot_be_finished_again(world, client_for):
    _submit(client_for, world)
    _finish(client_for, world, 1, "changes_requested")
    _submit(client_for, world)

    response = _finish(client_for, world, 1, "approved")

    assert response.status_code == 400
    assert response.json() == {"status": ["Round 1 is already finished; round 2 is open."]}


def test_a_map_not_in_review_has_no_round_to_finish(world, client_for):
    _submit(client_for, world)
    _finish(client_for, world, 1, "changes_requested")

    response = _finish(client_for, world, 1, "approved")

    assert response.status_code == 400
    assert response.json() == {"status": [
        "The map's status is changes_requested; only a map in review (in_review) has a "
        "round to finish."]}


def test_an_unknown_outcome_is_a_400_naming_outcome(world, client_for):
    _submit(client_for, world)

    response = _finish(client_for, world, 1, "great")

    assert response.status_code == 400
    assert response.json() == {"outcome": ['"great" is not a valid choice.']}


def test_a_round_that_does_not_exist_is_404(world, client_for):
    response = _finish(client_for, world, 7, "approved")

    assert response.status_code == 404


# --- what changed since the last round --------------------------------------------------------


def _revise(w):
    """Alice answers the review: links the passage to the AUMF, drops the contest link,
    rewrites the support link's rationale."""
    aumf = map_services.node_create(argument_map=w["map"], actor=w["owner"],
                                    expected_version=None, kind="authority",
                                    authority=_aumf())
    added = map_services.link_create(argument_map=w["map"], actor=w["owner"],
                                     expected_version=None, source=w["passage"],
                                     target=aumf, relation="relies_on")
    map_services.link_delete(link=w["contest"], actor=w["owner"], expected_version=None)
    map_services.link_update(link=w["support"], actor=w["owner"], expected_version=None,
                             rationale="Congress never authorised it.")
    return aumf, added


def _aumf():
    from tests.factories import AuthorityFactory

    return AuthorityFactory(slug="aumf-2001", short_name="AUMF")


def test_a_reviewer_sees_what_changed_since_their_last_round(world, client_for):
    w = world
    contest_id = w["contest"].pk  # Django forgets a deleted row's id
    _submit(client_for, w)
    _finish(client_for, w, 1, "changes_requested")
    aumf, added = _revise(w)
    _submit(client_for, w)

    response = client_for(w["reviewer"]).get(url(w, "changes/"))

    assert response.status_code == 200
    round_one = w["map"].rounds.get(number=1)
    w["map"].refresh_from_db()
    contest = {"source": w["passage"].pk, "target": w["authority_node"].pk, "target_link": None,
               "relation": "disputes", "rationale": ""}
    support = {"source": w["passage"].pk, "target": w["claim"].pk, "target_link": None,
               "relation": "supports"}
    assert response.json() == {
        "since_round": 1, "since_version": round_one.map_version,
        "until_version": w["map"].version,
        "nodes": {"added": [{"id": aumf.pk, "label": "AUMF", "before": None,
                             "after": {"kind": "authority", "text": "",
                                       "authority": "aumf-2001"}}],
                  "removed": [], "altered": []},
        "links": {
            "added": [{"id": added.pk, "label": "“strike” relies on AUMF", "before": None,
                       "after": {"source": w["passage"].pk, "target": aumf.pk,
                                 "target_link": None, "relation": "relies_on",
                                 "rationale": ""}}],
            "removed": [{"id": contest_id,
                         "label": "“strike” disputes applicability UNCLOS art. 92",
                         "before": contest, "after": None}],
            "altered": [{"id": w["support"].pk,
                         "label": "“strike” supports The strike was unlawful.",
                         "before": support | {"rationale": ""},
                         "after": support | {"rationale": "Congress never authorised it."}}],
        },
    }


def test_a_removed_link_keeps_its_label_after_its_nodes_are_gone(world, client_for):
    w = world
    contest_id, node_id = w["contest"].pk, w["authority_node"].pk
    _submit(client_for, w)
    _finish(client_for, w, 1, "changes_requested")
    map_services.node_delete(node=w["authority_node"], actor=w["owner"], expected_version=None)

    body = client_for(w["reviewer"]).get(url(w, "changes/")).json()

    assert [(x["id"], x["label"]) for x in body["links"]["removed"]] == [
        (contest_id, "“strike” disputes applicability UNCLOS art. 92")]
    assert [(x["id"], x["label"]) for x in body["nodes"]["removed"]] == [
        (node_id, "UNCLOS art. 92")]


def test_the_changes_say_each_relation_in_words(world, client_for):
    w = world
    _submit(client_for, w)
    _finish(client_for, w, 1, "changes_requested")
    added = {relation: map_services.link_create(
        argument_map=w["map"], actor=w["owner"], expected_version=None, source=w["claim"],
        target=w["authority_node"], relation=relation)
        for relation in ("relies_on", "violates", "disputes", "complies")}
    map_services.link_update(link=w["contest"], actor=w["owner"], expected_version=None,
                             relation="violates")

    body = client_for(w["reviewer"]).get(url(w, "changes/")).json()

    claim = "The strike was unlawful."
    assert [(x["id"], x["label"]) for x in body["links"]["added"]] == [
        (added["relies_on"].pk, f"{claim} relies on UNCLOS art. 92"),
        (added["violates"].pk, f"{claim} says violates UNCLOS art. 92"),
        (added["disputes"].pk, f"{claim} disputes applicability UNCLOS art. 92"),
        (added["complies"].pk, f"{claim} says complies UNCLOS art. 92")]
    altered = body["links"]["altered"]
    assert [(x["label"], x["before"]["relation"], x["after"]["relation"]) for x in altered] == [
        ("“strike” says violates UNCLOS art. 92", "disputes", "violates")]


def test_a_round_submitted_before_the_four_relations_reads_their_words(world, client_for):
    """A round's snapshot is not migrated: an undercut of a link that it still calls
    `invokes` names that link by its successor's words."""
    w = world
    relied = map_services.link_create(argument_map=w["map"], actor=w["owner"],
                                      expected_version=None, source=w["claim"],
                                      target=w["authority_node"], relation="relies_on")
    _submit(client_for, w)
    round_one = w["map"].rounds.get(number=1)
    for link in round_one.snapshot["links"]:
        link["relation"] = {"relies_on": "invokes", "disputes": "contests"}.get(
            link["relation"], link["relation"])
    round_one.save(update_fields=["snapshot"])
    _finish(client_for, w, 1, "changes_requested")
    undercut = map_services.link_create(argument_map=w["map"], actor=w["owner"],
                                        expected_version=None, source=w["passage"],
                                        target_link=relied, relation="undercuts")

    body = client_for(w["reviewer"]).get(url(w, "changes/")).json()

    assert [(x["id"], x["label"]) for x in body["links"]["added"]] == [
        (undercut.pk,
         "“strike” undercuts (The strike was unlawful. relies on UNCLOS art. 92)")]


def test_a_link_added_then_removed_is_no_change(world, client_for):
    w = world
    _submit(client_for, w)
    _finish(client_for, w, 1, "changes_requested")
    link = map_services.link_create(argument_map=w["map"], actor=w["owner"],
                                    expected_version=None, source=w["claim"],
                                    target=w["authority_node"], relation="relies_on")
    map_services.link_delete(link=link, actor=w["owner"], expected_version=None)

    body = client_for(w["reviewer"]).get(url(w, "changes/")).json()

    assert body["links"] == {"added": [], "removed": [], "altered": []}


def test_before_any_round_ends_there_is_nothing_to_compare(world, client_for):
    _submit(client_for, world)

    body = client_for(world["reviewer"]).get(url(world, "changes/")).json()

    assert (body["since_round"], body["nodes"], body["links"]) == (
        None, {"added": [], "removed": [], "altered": []},
        {"added": [], "removed": [], "altered": []})


def test_a_reviewer_compares_against_the_last_round_they_finished(world, client_for):
    w = world
    _submit(client_for, w)
    _finish(client_for, w, 1, "changes_requested")  # Charlie
    _revise(w)
    _submit(client_for, w)
    _finish(client_for, w, 2, "changes_requested", role="instructor")  # Ida
    _submit(client_for, w)

    charlie = client_for(w["reviewer"]).get(url(w, "changes/")).json()
    ida = client_for(w["instructor"]).get(url(w, "changes/")).json()

    assert (charlie["since_round"], len(charlie["links"]["removed"])) == (1, 1)
    assert (ida["since_round"], ida["links"]) == (
        2, {"added": [], "removed": [], "altered": []})


def test_changes_since_a_chosen_round(world, client_for):
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    _revise(world)

    response = client_for(world["owner"]).get(url(world, "changes/"), {"since": 1})

    assert response.status_code == 200
    assert (response.json()["since_round"], len(response.json()["links"]["added"])) == (1, 1)


def test_since_must_be_a_round_number(world, client_for):
    response = client_for(world["owner"]).get(url(world, "changes/"), {"since": "first"})

    assert response.status_code == 400
    assert response.json() == {"since": ["Must be a whole number in ASCII digits (0-9)."]}
