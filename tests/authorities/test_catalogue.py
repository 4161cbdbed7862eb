"""The authority catalogue: `manage.py load_authorities` and the read API over it.

Expectations about the whole catalogue are computed from fixtures/authorities.json, so
curating the file does not break them; the concrete slugs and citations below are the
ones the issue names and must survive any curation.
"""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from legalmap.authorities.models import Authority, AuthorityRelation
from tests.factories import AuthorityNodeFactory

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "authorities.json"
DATA = json.loads(FIXTURE.read_text("utf-8"))
ENTRIES = {entry["slug"]: entry for entry in DATA["authorities"]}

REQUIRED_SLUGS = """
    us-const-art-i-8-11 us-const-art-i-8-10 us-const-art-ii-2-1 war-powers-resolution aumf-2001
    ina-219-fto eo-13224-sdgt eo-14157-cartels fto-designations-2025 niac-notice-2025
    un-charter-2-4 un-charter-51 unclos-87 unclos-92 unclos-108 unclos-110 unclos-111
    vienna-1988-art-17 mdlea geneva-common-art-3 tadic-niac-test ihl-distinction-proportionality
    iccpr-6 un-basic-principles-force-firearms caroline-test unwilling-or-unable posse-comitatus
    usc-10-124 olc-libya-2011 youngstown-1952 eo-12333-assassination-ban
    usc-50-1543a wpr-report-2025-09-04 ieepa usc-18-1111 usc-18-1119 ucmj-118 alien-enemies-act
    proclamation-10903 us-const-amend-v-due-process itlos-saiga-2-1999 shiprider-agreements
""".split()

REQUIRED_RELATIONS = [
    ("war-powers-resolution", "limits", "us-const-art-ii-2-1"),
    ("fto-designations-2025", "designated_under", "ina-219-fto"),
    ("eo-14157-cartels", "authorises", "fto-designations-2025"),
    ("unclos-110", "exception_to", "unclos-92"),
    ("proclamation-10903", "implements", "alien-enemies-act"),
    ("niac-notice-2025", "implements", "usc-50-1543a"),
    ("wpr-report-2025-09-04", "implements", "war-powers-resolution"),
    ("shiprider-agreements", "implements", "vienna-1988-art-17"),
    ("ieepa", "authorises", "eo-13224-sdgt"),
]


def load(path=None) -> str:
    out = StringIO()
    call_command("load_authorities", *([str(path)] if path else []), stdout=out)
    return out.getvalue().strip()


def write_copy(tmp_path, data) -> Path:
    path = tmp_path / "authorities.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def relation_triples():
    return set(AuthorityRelation.objects.values_list(
        "source__slug", "relation", "target__slug"))


def expected_search(term: str) -> list[str]:
    """What ?q= should find, by the rule the API documents: name, short name, citation,
    slug or an alias contains the term, ignoring case."""
    term = term.casefold()
    return sorted(
        slug for slug, e in ENTRIES.items()
        if any(term in text.casefold()
               for text in [e["name"], e["short_name"], e["citation"], slug, *e["aliases"]])
    )


@pytest.fixture
def catalogue(db):
    load()


# --- the loaded catalogue --------------------------------------------------------------------


def test_it_loads_every_entry_and_relation_of_the_file(db):
    output = load()

    assert output == (f"Authorities: {len(ENTRIES)} created, 0 updated, 0 unchanged; "
                      f"relations: {len(DATA['relations'])}.")
    assert sorted(Authority.objects.values_list("slug", flat=True)) == sorted(ENTRIES)
    assert relation_triples() == {(r["source"], r["relation"], r["target"])
                                  for r in DATA["relations"]}


def test_every_authority_the_issue_names_exists(catalogue):
    present = set(Authority.objects.filter(slug__in=REQUIRED_SLUGS).values_list("slug", flat=True))

    assert sorted(set(REQUIRED_SLUGS) - present) == []


def test_every_authority_has_a_citation_an_alias_and_a_summary(catalogue):
    incomplete = [
        a.slug for a in Authority.objects.all()
        if not a.citation.strip() or not a.summary.strip()
        or not [alias for alias in a.aliases if alias.strip()]
    ]

    assert incomplete == []


def test_key_citations_are_exact(catalogue):
    citation = dict(Authority.objects.values_list("slug", "citation"))

    assert "Pub. L. No. 107-40" in citation["aumf-2001"]
    assert "115 Stat. 224" in citation["aumf-2001"]
    assert "50 U.S.C. §§ 1541\u20131548" in citation["war-powers-resolution"]
    assert citation["ina-219-fto"] == "8 U.S.C. § 1189"


