"""The cast (STYLE.md): Alice owns the map, Bob edits it, Charlie reviews it, Dave is an
outsider, Ida is an instructor; anonymous is nobody."""

import json
import os
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    ArticleFactory,
    AuthorityFactory,
    AuthorityNodeFactory,
    ClaimFactory,
    LinkFactory,
    MapFactory,
    MembershipFactory,
    PassageFactory,
    UserFactory,
)

ROLES = ["owner", "editor", "reviewer", "outsider", "instructor", "anonymous"]
CATALOGUE = Path(__file__).resolve().parents[1] / "fixtures" / "authorities.json"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REDIS_URL"):
        return
    skip = pytest.mark.skip(reason="needs REDIS_URL pointing at a real Redis (see .ci/run)")
    for item in items:
        if "needs_services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def catalogue(db):
    """The real authority catalogue of fixtures/authorities.json, as `make run` loads it."""
    from legalmap.authorities.services import catalogue_load

    catalogue_load(json.loads(CATALOGUE.read_text()))


@pytest.fixture
def cast(db):
    return {
        "owner": UserFactory(username="alice"),
        "editor": UserFactory(username="bob"),
        "reviewer": UserFactory(username="charlie"),
        "outsider": UserFactory(username="dave"),
        "instructor": UserFactory(username="ida", is_staff=True),
        "anonymous": None,
    }


@pytest.fixture
def world(cast):
    """A map with an article, a passage, a claim, an authority node and two links."""
    article = ArticleFactory()
    argument_map = MapFactory(owner=cast["owner"], title="Boat strikes", articles=[article])
    MembershipFactory(map=argument_map, user=cast["editor"], role="editor")
    MembershipFactory(map=argument_map, user=cast["reviewer"], role="reviewer")
    passage = PassageFactory(map=argument_map, article=article, start=4, length=6)
    claim = ClaimFactory(map=argument_map, text="The strike was unlawful.")
    authority = AuthorityFactory(slug="unclos-92", short_name="UNCLOS art. 92")
    authority_node = AuthorityNodeFactory(map=argument_map, authority=authority)
    support = LinkFactory(source=passage, target=claim, relation="supports")
    contest = LinkFactory(source=passage, target=authority_node, relation="disputes")
    return {"map": argument_map, "article": article, "passage": passage, "claim": claim,
            "authority": authority, "authority_node": authority_node, "support": support,
            "contest": contest, **cast}


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def api(client_for, cast):
    """Alice's API client."""
    return client_for(cast["owner"])


def if_match(argument_map):
    argument_map.refresh_from_db()
    return {"HTTP_IF_MATCH": argument_map.etag}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs seconds per test across the cast of five.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_eager(monkeypatch):
    """Run queued tasks in-process even when REDIS_URL points at a real broker (the tests
    that need a real worker start one themselves)."""
    from legalmap.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
