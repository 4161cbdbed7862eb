"""Shared set-up for the review tests: the cast and `world` come from tests/conftest.py."""

import pytest

from legalmap.maps.models import Membership
from legalmap.reviews import services
from tests.factories import UserFactory


@pytest.fixture
def viewer(world):
    """Vera: a member with the viewer role, who reads but never writes."""
    user = UserFactory(username="vera")
    Membership.objects.create(map=world["map"], user=user, role="viewer")
    return user


@pytest.fixture
def thread(world):
    """Charlie asks about the support link; the thread's first comment."""
    return services.comment_create(argument_map=world["map"], actor=world["reviewer"],
                                   link=world["support"], body="Which authority says so?")


def comments_url(w, *parts):
    return "/".join([f"/api/maps/{w['map'].pk}/comments", *map(str, parts), ""])
