"""The article reader in a real browser: select text, mark a passage, and get it back exactly."""

import re

import pytest
from django.db.models import F
from playwright.sync_api import expect

from legalmap.articles.services import article_create
from legalmap.maps import services
from legalmap.maps.models import ArgumentMap, Link, Node
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

# Select the n-th occurrence of ``needle`` in #article-text as a user would leave it: a DOM
# Range over the text nodes (counted in UTF-16, as browsers do), then the mouseup of a drag.
SELECT = """([needle, occurrence]) => {
  const root = document.getElementById("article-text");
  const text = root.textContent;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error("not in the text: " + needle);
  const point = (offset) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node, seen = 0;
    while ((node = walker.nextNode())) {
      if (seen + node.data.length > offset) return [node, offset - seen];
      seen += node.data.length;
    }
    return [root, root.childNodes.length];
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + needle.length));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}"""

SENTENCE = ("“The strike was conducted in international waters just off the coast of Venezuela "
            "while the vessel was transporting substantial amounts of narcotics – headed to "
            "America to poison our people,”")
ARTICLE = "Trump refuses to rule out striking Venezuela. What's next for Trump's war on drugs?"


def select_text(page, needle, occurrence=0):
    page.wait_for_load_state("domcontentloaded")  # reader.js is deferred until then
    page.evaluate(SELECT, [needle, occurrence])
    expect(page.locator("#passage-form")).to_be_visible()


def test_a_student_marks_a_contested_critique_and_finds_it_after_a_reload(demo_site, page):
    log_in(page, demo_site.url, "student", "student-demo")
    page.get_by_text("New map", exact=True).click()
    page.get_by_label("Title").fill("Did the strikes respect the law of the sea?")
    page.get_by_label(ARTICLE).check()
    page.get_by_role("button", name="Create map").click()
    page.get_by_role("link", name=re.compile("^Trump refuses to rule out")).click()
    expect(page.get_by_role("heading", name=ARTICLE)).to_be_visible()

    select_text(page, SENTENCE)
    form = page.locator("#passage-form")
    expect(form.locator("#pf-quote")).to_have_text(SENTENCE)
    page.keyboard.press("c")  # the stance shortcut, while the form is open
    expect(form.get_by_label("Critique")).to_be_checked()
    form.get_by_label("Speaker").fill("Pete Hegseth")
    form.get_by_label("Link authorities").fill("UNCLOS art. 92")
    form.get_by_role("option", name=re.compile("^UNCLOS art. 92 — ")).click()
    form.get_by_label("Relation to UNCLOS art. 92").select_option("disputes")
    form.get_by_label("Speaker").press("Enter")

    expect(page.locator("#reader-status")).to_have_text("Passage saved.")
    argument_map = ArgumentMap.objects.get(title="Did the strikes respect the law of the sea?")
    passage = Node.objects.get(map=argument_map, kind="passage")
    assert (passage.quote, passage.stance, passage.speaker) == (
        SENTENCE, "critique", "Pete Hegseth")
    assert passage.article.text[passage.start:passage.end] == SENTENCE
    link = Link.objects.get(source=passage)
    assert (link.relation, link.target.authority.slug) == ("disputes", "unclos-92")

    for _ in range(2):  # as saved, then after a reload
        marked = page.locator(f'#article-text .seg[data-passages~="{passage.pk}"]')
        expect(marked).to_have_text(SENTENCE)
        expect(marked).to_have_class(re.compile(r"\bs-critique\b"))
        expect(marked).to_have_attribute(
            "title", re.compile("Pete Hegseth.*disputes applicability UNCLOS"))
        page.reload()


