"""Authority dates: enacted (signed, adopted, decided), in force, designated, ended.

They come from fixtures/authorities.json, so expectations about the whole catalogue are
computed from the file; the UN Charter's dates are the fixed example the pages show.
"""

import copy
import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from legalmap.authorities.models import DATE_FIELDS, Authority
from tests.factories import AuthorityFactory

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "authorities.json"
DATA = json.loads(FIXTURE.read_text("utf-8"))


def load(path=None) -> str:
    out = StringIO()
    call_command("load_authorities", *([str(path)] if path else []), stdout=out)
    return out.getvalue().strip()


def write_copy(tmp_path, data) -> Path:
    path = tmp_path / "authorities.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def with_entry_changed(slug, **changes) -> dict:
    data = copy.deepcopy(DATA)
    entry = next(e for e in data["authorities"] if e["slug"] == slug)
    entry.update(changes)
    return data


@pytest.fixture
def catalogue(db):
    load()


# --- loading ---------------------------------------------------------------------------------


def test_every_date_in_the_file_is_loaded(catalogue):
    expected = {
        (e["slug"], field): datetime.date.fromisoformat(e[field]) if e.get(field) else None
        for e in DATA["authorities"] for field in DATE_FIELDS
    }

    loaded = {
        (row["slug"], field): row[field]
        for row in Authority.objects.values("slug", *DATE_FIELDS) for field in DATE_FIELDS
    }

    assert loaded == expected


def test_the_charter_was_signed_in_san_francisco_and_entered_into_force_in_october(catalogue):
    charter = Authority.objects.get(slug="un-charter-51")

    assert (charter.enacted_on, charter.in_force_on, charter.ended_on) == (
        datetime.date(1945, 6, 26), datetime.date(1945, 10, 24), None)


def test_every_dated_kind_of_authority_has_a_first_date(catalogue):
    # Customary rules and doctrines may have no date; everything enacted, signed, decided,
    # issued or designated has one, except a family of agreements with many dates.
    undated = sorted(
        Authority.objects.filter(enacted_on__isnull=True)
        .exclude(kind=Authority.Kind.DOCTRINE).values_list("slug", flat=True))

    assert undated == ["shiprider-agreements"]


def test_a_designation_has_the_date_it_took_effect(catalogue):
    designation = Authority.objects.get(slug="fto-designations-2025")

    assert (designation.enacted_on, designation.designated_on) == (
        datetime.date(2025, 2, 6), datetime.date(2025, 2, 20))


@pytest.mark.parametrize("bad", ["1945-02-30", "26/06/1945", "1945-6-26", "19450626", 1945])
def test_an_invalid_date_is_refused_naming_the_authority_and_field(db, tmp_path, bad):
    path = write_copy(tmp_path, with_entry_changed("un-charter-51", in_force_on=bad))

    with pytest.raises(CommandError) as refused:
        load(path)

    assert str(refused.value) == (
        f"{path}: Authority 'un-charter-51': in_force_on {bad!r} is not a valid date; "
        "write it as YYYY-MM-DD.")
    # The load is one transaction: nothing before the bad entry was kept either.
    assert Authority.objects.count() == 0


def test_a_treaty_in_force_before_it_was_signed_is_refused(db, tmp_path):
    path = write_copy(tmp_path, with_entry_changed("un-charter-51", in_force_on="1945-06-25"))

    with pytest.raises(CommandError, match=r"'un-charter-51': in_force_on is earlier than "
                                           r"enacted_on\.$"):
        load(path)


def test_an_end_before_the_beginning_is_refused(db, tmp_path):
    path = write_copy(tmp_path, with_entry_changed("aumf-2001", ended_on="2001-09-17"))

    with pytest.raises(CommandError, match=r"'aumf-2001': ended_on is earlier than"):
        load(path)


def test_a_date_added_to_an_entry_updates_it_in_place(catalogue, tmp_path):
    before = Authority.objects.get(slug="aumf-2001")
    path = write_copy(tmp_path, with_entry_changed("aumf-2001", ended_on="2030-01-01"))

    output = load(path)

    after = Authority.objects.get(slug="aumf-2001")
    assert output.startswith(f"Authorities: 0 created, 1 updated, {len(DATA['authorities']) - 1}"
                             " unchanged;")
    assert (after.pk, after.ended_on) == (before.pk, datetime.date(2030, 1, 1))


