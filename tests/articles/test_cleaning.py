"""Tests for legalmap.articles.cleaning: pure functions, no database."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

try:
    from legalmap.articles.cleaning import clean_text
except ImportError:  # e.g. system Python without celery: load the pure module by path
    _spec = importlib.util.spec_from_file_location(
        "legalmap_articles_cleaning", ROOT / "legalmap" / "articles" / "cleaning.py"
    )
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
    clean_text = _module.clean_text

MANIFEST = {
    a["file"]: a for a in json.loads((SEEDS / "manifest.json").read_text("utf-8"))["articles"]
}

# file -> (boilerplate that must be gone, first real sentence, last real sentence)
EXPECTED = {
    "000_0d94be6b60d87f99.txt": (
        [],
        "The US on Wednesday said it would conduct more military action against Venezuelan drug "
        "smugglers, a day after the Pentagon hit a boat allegedly carrying drugs for the criminal "
        "group Tren de Aragua.",
        "\u201cThe more plaudits that Trump gets, even from his own echo chamber, I think he'll be "
        "encouraged to do more and more.\u201d",
    ),
    "001_b4f862bc95486daf.txt": (
        [],
        "President Donald Trump has refused to rule out military strikes inside Venezuela as part "
        "of his administration\u2019s war on cartels",
        "Ramsey noted, suggesting no interest in a full shooting war.",
    ),
    "002_1a011125e0d69d2d.txt": (
        [
            "Why The US New Military Operation",
            "PBS reports on the attack",
            "Read more: Guyana",
            "confirms reports that the Trump administration is going to use 'full powers'",
            "Legal Disclaimer",
            "MENAFN",
            "Most popular stories",
            "Market Research",
            "Bitget Launches PTBUSDT",
            "Comments",
            "No comment",
        ],
        "The president said the strike was against members of Tren de Aragua (TdA), a Venezuelan "
        "gang he has branded\u201cnarco-terrorists\u201d.",
        "Washington's new\u201cnarco-terrorism\u201d doctrine risks fuelling the very "
        "instability it claims to fight.",
    ),
    "003_f50a8274451efd07.txt": (
        [
            "World News",
            "Trump Launches Unprecedented Military Campaign On Cartels",
            "A missile strike on a Venezuelan drug boat and new terror designations",
            "6 min read",
            "Sources",
        ],
        "In a dramatic escalation of America\u2019s war on drugs, President Donald "
        "Trump\u2019s second administration has unleashed a sweeping military and diplomatic "
        "campaign",
        "As America\u2019s war on drugs enters this new, more militarized phase, the world is "
        "watching closely\u2014wondering just how far the US is willing to go in pursuit of its "
        "aims.",
    ),
    "004_cbbd8c940729f65d.txt": (
        ["date 2025-09-04"],
        "On September 2 and 3, 2025, senior U.S. national security officials, including "
        "President Donald Trump, Defense Secretary Pete Hegseth, and Secretary of State Marco "
        "Rubio, confirmed",
        "If it does, the strategy endures; if it does not, escalation or retrenchment will follow.",
    ),
}


def _raw(name):
    return (SEEDS / name).read_text(encoding="utf-8")


def _clean(name, text=None):
    return clean_text(_raw(name) if text is None else text, MANIFEST[name].get("cleaning"))


def test_manifest_lists_every_seed_file():
    assert sorted(MANIFEST) == sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(EXPECTED)
    for entry in MANIFEST.values():
        assert entry["slug"] and entry["title"] and entry["publisher"] and entry["notes"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_boilerplate_removed(name):
    cleaned = _clean(name)
    for junk in EXPECTED[name][0]:
        assert junk not in cleaned


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_keeps_first_and_last_sentence(name):
    cleaned = _clean(name)
    _, first, last = EXPECTED[name]
    assert first in cleaned and last in cleaned
    body_start = cleaned.split("\n\n", 1)[1] if name.startswith("004") else cleaned
    assert body_start.startswith(first)  # 004 opens with its "What Happened" section heading
    assert cleaned.endswith(last)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_lines_are_byte_identical(name):
    raw_lines = set(_raw(name).split("\n"))
    for line in _clean(name).split("\n"):
        assert line in raw_lines or (name.startswith("004") and line == "What Happened")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_cleaning_is_idempotent(name):
    once = _clean(name)
    assert _clean(name, once) == once


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_crlf_cleans_like_lf(name):
    raw = _raw(name)
    assert _clean(name, raw.replace("\n", "\r\n")) == _clean(name, raw)


# --- generic rules ---------------------------------------------------------------------------


def test_plain_text_passes_through_unchanged():
    text = (
        "First paragraph \u201cquoted\u201d \u2014 with  two spaces.\n\nSecond one; it ends here."
    )
    assert clean_text(text) == text
    assert clean_text(text, {}) == text


def test_line_endings_normalised():
    assert clean_text("a\r\nb\rc\n") == "a\nb\nc"


def test_reading_time_lines_dropped():
    assert clean_text("Title\n\n6 min read\n\nBody.") == "Title\n\nBody."
    assert clean_text("Reading Time: 3 mins read\nBody.") == "Body."
    sentence = "It takes 6 min read time, they said."
    assert clean_text(sentence) == sentence


def test_leading_date_artefact_stripped():
    assert clean_text(" date 2025-09-04 What Happened\n\nBody.") == "What Happened\n\nBody."
    assert (
        clean_text("Body mentions date 2025-09-04 inline.")
        == "Body mentions date 2025-09-04 inline."
    )


def test_trailing_comment_counters_and_empty_sources_dropped():
    assert clean_text("Body.\nComments\nNo comment") == "Body."
    assert clean_text("Body.\n\n3 Comments\n") == "Body."
    assert clean_text("Body.\n\nSources\n") == "Body."
    kept = "Body.\n\nSources\n\nSome Report, 2024."
    assert clean_text(kept) == kept
    assert clean_text("Comments\nwere made by readers.") == "Comments\nwere made by readers."


def test_blank_runs_collapsed_and_text_stripped():
    assert clean_text("\n\n  A.\n\n\n\n\nB.  \n\n") == "A.\n\nB."
    assert clean_text("A.\n\nB.") == "A.\n\nB."


# --- per-article rules -----------------------------------------------------------------------


def test_drop_leading_lines_in_any_order():
    rules = {"drop_leading_lines": ["Label", "The Headline"]}
    assert clean_text("Label\n\nThe Headline\n\nBody. Label", rules) == "Body. Label"
    assert clean_text("Body first.\nLabel", rules) == "Body first.\nLabel"


def test_drop_lines_anywhere_without_doubling_blanks():
    rules = {"drop_lines": [r"Read more: .+"]}
    assert clean_text("A.\n\nRead more: x\n\nB.", rules) == "A.\n\nB."
    assert clean_text("A.\nRead more: x\nB.", rules) == "A.\nB."


def test_cut_from_removes_trailing_block():
    rules = {"cut_from": ["Legal Disclaimer:"]}
    assert clean_text("A.\n\nLegal Disclaimer:\nblah\nMost popular stories", rules) == "A."


def test_unknown_rule_rejected():
    with pytest.raises(ValueError):
        clean_text("A.", {"drop_line": ["A."]})