def test_the_passage_form_offers_the_four_relations_with_one_key_each(demo_site, page):
    """Issue 14: relies on (r), says violates (v), disputes applicability (d), says complies
    (o) — the key sets the authority row in focus, or else the last one added."""
    argument_map = ArgumentMap.objects.get(owner__username="student")
    article = argument_map.articles.get(title=ARTICLE)
    log_in(page, demo_site.url, "student", "student-demo")
    page.goto(f"{demo_site.url}/maps/{argument_map.pk}/articles/{article.pk}/")
    page.wait_for_load_state("domcontentloaded")
    page.evaluate(SELECT, [SENTENCE, 0])
    form = page.locator("#passage-form")
    expect(form).to_be_visible()
    page.keyboard.press("j")
    for name in ("UNCLOS art. 92", "ICCPR art. 6"):
        form.get_by_label("Link authorities").fill(name)
        form.get_by_role("option", name=re.compile(f"^{re.escape(name)} — ")).click()
    unclos = form.get_by_label("Relation to UNCLOS art. 92")
    iccpr = form.get_by_label("Relation to ICCPR art. 6")
    expect(unclos.locator("option")).to_have_text([
        "relies on (r)", "says violates (v)", "disputes applicability (d)", "says complies (o)"])
    expect(form.locator("#pf-rel-keys")).to_contain_text("r relies on · v says violates")
    expect(iccpr).to_have_value("relies_on")

    form.get_by_label("Justification").focus()
    for key, value in (("v", "violates"), ("d", "disputes"), ("o", "complies")):
        page.keyboard.press(key)  # no menu in focus: the last authority added
        expect(iccpr).to_have_value(value)
    expect(form.get_by_label("Justification")).to_be_checked()  # not a stance key
    unclos.focus()
    page.keyboard.press("d")  # on a menu: that authority
    expect(unclos).to_have_value("disputes")
    form.get_by_label("Justification").press("Enter")

    expect(page.locator("#reader-status")).to_have_text("Passage saved.")
    passage = Node.objects.filter(map=argument_map, kind="passage", quote=SENTENCE).get()
    assert sorted(Link.objects.filter(source=passage).values_list(
        "target__authority__slug", "relation")) == [("iccpr-6", "complies"),
                                                    ("unclos-92", "disputes")]


@pytest.fixture
def tricky(demo_site):
    """A map over an article full of what breaks naive offsets; stored as \\n, like all."""
    student = ArgumentMap.objects.get(owner__username="student").owner
    text = ("Notice: 🚤 boats and 👨‍👩‍👧 families; cafe\u0301 “quotes” — dashes.\r\n\r\n"
            "The ministère said: “It was lawful.” Then 😀 more.\r\nLast line, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.")
    article = article_create(title="Tricky text", text=text)
    argument_map = services.map_create(owner=student, title="Tricky", articles=[article])
    return f"{demo_site.url}/maps/{argument_map.pk}/articles/{article.pk}/", argument_map


def save_as_fact(page):
    page.keyboard.press("f")
    page.locator("#passage-form").get_by_role("button", name="Save").click()
    expect(page.locator("#reader-status")).to_have_text("Passage saved.")
    expect(page.locator("#passage-form")).to_be_hidden()


def test_selections_after_emoji_and_combining_marks_are_stored_exactly(tricky, page, demo_site):
    url, argument_map = tricky
    log_in(page, demo_site.url, "student", "student-demo")
    page.goto(url)
    text = argument_map.articles.get().text
    assert "\r" not in text
    # Across the paragraph break, after astral characters and a combining mark.
    across = "dashes.\n\nThe ministère said: “It was lawful.”"
    select_text(page, across)
    save_as_fact(page)
    # Nested inside the first one, and after one more emoji.
    select_text(page, "“It was lawful.”")
    save_as_fact(page)
    # Overlapping the first one's end; meanwhile someone else changes the map (412).
    select_text(page, "lawful.” Then 😀 more.")
    ArgumentMap.objects.filter(pk=argument_map.pk).update(version=F("version") + 1)
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator("#pf-error")).to_contain_text("Someone changed this map meanwhile")
    save_as_fact(page)  # the page took the new version: saving again works

    stored = {n.quote: (n.start, n.end) for n in Node.objects.filter(map=argument_map)}
    for quote in (across, "“It was lawful.”", "lawful.” Then 😀 more."):
        start = text.index(quote)
        assert stored[quote] == (start, start + len(quote))  # code points, not UTF-16 units

    page.reload()
    assert page.evaluate("document.getElementById('article-text').textContent") == text
    ids = [str(n.pk) for n in Node.objects.filter(map=argument_map).order_by("id")]
    shared = page.locator(f'#article-text .seg[data-passages~="{ids[0]}"]'
                          f'[data-passages~="{ids[1]}"][data-passages~="{ids[2]}"]')
    expect(shared).to_have_text("lawful.”")
    for _ in range(3):  # one click per passage under the same words, in turn
        shared.click()
    expect(page.locator(".pitem.current")).to_have_count(1)
    assert sorted(page.evaluate("[...document.querySelectorAll('.pitem.current')]"
                                ".map(li => li.dataset.passage)")) in ([ids[0]], [ids[1]],
                                                                       [ids[2]])


