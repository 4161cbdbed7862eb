"""`manage.py load_seeds`: the five seed articles, loaded once, revised in place, cleaned."""

import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from legalmap.articles.models import Article, ArticleRevision, text_sha256
from legalmap.maps import services as map_services
from legalmap.maps.models import Node
from tests.factories import MapFactory

SEEDS = Path(settings.BASE_DIR) / "seeds"
MANIFEST = json.loads((SEEDS / "manifest.json").read_text("utf-8"))["articles"]
BY_SLUG = {entry["slug"]: entry for entry in MANIFEST}
NATIONAL = "it-wont-stop-trump-telegraphs-more-military-action-against-cartels"
NATIONAL_FILE = BY_SLUG[NATIONAL]["file"]

# slug -> (first real sentence, last real sentence) of the article as readers see it.
SENTENCES = {
    NATIONAL: (
        "The US on Wednesday said it would conduct more military action against Venezuelan drug "
        "smugglers, a day after the Pentagon hit a boat allegedly carrying drugs for the criminal "
        "group Tren de Aragua.",
        "\u201cThe more plaudits that Trump gets, even from his own echo chamber, I think he'll be "
        "encouraged to do more and more.\u201d",
    ),
    "trump-refuses-to-rule-out-striking-venezuela": (
        "President Donald Trump has refused to rule out military strikes inside Venezuela",
        "Ramsey noted, suggesting no interest in a full shooting war.",
    ),
    "us-military-operation-drug-cartels-regional-tensions": (
        "The president said the strike was against members of Tren de Aragua (TdA), a Venezuelan "
        "gang he has branded\u201cnarco-terrorists\u201d.",
        "Washington's new\u201cnarco-terrorism\u201d doctrine risks fuelling the very "
        "instability it claims to fight.",
    ),
    "trump-launches-unprecedented-military-campaign-on-cartels": (
        "In a dramatic escalation of America\u2019s war on drugs, President Donald "
        "Trump\u2019s second administration has unleashed",
        "wondering just how far the US is willing to go in pursuit of its aims.",
    ),
    "us-launches-war-on-cartels-what-happened-why-it-matters": (
        "What Happened\n\nOn September 2 and 3, 2025, senior U.S. national security officials",
        "If it does, the strategy endures; if it does not, escalation or retrenchment will follow.",
    ),
}

# Page furniture the raw seed files really contain (see seeds/*.txt), never article prose.
BOILERPLATE = {
    "us-military-operation-drug-cartels-regional-tensions": [
        "Why The US New Military Operation Against Latin American Drug Cartels Stokes",
        "Read more: Guyana", "PBS reports on the attack", "Legal Disclaimer",
        "MENAFN provides the", "Most popular stories", "Market Research",
        "Bitget Launches PTBUSDT", "Comments", "No comment",
    ],
    "trump-launches-unprecedented-military-campaign-on-cartels": [
        "World News", "6 min read", "Sources",
        "A missile strike on a Venezuelan drug boat and new terror designations",
    ],
    "us-launches-war-on-cartels-what-happened-why-it-matters": ["date 2025-09-04"],
}


def load_seeds(*args) -> str:
    out = StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue().strip()


def snapshot():
    return sorted(Article.objects.values_list("slug", "pk", "sha256", "revision", "text"))


@pytest.fixture
def seeded(db):
    load_seeds()


