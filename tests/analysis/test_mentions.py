"""Mention finding on tricky inputs: spans are code points of the original text."""

import json
from pathlib import Path

import pytest

from legalmap.analysis.mentions import (
    CITATION_MARKERS,
    Matcher,
    citator,
    entries_from_fixture,
    normalise,
)

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "authorities.json"


@pytest.fixture(scope="module")
def matcher():
    return Matcher(entries_from_fixture(json.loads(CATALOGUE.read_text())))


def found(matcher, text):
    return {(m.slug, m.surface) for m in matcher.find(text)}


def slugs(matcher, text):
    return {m.slug for m in matcher.find(text)}


def cited(matcher, text):
    return {(m.slug, m.surface) for m in matcher.find(text) if m.rule == "citation"}


def test_it_finds_the_declare_war_clause_in_a_paraphrase(matcher):
    assert ("us-const-art-i-8-11", "only Congress can declare war") in found(
        matcher, "Domestically, only Congress can declare war under the constitution.")


def test_it_finds_the_aumf_behind_post_9_11(matcher):
    hits = found(matcher, "a rationale that stretches the post-9/11 Authorization for Use "
                          "of Military Force to new limits")
    assert ("aumf-2001", "Authorization for Use of Military Force") in hits
    assert ("aumf-2001", "post-9/11 Authorization") in hits


def test_it_reads_curly_quotes_like_straight_ones(matcher):
    assert "unwilling-or-unable" in slugs(matcher, "fix a situation if you can’t or won’t")


def test_it_matches_a_name_broken_across_lines(matcher):
    text = "under the War Powers\n   Resolution, he said"
    assert ("war-powers-resolution", "War Powers\n   Resolution") in found(matcher, text)


def test_it_extends_a_match_over_a_possessive(matcher):
    assert ("us-const-art-ii-2-1", "Commander-in-Chief’s") in found(
        matcher, "the Commander-in-Chief’s power")


def test_it_matches_plural_and_singular_of_an_alias(matcher):
    assert "niac-notice-2025" in slugs(matcher, "a strike against a non-state armed group")
    assert "ina-219-fto" in slugs(matcher, "listed as FTOs")


def test_it_treats_british_and_american_spellings_alike(matcher):
    assert "un-charter-51" in slugs(matcher, "a claim of self-defence")
    assert "ina-219-fto" in slugs(matcher, "designated as a foreign terrorist organisation")
    assert "tadic-niac-test" in slugs(matcher, "well-organised armed groups")


def test_it_respects_word_boundaries(matcher):
    assert "hamdan-2006" not in slugs(matcher, "Hamdani said")
    assert slugs(matcher, "the aumfx file") == set()


def test_it_resolves_formal_citations_against_the_catalogue(matcher):
    text = ("See 50 U.S.C. § 1541, Pub. L. 107-40, U.N. Charter art. 51, UNCLOS art. 110 "
            "and Exec. Order No. 13224; also 46 U.S.C. § 70503.")
    assert {"war-powers-resolution", "aumf-2001", "un-charter-51", "unclos-110",
            "eo-13224-sdgt", "mdlea"} <= slugs(matcher, text)


# Forms no alias spells out ("ICCPR art. 2(1)" is one): at the same span the alias is kept.
@pytest.mark.parametrize("citation, slug", [
    ("U.S. Const. art. I, § 8, cl. 11", "us-const-art-i-8-11"),
    ("U.S. Const. art. I, § 8, cl. 10", "us-const-art-i-8-10"),
    ("Article II, Section 2, Clause 1 of the U.S. Constitution", "us-const-art-ii-2-1"),
    ("Exec. Order 12333", "eo-12333-assassination-ban"),
    ("Executive Order No. 14157", "eo-14157-cartels"),
    ("90 Fed. Reg. 8439", "eo-14157-cartels"),
    ("115 Stat. 224", "aumf-2001"),
    ("Public Law No. 93-148", "war-powers-resolution"),
    ("INA § 219", "ina-219-fto"),  # = 8 U.S.C. § 1189, by citeurl's own table
    ("section 219 of the Immigration and Nationality Act", "ina-219-fto"),
    ("8 U.S.C. § 1189(a)(1)", "ina-219-fto"),
    ("Article 2(4) of the UN Charter", "un-charter-2-4"),
    ("U.N. Charter, art. 2, para. 4", "un-charter-2-4"),
    ("Article 2, paragraph 4, of the Charter of the United Nations", "un-charter-2-4"),
    ("Article 51 of the United Nations Charter", "un-charter-51"),
    ("UNCLOS, art. 92", "unclos-92"),
    ("art. 110 of the Law of the Sea Convention", "unclos-110"),
    ("United Nations Convention on the Law of the Sea, Article 111(1)", "unclos-111"),
    ("Article 6 of the ICCPR", "iccpr-6"),  # the catalogue cites art. 6(1)
    ("ICCPR, art. 2(1)", "iccpr-2-1"),
    ("Article 3 common to the four Geneva Conventions", "geneva-common-art-3"),
    ("Third Geneva Convention, art. 3", "geneva-common-art-3"),
    ("art. 17 of the 1988 Vienna Convention", "vienna-1988-art-17"),
    ("Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances, "
     "art. 17(3)", "vienna-1988-art-17"),
])
def test_it_reads_formal_citations_with_citeurl(matcher, citation, slug):
    assert cited(matcher, f"As argued under {citation}, the strikes were lawful.") == {
        (slug, citation)}


