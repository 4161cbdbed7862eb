"""Issue 16: after repeated failed logins, 429 per username and per address, on the login
page, the admin's and the token endpoint; the same answer for unknown usernames."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

LIMIT = settings.AXES_FAILURE_LIMIT
PASSWORD = "pw-for-tests"


def _page(client, url, username, password, address):
    return client.post(url, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _token(client, url, username, password, address):
    return client.post(url, {"username": username, "password": password}, format="json",
                       REMOTE_ADDR=address)


DOORS = [("/accounts/login/", _page), ("/admin/login/", _page), ("/api/auth/token/", _token)]
IDS = ["login", "admin", "token"]


@pytest.fixture
def erin(db):
    return UserFactory(username="erin", is_staff=True)


@pytest.mark.parametrize(("url", "post"), DOORS, ids=IDS)
def test_a_hundred_wrong_passwords_then_the_right_one_is_refused(erin, url, post):
    client = APIClient()
    answers = {post(client, url, "erin", f"guess-{i}", "10.0.0.1").status_code
               for i in range(100)}

    response = post(client, url, "erin", PASSWORD, "10.0.0.1")

    assert 429 in answers
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("url", "post"), DOORS, ids=IDS)
def test_a_locked_username_stays_locked_from_another_address(erin, url, post):
    client = APIClient()
    for i in range(LIMIT):
        post(client, url, "erin", f"guess-{i}", f"10.0.1.{i}")

    assert post(client, url, "erin", PASSWORD, "10.0.2.1").status_code == 429


@pytest.mark.parametrize(("url", "post"), DOORS, ids=IDS)
def test_one_address_trying_many_usernames_is_locked(erin, url, post):
    client = APIClient()
    for i in range(LIMIT):
        post(client, url, f"someone-{i}", "guess", "10.0.3.1")

    assert post(client, url, "erin", PASSWORD, "10.0.3.1").status_code == 429


@pytest.mark.parametrize(("url", "post"), DOORS, ids=IDS)
def test_another_user_at_another_address_is_unaffected(erin, url, post):
    UserFactory(username="frank", is_staff=True)
    client = APIClient()
    for i in range(LIMIT):
        post(client, url, "erin", f"guess-{i}", "10.0.4.1")

    response = post(APIClient(), url, "frank", PASSWORD, "10.0.4.2")

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("url", "post"), DOORS, ids=IDS)
def test_an_unknown_username_is_locked_out_with_the_same_answer(erin, url, post):
    client = APIClient()
    known = [post(client, url, "erin", f"guess-{i}", "10.0.5.1") for i in range(LIMIT + 1)]
    unknown = [post(client, url, "nobody", f"guess-{i}", "10.0.5.2") for i in range(LIMIT + 1)]

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert known[-1].content.replace(b"erin", b"") == unknown[-1].content.replace(b"nobody", b"")


def test_the_token_endpoint_says_when_to_come_back(erin):
    client = APIClient()
    for i in range(LIMIT):
        _token(client, "/api/auth/token/", "erin", f"guess-{i}", "10.0.6.1")

    response = _token(client, "/api/auth/token/", "erin", PASSWORD, "10.0.6.1")

    assert (response.status_code, response.json(), response["Retry-After"]) == (
        429, {"detail": "Too many failed logins. Expected available in 900 seconds."}, "900")
