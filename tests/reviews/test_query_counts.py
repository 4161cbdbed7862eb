"""Query counts pinned on the review lists (STYLE.md habit 10): the same number for a
handful of rows and for many, so an N+1 fails the large case. Rows are bulk-created."""

import pytest

from legalmap.reviews.models import Comment, Notification, ReviewRound, Verdict
from tests.factories import UserFactory

SIZES = pytest.mark.parametrize("size", ["small", "large"])


def _n(size, small=3, large=60):
    return small if size == "small" else large


def _authors(world, n):
    return [world["reviewer"], world["editor"], world["owner"],
            *[UserFactory(username=f"author{i}") for i in range(n)]]


@SIZES
def test_comment_list_query_count_is_flat(world, client_for, django_assert_num_queries, size):
    authors = _authors(world, 0 if size == "small" else 10)
    links = [world["support"], world["contest"]]
    roots = Comment.objects.bulk_create(
        Comment(map=world["map"], link=links[i % 2], author=authors[i % len(authors)],
                body=f"Point **{i}**.", target_label="x") for i in range(_n(size)))
    Comment.objects.bulk_create(
        Comment(map=world["map"], link=root.link, parent=root, author=world["owner"],
                body="Answered.", target_label="x") for root in roots)

    # the map and its memberships (the one door), count, the page with authors
    with django_assert_num_queries(4):
        response = client_for(world["reviewer"]).get(
            f"/api/maps/{world['map'].pk}/comments/", {"page_size": 500})

    assert response.json()["count"] == 2 * _n(size)
    assert len({c["author"] for c in response.json()["results"]}) == min(
        len(authors), _n(size) + 1)


@SIZES
@pytest.mark.parametrize("endpoint", ["", "history/"])
def test_verdict_lists_query_count_is_flat(world, client_for, django_assert_num_queries,
                                            size, endpoint):
    reviewers = [world["reviewer"], world["instructor"]]
    if size == "large":
        reviewers += [UserFactory(username=f"judge{i}") for i in range(20)]
    Verdict.objects.bulk_create(
        Verdict(map=world["map"], link=link, reviewer=reviewer, value=value)
        for reviewer in reviewers for link in (world["support"], world["contest"])
        for value in ("needs_authority", "sound"))

    # the one door (2), count, the page with reviewers
    with django_assert_num_queries(4):
        response = client_for(world["owner"]).get(
            f"/api/maps/{world['map'].pk}/verdicts/{endpoint}", {"page_size": 500})

    per_reviewer = 2 if endpoint == "" else 4
    assert response.json()["count"] == per_reviewer * len(reviewers)


@SIZES
def test_round_list_query_count_is_flat(world, client_for, django_assert_num_queries, size):
    ReviewRound.objects.bulk_create(
        ReviewRound(map=world["map"], number=i + 1, submitted_by=world["owner"],
                    map_version=i + 1, finished_by=world["reviewer"],
                    finished_at="2026-01-01T00:00Z", outcome="changes_requested")
        for i in range(_n(size, 2, 40)))

    with django_assert_num_queries(4):
        response = client_for(world["owner"]).get(f"/api/maps/{world['map'].pk}/rounds/")

    assert response.json()["count"] == _n(size, 2, 40)


@SIZES
def test_notification_list_query_count_is_flat(world, client_for, django_assert_num_queries,
                                                size):
    comment = Comment.objects.create(map=world["map"], link=world["support"], body="Hi",
                                     author=world["reviewer"], target_label="x")
    rounds = ReviewRound.objects.bulk_create(
        ReviewRound(map=world["map"], number=i + 1, map_version=1, finished_by=world["reviewer"],
                    finished_at="2026-01-01T00:00Z", outcome="approved")
        for i in range(_n(size)))
    Notification.objects.bulk_create(
        [Notification(recipient=world["owner"], actor=world["reviewer"], map=world["map"],
                      verb="comment.created", comment=comment) for _ in range(_n(size))]
        + [Notification(recipient=world["owner"], actor=world["reviewer"], map=world["map"],
                        verb="round.finished", round=r) for r in rounds])

    # count, the page with actors, maps, comments and rounds
    with django_assert_num_queries(2):
        response = client_for(world["owner"]).get("/api/notifications/", {"page_size": 500})

    assert response.json()["count"] == 2 * _n(size)