# --- the detail page -------------------------------------------------------------------------


def dates_on_page(page: str) -> str:
    start = page.index('<dd id="authority-dates">') + len('<dd id="authority-dates">')
    return page[start:page.index("</dd>", start)]


def test_the_detail_page_reads_the_dates_in_words(catalogue, client, cast):
    client.force_login(cast["outsider"])

    page = client.get("/authorities/un-charter-51/").content.decode()

    assert dates_on_page(page) == (
        'Signed <time datetime="1945-06-26">26 June 1945</time> · '
        'In force <time datetime="1945-10-24">24 October 1945</time>')


@pytest.mark.parametrize("slug, words", [
    ("aumf-2001", "Enacted 18 September 2001"),
    ("youngstown-1952", "Decided 2 June 1952"),
    ("fto-designations-2025", "Signed 6 February 2025 · Designated 20 February 2025"),
    ("ucmj-118", "Enacted 5 May 1950 · In force 31 May 1951"),
])
def test_each_kind_names_its_first_date_in_its_own_word(catalogue, client, cast, slug, words):
    client.force_login(cast["outsider"])

    page = client.get(f"/authorities/{slug}/").content.decode()

    assert re.sub(r"<[^>]+>", "", dates_on_page(page)) == words


def test_an_undated_authority_shows_no_dates_row(db, client, cast):
    AuthorityFactory(slug="caroline-test", kind="doctrine")
    client.force_login(cast["outsider"])

    page = client.get("/authorities/caroline-test/").content.decode()

    assert "<dt>Dates</dt>" not in page


def test_a_revoked_order_says_so(db, client, cast):
    AuthorityFactory(slug="eo-0000", kind="executive_order",
                     enacted_on=datetime.date(2001, 1, 2), ended_on=datetime.date(2009, 1, 22))
    client.force_login(cast["outsider"])

    page = client.get("/authorities/eo-0000/").content.decode()

    assert dates_on_page(page) == (
        'Signed <time datetime="2001-01-02">2 January 2001</time> · '
        'Revoked <time datetime="2009-01-22">22 January 2009</time>')


# --- the API ---------------------------------------------------------------------------------


def test_the_api_returns_the_dates_as_iso_strings(catalogue, api):
    body = api.get("/api/authorities/un-charter-51/").json()

    assert {field: body[field] for field in DATE_FIELDS} == {
        "enacted_on": "1945-06-26", "in_force_on": "1945-10-24", "designated_on": None,
        "ended_on": None}


def test_the_api_list_carries_the_dates_too(catalogue, api):
    rows = api.get("/api/authorities/", {"q": "proclamation 10903"}).json()["results"]

    assert [(r["slug"], r["enacted_on"], r["in_force_on"]) for r in rows] == [
        ("proclamation-10903", "2025-03-14", None)]


def test_an_instructor_cannot_put_entry_into_force_before_signature(catalogue, client_for, cast):
    response = client_for(cast["instructor"]).patch(
        "/api/authorities/un-charter-51/", {"in_force_on": "1945-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"in_force_on": ["Cannot be earlier than enacted_on."]}
    assert Authority.objects.get(slug="un-charter-51").in_force_on == datetime.date(1945, 10, 24)


def test_an_instructor_can_record_that_an_authority_ended(catalogue, client_for, cast):
    response = client_for(cast["instructor"]).patch(
        "/api/authorities/aumf-2001/", {"ended_on": "2030-01-01"}, format="json")

    assert (response.status_code, response.json()["ended_on"]) == (200, "2030-01-01")


# --- the admin -------------------------------------------------------------------------------


def test_the_admin_list_shows_the_dates(catalogue, client, cast):
    cast["instructor"].is_superuser = True
    cast["instructor"].save()
    client.force_login(cast["instructor"])

    page = client.get("/admin/authorities/authority/", {"q": "un-charter-51"}).content.decode()

    assert '<td class="field-enacted_on nowrap">26 Jun 1945</td>' in page
    assert '<td class="field-in_force_on nowrap">24 Oct 1945</td>' in page
