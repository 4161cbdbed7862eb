import pytest
from django.core.management import call_command

from legalmap.maps.models import ArgumentMap, Link
from legalmap.reviews import services as review_services
from legalmap.reviews.models import Comment, Verdict


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    """The demo map of `make run`, with a reviewer's verdicts and a comment thread."""
    call_command("load_authorities", verbosity=0)
    call_command("load_seeds", verbosity=0)
    call_command("seed_demo", verbosity=0)
    argument_map = ArgumentMap.objects.get(title__startswith="Were the September 2025")
    reviewer = argument_map.memberships.get(role="reviewer").user
    student = argument_map.owner
    # seed_demo starts a review of its own (issue 6); these tests assert on exactly theirs.
    Comment.objects.filter(map=argument_map).delete()
    Verdict.objects.filter(map=argument_map).delete()
    links = list(Link.objects.filter(map=argument_map).order_by("id"))
    review_services.verdict_give(argument_map=argument_map, actor=reviewer, link=links[0],
                                 value="needs_authority", reason="Which statute says so?")
    review_services.verdict_give(argument_map=argument_map, actor=reviewer, link=links[1],
                                 value="sound")
    thread = review_services.comment_create(
        argument_map=argument_map, actor=reviewer, link=links[0],
        body="Does the AUMF reach cartels at all?")
    review_services.comment_create(argument_map=argument_map, actor=student, link=links[0],
                                   parent=thread, body="Only if they are associated forces.")
    return argument_map


@pytest.fixture
def eager(monkeypatch):
    """Celery runs the task in-process even when REDIS_URL is set (tests/exports/
    test_real_worker.py is where a real worker runs it)."""
    from legalmap.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