# Other engineers key rules and gold annotations on these slugs; the citations are the ones
# checked against a primary source (see each entry's verification_note).
NEW_CITATIONS = {
    "usc-50-1543a": "50 U.S.C. § 1543a",
    "wpr-report-2025-09-04": "(Sept. 4, 2025)",
    "ieepa": "Pub. L. No. 95-223, tit. II, 91 Stat. 1625",
    "usc-18-1111": "18 U.S.C. § 1111",
    "usc-18-1119": "18 U.S.C. § 1119",
    "ucmj-118": "10 U.S.C. § 918",
    "alien-enemies-act": "1 Stat. 577",
    "proclamation-10903": "Proclamation No. 10903, 90 Fed. Reg. 13033 (Mar. 20, 2025)",
    "us-const-amend-v-due-process": "U.S. Const. amend. V",
    "itlos-saiga-2-1999": "ITLOS Reports 1999, p. 10",
    "shiprider-agreements": "T.I.A.S. No. 12872",
}


@pytest.mark.parametrize("slug, cited", NEW_CITATIONS.items())
def test_an_added_authority_loads_with_its_citation(catalogue, slug, cited):
    authority = Authority.objects.get(slug=slug)

    assert cited in authority.citation
    assert authority.citation == ENTRIES[slug]["citation"]


def test_the_1543a_citation_belongs_to_the_statute_not_the_notice(catalogue):
    # A formal citation of § 1543a in an article must resolve to the statute: the notice
    # submitted under it is linked by a relation, not by repeating the U.S.C. cite.
    holders = [a.slug for a in Authority.objects.all() if "1543a" in a.citation]

    assert holders == ["usc-50-1543a"]


def test_the_relations_the_issue_demands_exist(catalogue):
    assert set(REQUIRED_RELATIONS) <= relation_triples()


# --- reloading -------------------------------------------------------------------------------


def test_loading_twice_creates_nothing_new(catalogue):
    authorities = sorted(Authority.objects.values_list("slug", "pk", "citation", "summary"))
    relations = sorted(AuthorityRelation.objects.values_list("pk", "source", "relation", "target"))

    output = load()

    assert output == (f"Authorities: 0 created, 0 updated, {len(ENTRIES)} unchanged; "
                      f"relations: {len(DATA['relations'])}.")
    assert sorted(Authority.objects.values_list("slug", "pk", "citation", "summary")) == authorities
    assert sorted(AuthorityRelation.objects.values_list(
        "pk", "source", "relation", "target")) == relations


def test_an_edited_entry_is_updated_in_place(catalogue, tmp_path):
    aumf = Authority.objects.get(slug="aumf-2001")
    node = AuthorityNodeFactory(authority=aumf)
    data = copy.deepcopy(DATA)
    entry = next(e for e in data["authorities"] if e["slug"] == "aumf-2001")
    entry["summary"] = "An edited summary."
    entry["aliases"] = [*entry["aliases"], "the 9/11 resolution"]

    output = load(write_copy(tmp_path, data))

    assert output == (f"Authorities: 0 created, 1 updated, {len(ENTRIES) - 1} unchanged; "
                      f"relations: {len(DATA['relations'])}.")
    edited = Authority.objects.get(slug="aumf-2001")
    assert (edited.pk, edited.summary, edited.aliases[-1]) == (
        aumf.pk, "An edited summary.", "the 9/11 resolution")
    node.refresh_from_db()
    assert node.authority_id == aumf.pk


def test_a_relation_removed_from_the_file_is_removed(catalogue, tmp_path):
    dropped = ("unclos-111", "exception_to", "unclos-92")
    data = copy.deepcopy(DATA)
    data["relations"] = [r for r in data["relations"]
                         if (r["source"], r["relation"], r["target"]) != dropped]

    output = load(write_copy(tmp_path, data))

    assert output.endswith(f"relations: {len(DATA['relations']) - 1}.")
    assert dropped not in relation_triples()
    assert ("unclos-110", "exception_to", "unclos-92") in relation_triples()
    assert Authority.objects.filter(slug="unclos-111").exists()