def test_shift_arrows_select_from_the_keyboard(tricky, page, demo_site):
    url, argument_map = tricky
    log_in(page, demo_site.url, "student", "student-demo")
    page.goto(url)
    page.wait_for_load_state("domcontentloaded")
    page.locator("#article-text").focus()
    page.keyboard.down("Shift")
    for _ in range(10):  # "Notice: 🚤" is ten code points... and eleven UTF-16 units
        page.keyboard.press("ArrowRight")
    page.keyboard.up("Shift")
    expect(page.locator("#pf-quote")).to_have_text("Notice: 🚤 ")
    save_as_fact(page)
    passage = Node.objects.get(map=argument_map)
    assert (passage.start, passage.end, passage.quote) == (0, 10, "Notice: 🚤 ")


def test_a_reviewer_reads_without_edit_controls_and_an_outsider_gets_404(demo_site, page):
    argument_map = ArgumentMap.objects.get(owner__username="student")
    article = argument_map.articles.filter(passages__map=argument_map).first()
    url = f"{demo_site.url}/maps/{argument_map.pk}/articles/{article.pk}/"
    log_in(page, demo_site.url, "reviewer", "reviewer-demo")
    page.goto(url)
    expect(page.locator("#article-text .seg").first).to_be_visible()
    expect(page.locator("#passage-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Edit")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
    answer = page.evaluate("""async () => {
      const reader = document.getElementById("reader");
      const response = await fetch(reader.dataset.createUrl, {
        method: "POST",
        headers: {"Content-Type": "application/json",
                  "X-CSRFToken": reader.querySelector("[name=csrfmiddlewaretoken]").value,
                  "If-Match": `"${reader.dataset.version}"`},
        body: JSON.stringify({start: 0, end: 3,
          quote: document.getElementById("article-text").textContent.slice(0, 3),
          stance: "fact"})});
      return [response.status, await response.json()];
    }""")
    assert answer == [403, {"detail": "You can read this map but not change it."}]

    UserFactory(username="outsider", password="outsider-pw")
    page.context.clear_cookies()
    log_in(page, demo_site.url, "outsider", "outsider-pw")
    assert page.goto(url).status == 404


def in_view(page, selector):
    return page.evaluate("""(sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""", selector)


def test_at_800_pixels_the_form_comes_up_in_view_with_the_selection_above_it(demo_site, page):
    """The side column sits below the article there: the form must not open out of sight."""
    log_in(page, demo_site.url, "student", "student-demo")
    argument_map = ArgumentMap.objects.get(owner__username="student")
    article = argument_map.articles.get(title=ARTICLE)
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{demo_site.url}/maps/{argument_map.pk}/articles/{article.pk}/")
    needle = "Bryan Clark, director of the Hudson Institute"
    page.get_by_text(needle).first.scroll_into_view_if_needed()

    select_text(page, needle)

    assert in_view(page, "#passage-form")
    form_top = page.locator("#passage-form").bounding_box()["y"]
    selection = page.evaluate(
        "document.getSelection().getRangeAt(0).getBoundingClientRect().bottom")
    assert 0 < selection < form_top  # the chosen words stay readable above the form
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator("#reader-status")).to_have_text("Passage saved.")
    assert in_view(page, "#reader-status")
