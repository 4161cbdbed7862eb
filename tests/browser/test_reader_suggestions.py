"""Suggestions in the reader, in a real browser: accept one as it is, edit one then accept
it, dismiss one — and the map holds exactly what the student chose."""

import re

import pytest
from playwright.sync_api import expect

from legalmap.analysis.models import Suggestion, SuggestionDismissal
from legalmap.maps.models import ArgumentMap, Link, Node
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ARTICLE = "Why the US new military operation against Latin American drug cartels"


def item(page, text):
    return page.locator(".sitem", has_text=text)


def test_a_student_builds_a_map_from_suggestions(demo_site, page):
    log_in(page, demo_site.url, "student", "student-demo")
    page.get_by_text("New map", exact=True).click()
    page.get_by_label("Title").fill("From suggestions")
    page.get_by_label(re.compile(ARTICLE)).check()
    page.get_by_role("button", name="Create map").click()
    page.get_by_role("link", name=re.compile("^Why the US new military")).first.click()
    page.wait_for_load_state("domcontentloaded")

    argument_map = ArgumentMap.objects.get(title="From suggestions")
    article = argument_map.articles.get()
    spans = Suggestion.objects.filter(article=article).values("start", "end").distinct().count()
    items = page.locator(".sitem")
    expect(items).to_have_count(spans)
    expect(page.locator("#article-text .sugg-start")).to_have_count(spans)

    # Accept as it is: the president's sentence, a justification linked to the designations.
    president = item(page, "The president said the strike")
    expect(president).to_contain_text("Speaker: The president")
    president.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#reader-status")).to_have_text(
        "Suggestion accepted: a passage linked to 1 authority.")
    expect(items).to_have_count(spans - 1)
    passage = Node.objects.get(map=argument_map, kind="passage")
    assert passage.quote.startswith("The president said the strike")
    assert (passage.stance, passage.speaker) == ("justification", "The president")
    link = Link.objects.get(source=passage)
    assert (link.relation, link.target.authority.slug) == ("relies_on", "fto-designations-2025")
    expect(page.locator(f'#article-text .seg[data-passages~="{passage.pk}"]')).to_have_text(
        passage.quote)

    # Edit, then accept: the form comes prefilled; the student makes it a critique.
    proportion = item(page, "proportionality and use of force")
    proportion.get_by_role("button", name="Edit, then accept").click()
    form = page.locator("#passage-form")
    expect(form.locator("#pf-h")).to_have_text("Accept suggestion")
    expect(form.locator("#pf-quote")).to_have_text(
        "The operation raises legal questions over proportionality and use of force.")
    expect(form.locator(".pf-auths li")).to_have_count(2)
    expect(form.get_by_label("Critique")).to_be_checked()
    form.get_by_label("Speaker").fill("The Conversation's author")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#reader-status")).to_have_text("Passage saved.")
    edited = Node.objects.get(map=argument_map, quote__startswith="The operation raises")
    assert edited.speaker == "The Conversation's author"
    assert {ln.target.authority.slug for ln in Link.objects.filter(source=edited)} == {
        "ihl-distinction-proportionality", "un-charter-2-4"}
    expect(items).to_have_count(spans - 2)

    # Dismiss: gone now, and after a reload, in this map.
    fto = item(page, "In early 2025, the US designated")
    fto.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#reader-status")).to_have_text(
        "Suggestion dismissed: it will not be shown again in this map.")
    expect(items).to_have_count(spans - 3)
    page.reload()
    expect(items).to_have_count(spans - 3)
    expect(item(page, "In early 2025, the US designated")).to_have_count(0)
    assert SuggestionDismissal.objects.filter(map=argument_map).exists()
    assert Node.objects.filter(map=argument_map, kind="passage").count() == 2

    # "Show suggestions" off: the dashed rule leaves the text, and stays off after a reload.
    page.get_by_label("Show suggestions in the text (dashed)").uncheck()
    expect(page.locator("#article-text")).to_have_class(re.compile(r"\bhide-sugg\b"))
    page.reload()
    expect(page.locator("#article-text")).to_have_class(re.compile(r"\bhide-sugg\b"))