def test_a_section_range_in_the_catalogue_covers_every_section(matcher):
    # The catalogue cites 50 U.S.C. §§ 1541–1548 (en dash) and 10 U.S.C. §§ 271–284.
    assert cited(matcher, "see 50 U.S.C. § 1546 and 10 U.S.C. § 280") == {
        ("war-powers-resolution", "50 U.S.C. § 1546"), ("usc-10-271-284", "10 U.S.C. § 280")}
    assert cited(matcher, "under 46 U.S.C. §§ 70501–70508") == {
        ("mdlea", "46 U.S.C. §§ 70501–70508")}


def test_a_citation_of_another_part_of_an_article_is_not_the_catalogued_one(matcher):
    assert cited(matcher, "U.N. Charter art. 2(7) protects domestic jurisdiction") == set()
    assert cited(matcher, "the Commerce Clause, U.S. Const. art. I, § 8, cl. 3") == set()
    assert cited(matcher, "Article 1 of the Geneva Conventions’ Additional Protocol II") == set()


def test_a_citation_survives_curly_quotes_odd_spaces_and_line_breaks(matcher):
    text = ("🚤🚤 “U.S.\u00a0Const. art.\u00a0I,\n   § 8, cl.\u202f11” and "
            "Pub.\u00a0L. No. 107\u201340, and UNCLOS,\r\nart. 110")
    mentions = [m for m in matcher.find(text) if m.rule == "citation"]
    assert {(m.slug, m.surface) for m in mentions} == {
        ("us-const-art-i-8-11", "U.S.\u00a0Const. art.\u00a0I,\n   § 8, cl.\u202f11"),
        ("aumf-2001", "Pub.\u00a0L. No. 107\u201340"),
        ("unclos-110", "UNCLOS,\r\nart. 110")}
    assert all(text[m.start:m.end] == m.surface for m in mentions)


def test_every_citation_template_has_markers_to_run_it():
    assert set(CITATION_MARKERS) == set(citator().templates)


def test_it_reads_international_waters_as_the_high_seas_only_beside_a_strike(matcher):
    assert {"unclos-87", "unclos-92"} <= slugs(
        matcher, "The strike hit a vessel in international waters.")
    assert slugs(matcher, "Scientists mapped plankton in international waters.") == set()


def test_offsets_are_code_points_with_emoji_before_the_mention(matcher):
    text = "🚤🚤 “Breaking”:\n\n  the  Posse Comitatus Act applies 🇺🇸"
    (mention,) = [m for m in matcher.find(text) if m.surface == "Posse Comitatus Act"]
    assert text[mention.start:mention.end] == "Posse Comitatus Act"
    assert mention.start == text.index("Posse")


def test_normalise_maps_every_position_back_to_the_original():
    text = "A  B\n\n\tC — “D”"
    norm = normalise(text)
    assert norm.text == 'a b c "d"'
    # A collapsed run maps to its first character.
    assert "".join(text[norm.orig(i)] for i in range(len(norm.text))) == "A B\nC “D”"
    assert text[norm.orig(norm.text.index("c"))] == "C"
    assert text[norm.orig(norm.text.index("d"))] == "D"


def test_it_sees_a_name_fused_to_a_heading_by_a_scraper(matcher):
    assert "ina-219-fto" in slugs(matcher, "Expanding the fightFTO designation expands it.")
    assert "ina-219-fto" not in slugs(matcher, "the softo designation")
