"""The map page in a real browser: read the diagram, open a node, build on the map."""

import re

import pytest
from playwright.sync_api import expect

from legalmap.maps.models import ArgumentMap, Node
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_student_opens_a_node_from_the_diagram_and_adds_a_claim(demo_site, page):
    log_in(page, demo_site.url, "student", "student-demo")
    page.get_by_role("link", name="Were the September 2025 boat strikes lawful?").click()
    expect(page.get_by_role("heading", name="Conclusions")).to_be_visible()
    conclusions = page.locator("ul.conclusions")
    expect(conclusions).to_contain_text("IN The strikes had no valid legal basis")

    argument_map = ArgumentMap.objects.get(owner__username="student")
    kelly = Node.objects.get(map=argument_map, speaker="Anna Kelly (White House)")
    page.locator(f"#diagram g#node-{kelly.pk}").click()
    panel = page.locator("#panel")
    expect(panel).to_contain_text("collective self-defense")
    expect(panel.get_by_role("heading", name=re.compile("Passage"))).to_be_visible()
    assert f"selected=node-{kelly.pk}" in page.url

    panel.get_by_role("link", name="← Map overview").click()
    panel.get_by_text("A claim", exact=True).click()
    panel.get_by_label("Claim").fill("Self-defence of other nations needs their request.")
    panel.get_by_role("button", name="Add claim").click()
    expect(page.locator(".messages")).to_contain_text("Claim added.")
    claim = Node.objects.get(map=argument_map, kind="claim",
                             text="Self-defence of other nations needs their request.")
    expect(page.locator(f"#diagram g#node-{claim.pk}")).to_be_visible()


def test_a_reviewer_reads_the_map_but_gets_no_edit_controls(demo_site, page):
    log_in(page, demo_site.url, "reviewer", "reviewer-demo")
    page.get_by_role("link", name="Were the September 2025 boat strikes lawful?").click()
    expect(page.locator("#diagram svg")).to_be_visible()
    expect(page.get_by_role("button", name="Add claim")).to_have_count(0)
    expect(page.get_by_text("Delete node")).to_have_count(0)