@pytest.fixture
def seed_copy(tmp_path, seeded):
    """A writable copy of seeds/ to edit, as a later corpus release would."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_it_loads_the_five_seed_articles_with_manifest_metadata(db):
    output = load_seeds()

    assert output == "Seeds: 5 created, 0 revised, 0 unchanged."
    rows = Article.objects.order_by("slug").values(
        "slug", "title", "publisher", "author", "published", "url", "seed_file", "source",
        "revision")
    assert list(rows) == [
        {"slug": e["slug"], "title": e["title"], "publisher": e["publisher"],
         "author": e["author"], "url": e["url"], "seed_file": e["file"], "source": "seed",
         "published": dt.date.fromisoformat(e["published"]) if e["published"] else None,
         "revision": 1}
        for e in sorted(MANIFEST, key=lambda e: e["slug"])
    ]


def test_it_stores_the_first_text_as_revision_one(seeded):
    for article in Article.objects.all():
        assert list(article.revisions.values_list("number", "text", "sha256")) == [
            (1, article.text, text_sha256(article.text))]


def test_it_keeps_known_publication_dates(seeded):
    published = dict(Article.objects.values_list("slug", "published"))

    assert published == {
        NATIONAL: dt.date(2025, 9, 4),
        "trump-refuses-to-rule-out-striking-venezuela": None,
        "us-military-operation-drug-cartels-regional-tensions": dt.date(2025, 9, 5),
        "trump-launches-unprecedented-military-campaign-on-cartels": None,
        "us-launches-war-on-cartels-what-happened-why-it-matters": dt.date(2025, 9, 4),
    }


def test_loading_twice_changes_nothing(seeded):
    before = snapshot()

    output = load_seeds()

    assert output == "Seeds: 0 created, 0 revised, 5 unchanged."
    assert snapshot() == before
    assert ArticleRevision.objects.count() == 5


@pytest.mark.parametrize("slug", sorted(SENTENCES))
def test_loaded_text_starts_and_ends_with_the_real_article(seeded, slug):
    text = Article.objects.get(slug=slug).text
    first, last = SENTENCES[slug]

    assert text.startswith(first)
    assert text.endswith(last)


@pytest.mark.parametrize("slug", sorted(BOILERPLATE))
def test_loaded_text_has_no_syndication_boilerplate(seeded, slug):
    raw = (SEEDS / BY_SLUG[slug]["file"]).read_text("utf-8")
    text = Article.objects.get(slug=slug).text

    for junk in BOILERPLATE[slug]:
        assert junk in raw  # the check means something: the raw file really has it
        assert junk not in text


def test_a_missing_manifest_is_a_command_error(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Cannot read .*manifest.json"):
        load_seeds("--dir", str(tmp_path))


# --- a changed seed file ---------------------------------------------------------------------

KEPT_QUOTE = ("Mr Dalby viewed the attack as having \u201creactivated a generation of US "
              "interventionism\u201d")
LOST_QUOTE = "right-wing influencer Laura Loomer said on X"
NEW_OPENING = "Editor's note: this story was updated on 5 September.\n"


@pytest.fixture
def annotated(seeded, cast):
    """Alice's map with two passages on The National's article."""
    article = Article.objects.get(slug=NATIONAL)
    argument_map = MapFactory(owner=cast["owner"], articles=[article])

    def passage(quote):
        start = article.text.index(quote)
        argument_map.refresh_from_db()
        return map_services.node_create(
            argument_map=argument_map, actor=cast["owner"], expected_version=argument_map.version,
            kind="passage", article=article, start=start, end=start + len(quote), quote=quote,
            stance="critique")

    return {"article": article, "map": argument_map,
            "kept": passage(KEPT_QUOTE), "lost": passage(LOST_QUOTE)}


def revise_national(folder: Path):
    path = folder / NATIONAL_FILE
    raw = path.read_text("utf-8")
    assert LOST_QUOTE in raw
    path.write_text(NEW_OPENING + raw.replace(LOST_QUOTE, "an influencer said"), "utf-8")


def test_a_changed_seed_file_becomes_revision_two_of_the_same_article(annotated, seed_copy):
    article = annotated["article"]
    revise_national(seed_copy)

    output = load_seeds("--dir", str(seed_copy))

    assert output == "Seeds: 0 created, 1 revised, 4 unchanged."
    revised = Article.objects.get(slug=NATIONAL)
    assert (revised.pk, revised.revision) == (article.pk, 2)
    assert revised.text.startswith(NEW_OPENING + SENTENCES[NATIONAL][0])
    assert revised.sha256 == text_sha256(revised.text) != article.sha256
    assert list(revised.revisions.values_list("number", "text")) == [
        (1, article.text), (2, revised.text)]


def test_a_changed_seed_file_leaves_the_other_articles_alone(annotated, seed_copy):
    others = [row for row in snapshot() if row[0] != NATIONAL]
    revise_national(seed_copy)

    load_seeds("--dir", str(seed_copy))

    assert [row for row in snapshot() if row[0] != NATIONAL] == others


def test_a_passage_whose_quote_survives_is_moved_to_its_new_offsets(annotated, seed_copy):
    old_start = annotated["kept"].start
    revise_national(seed_copy)

    load_seeds("--dir", str(seed_copy))

    node = Node.objects.get(pk=annotated["kept"].pk)
    text = Article.objects.get(slug=NATIONAL).text
    new_start = text.index(KEPT_QUOTE)
    assert new_start != old_start
    assert (node.start, node.end, node.quote, node.anchor_status) == (
        new_start, new_start + len(KEPT_QUOTE), KEPT_QUOTE, "moved")
    assert text[node.start:node.end] == node.quote


def test_a_passage_whose_quote_vanished_is_kept_and_orphaned(annotated, seed_copy):
    lost = annotated["lost"]
    revise_national(seed_copy)

    load_seeds("--dir", str(seed_copy))

    node = Node.objects.get(pk=lost.pk)
    assert (node.start, node.end, node.quote, node.anchor_status) == (
        lost.start, lost.end, LOST_QUOTE, "orphaned")


def test_reanchoring_bumps_the_map_version_and_records_events(annotated, seed_copy):
    argument_map = annotated["map"]
    argument_map.refresh_from_db()
    version = argument_map.version
    revise_national(seed_copy)

    load_seeds("--dir", str(seed_copy))

    argument_map.refresh_from_db()
    assert argument_map.version == version + 1
    events = argument_map.events.filter(verb="node.reanchored").order_by("target_id")
    assert [(e.target_id, e.after["anchor_status"], e.after["revision"]) for e in events] == [
        (annotated["kept"].pk, "moved", 2), (annotated["lost"].pk, "orphaned", 2)]


def test_reloading_the_changed_file_is_unchanged(annotated, seed_copy):
    revise_national(seed_copy)
    load_seeds("--dir", str(seed_copy))
    before = snapshot()

    output = load_seeds("--dir", str(seed_copy))

    assert output == "Seeds: 0 created, 0 revised, 5 unchanged."
    assert snapshot() == before


# --- the article API over the seeds ---------------------------------------------------------


def test_article_api_lists_the_seeds(seeded, api):
    response = api.get("/api/articles/")

    assert response.status_code == 200
    body = response.json()
    for row in body["results"]:
        assert row.pop("created_at") and row.pop("updated_at")
    expected = sorted(Article.objects.all(), key=lambda a: (
        a.published is None, -(a.published or dt.date.min).toordinal(), a.title))
    assert body == {"count": 5, "next": None, "previous": None, "results": [
        {"id": a.pk, "slug": a.slug, "title": a.title, "publisher": a.publisher,
         "author": a.author, "published": a.published.isoformat() if a.published else None,
         "url": a.url, "sha256": a.sha256, "revision": 1, "source": "seed",
         "length": len(a.text)}
        for a in expected
    ]}


def test_article_search_finds_a_seed_by_a_word_in_its_text(seeded, api):
    response = api.get("/api/articles/", {"q": "Loomer"})

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [NATIONAL]


def test_article_search_ignores_words_only_in_removed_boilerplate(seeded, api):
    # "Guyana" appears in 002's raw file only in a dropped "Read more:" link.
    response = api.get("/api/articles/", {"q": "Guyana"})

    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