def test_a_changed_relation_note_is_updated_not_duplicated(catalogue, tmp_path):
    data = copy.deepcopy(DATA)
    rel = next(r for r in data["relations"] if r["source"] == "unclos-110")
    rel["note"] = "A new note."
    before = AuthorityRelation.objects.get(source__slug="unclos-110").pk

    load(write_copy(tmp_path, data))

    assert list(AuthorityRelation.objects.filter(source__slug="unclos-110").values_list(
        "pk", "note")) == [(before, "A new note.")]


# --- the API ---------------------------------------------------------------------------------


def slugs(response) -> list[str]:
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None  # one page holds the answer, or the comparison would lie
    return [row["slug"] for row in body["results"]]


def test_filtering_by_kind_lists_exactly_the_treaties(catalogue, api):
    found = slugs(api.get("/api/authorities/", {"kind": "treaty"}))

    assert found == sorted(s for s, e in ENTRIES.items() if e["kind"] == "treaty")
    assert {"un-charter-2-4", "un-charter-51", "unclos-92", "unclos-110", "iccpr-6",
            "geneva-common-art-3", "vienna-1988-art-17"} <= set(found)


def test_filtering_by_jurisdiction_lists_exactly_the_us_authorities(catalogue, api):
    found = slugs(api.get("/api/authorities/", {"jurisdiction": "us"}))

    assert found == sorted(s for s, e in ENTRIES.items() if e["jurisdiction"] == "us")
    assert {"aumf-2001", "war-powers-resolution", "us-const-art-ii-2-1", "posse-comitatus",
            "youngstown-1952"} <= set(found)
    assert "un-charter-51" not in found


def test_search_finds_the_commander_in_chief_clause(catalogue, api):
    found = slugs(api.get("/api/authorities/", {"q": "commander"}))

    assert found == expected_search("commander")
    assert "us-const-art-ii-2-1" in found


@pytest.mark.parametrize("term, slug", [
    ("can\u2019t or won\u2019t", "unwilling-or-unable"),
    ("§ 70503", "mdlea"),
])
def test_search_finds_an_alias_with_non_ascii_characters(catalogue, api, term, slug):
    # SQLite stores the alias list ASCII-escaped; the search must still see "’" and "§".
    found = slugs(api.get("/api/authorities/", {"q": term}))

    assert found == expected_search(term)
    assert slug in found


def test_search_by_alias_only_phrase(catalogue, api):
    term = "letters of marque"  # an alias of the Declare War Clause, not in its names
    assert term not in ENTRIES["us-const-art-i-8-11"]["name"].lower()

    found = slugs(api.get("/api/authorities/", {"q": term}))

    assert found == expected_search(term)
    assert "us-const-art-i-8-11" in found


def expected_relations(slug):
    """As the API orders them: outgoing, then incoming, each in the model's ordering."""
    out = sorted((r for r in DATA["relations"] if r["source"] == slug),
                 key=lambda r: (r["relation"], r["target"]))
    into = sorted((r for r in DATA["relations"] if r["target"] == slug),
                  key=lambda r: (r["source"], r["relation"]))
    return [{"source": r["source"], "relation": r["relation"], "target": r["target"],
             "note": r.get("note", "")} for r in out + into]


def test_authority_detail_includes_its_relations(catalogue, api):
    entry = ENTRIES["aumf-2001"]

    response = api.get("/api/authorities/aumf-2001/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "aumf-2001", "name": entry["name"], "short_name": entry["short_name"],
        "kind": "statute", "jurisdiction": "us", "citation": entry["citation"],
        "summary": entry["summary"], "url": entry.get("url", ""), "aliases": entry["aliases"],
        "verified": entry.get("verified", True),
        "verification_note": entry.get("verification_note", ""),
        "enacted_on": "2001-09-18", "in_force_on": None, "designated_on": None,
        "ended_on": None,
        "relations": expected_relations("aumf-2001"),
    }
    assert ("aumf-2001", "implements", "us-const-art-i-8-11") in {
        (r["source"], r["relation"], r["target"]) for r in response.json()["relations"]}


def test_authority_detail_lists_incoming_and_outgoing_relations(catalogue, api):
    response = api.get("/api/authorities/fto-designations-2025/")

    assert response.json()["relations"] == expected_relations("fto-designations-2025")
    triples = {(r["source"], r["relation"], r["target"]) for r in response.json()["relations"]}
    assert {
        ("fto-designations-2025", "designated_under", "ina-219-fto"),
        ("eo-14157-cartels", "authorises", "fto-designations-2025"),
    } <= triples
