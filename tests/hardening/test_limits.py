"""Issue 16: deep JSON is a 400 and an oversized body a 413 naming the limit, on every API
endpoint (the anonymous token one included) and on the pages; 403s log one line."""

import logging

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from legalmap.maps.models import Node

DEEP = "[" * 2000 + "]" * 2000  # 4 KB: used to blow the parser's recursion limit, a 500
TOO_DEEP = {"detail": "JSON parse error - nested deeper than 64 levels."}


@pytest.mark.parametrize("body", [DEEP, "[" * 65 + "]" * 65, '{"a":' * 65 + "1" + "}" * 65],
                         ids=["2000-deep", "65-arrays", "65-objects"])
def test_deep_json_to_the_anonymous_token_endpoint_is_a_400(db, body):
    response = APIClient().post("/api/auth/token/", body, content_type="application/json")

    assert (response.status_code, response.json()) == (400, TOO_DEEP)


def test_deep_json_to_a_map_write_is_a_400_and_writes_nothing(world, api):
    response = api.post(f"/api/maps/{world['map'].pk}/nodes/", DEEP,
                        content_type="application/json", HTTP_IF_MATCH='"1"')

    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    assert Node.objects.count() == 3


def test_json_64_levels_deep_is_still_parsed(world, api):
    body = '{"text":"x","kind":"claim","extra":' + "[" * 62 + "]" * 62 + "}"

    response = api.post(f"/api/maps/{world['map'].pk}/nodes/", body,
                        content_type="application/json", HTTP_IF_MATCH='"1"')

    assert response.json() == {"extra": ["Unknown field."]}  # parsed, then refused by shape


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_over_the_limit_is_a_413_naming_it(world, api):
    response = api.post(f"/api/maps/{world['map'].pk}/nodes/",
                        {"kind": "claim", "text": "x" * 2000}, format="json",
                        HTTP_IF_MATCH='"1"')

    assert (response.status_code, response.json()) == (413, {
        "detail": "The request body is larger than the limit of 1,000 bytes "
                  "(DATA_UPLOAD_MAX_MEMORY_SIZE)."})


@override_settings(REQUEST_MAX_BYTES=1000)
def test_an_upload_over_the_request_limit_is_a_413_before_it_is_read(world, api):
    response = api.post("/api/maps/import/", b"x" * 5000, content_type="application/json")

    assert (response.status_code, response.json()) == (413, {
        "detail": "The request body (5,000 bytes) is larger than the limit of 1,000 bytes "
                  "(REQUEST_MAX_BYTES)."})


@override_settings(REQUEST_MAX_BYTES=1000)
def test_a_page_form_over_the_request_limit_is_a_413_in_words(client, world):
    client.force_login(world["owner"])

    response = client.post(f"/maps/{world['map'].pk}/claims/", {"claim-text": "x" * 5000})

    assert response.status_code == 413
    assert response.content.decode().endswith("limit of 1,000 bytes (REQUEST_MAX_BYTES).")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_page_form_over_the_form_limit_is_a_413_not_a_400(client, world):
    client.force_login(world["owner"])

    response = client.post(f"/maps/{world['map'].pk}/claims/", {"claim-text": "x" * 5000})

    assert (response.status_code, response.content.decode()) == (
        413, "The form data is larger than the limit of 1,000 bytes "
             "(DATA_UPLOAD_MAX_MEMORY_SIZE).")


def test_a_403_is_logged_as_one_warning_line_without_a_traceback(client, world, caplog):
    client.force_login(world["reviewer"])  # may read the map, may not add to it

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(f"/maps/{world['map'].pk}/claims/", {"claim-text": "x"})

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert (record.levelname, record.getMessage(), record.exc_info) == (
        "WARNING", f"Forbidden (Permission denied): /maps/{world['map'].pk}/claims/", None)
