"""A whole review round in a real browser (issue 6): the student submits, the reviewer
comments on a link and marks it "needs authority", the student links the passage to the
2001 AUMF and replies, resubmits, and the reviewer sees the change and approves.

The demo map already has a round open, so the test builds its own small draft map (the
demo accounts and articles) through the services: deterministic, starting from draft.
"""

import re

import pytest
from playwright.sync_api import expect

from legalmap.articles.models import Article
from legalmap.maps import services
from legalmap.maps.models import ArgumentMap, Link, Membership, Node
from legalmap.reviews.models import MAX_COMMENT_CHARS, Comment, ReviewRound, Verdict
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

QUOTE = "Domestically, only Congress can declare war under the constitution"


@pytest.fixture
def draft(demo_site):
    """Sam's draft: one passage supporting one claim; Rae reviews it."""
    student = ArgumentMap.objects.get(title__startswith="Were the September").owner
    reviewer = Membership.objects.get(role="reviewer", map__owner=student).user
    article = Article.objects.get(seed_file="002_1a011125e0d69d2d.txt")
    argument_map = services.map_create(owner=student, title="Who may authorise the strikes?",
                                       articles=[article])
    write = {"argument_map": argument_map, "actor": student, "expected_version": None}
    services.membership_create(user=reviewer, role="reviewer", **write)
    start = article.text.index(QUOTE)
    passage = services.node_create(kind="passage", article=article, start=start,
                                   end=start + len(QUOTE), quote=QUOTE, stance="claim",
                                   speaker="Adriana Marin", **write)
    claim = services.node_create(kind="claim", text="Only Congress could authorise them.",
                                 **write)
    link = services.link_create(source=passage, relation="supports", target=claim, **write)
    return {"map": argument_map, "passage": passage, "link": link}


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_a_whole_round_from_submission_to_approval(demo_site, draft, page):
    base, argument_map = demo_site.url, draft["map"]
    review = f"{base}/maps/{argument_map.pk}/review/"
    on_link = f"{base}/maps/{argument_map.pk}/?selected=link-{draft['link'].pk}"
    messages = page.locator(".messages")
    status = page.locator("#review-status")  # what an htmx form did, said without a reload

    # The student submits the draft.
    log_in(page, base, "student", "student-demo")
    page.goto(review)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#map-status")).to_have_text("In review")
    log_out(page)

    # The reviewer comments on the link, marks it "needs authority", requests changes.
    log_in(page, base, "reviewer", "reviewer-demo")
    page.goto(on_link)
    panel = page.locator("#panel")
    panel.get_by_text("Comment on this link").click()
    panel.get_by_label("Comment (Markdown)").fill("Which **authority** lets Congress speak here?")
    panel.get_by_role("button", name="Post comment").click()
    expect(status).to_have_text("Comment posted.")
    expect(panel.locator(".comment strong", has_text="authority")).to_be_visible()
    panel.get_by_text("Give a verdict").click()
    panel.get_by_label("Verdict", exact=True).select_option("needs_authority")
    panel.get_by_role("button", name="Record verdict").click()
    expect(status).to_have_text("Verdict recorded: Needs authority.")
    page.goto(review)
    page.get_by_label("Note to the student").fill("Cite the AUMF.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#map-status")).to_have_text("Changes requested")
    log_out(page)

    # The student adds the AUMF from the catalogue, links the passage to it, replies.
    log_in(page, base, "student", "student-demo")
    page.goto(f"{base}/maps/{argument_map.pk}/")
    panel = page.locator("#panel")
    panel.get_by_text("An authority from the catalogue").click()
    panel.locator("#add-authority").select_option("aumf-2001")
    panel.get_by_role("button", name="Add authority").click()
    expect(messages).to_contain_text("added to the map")
    aumf = Node.objects.get(map=argument_map, authority__slug="aumf-2001")
    page.goto(f"{base}/maps/{argument_map.pk}/?selected=node-{draft['passage'].pk}")
    panel.get_by_text("Link from this node").click()
    panel.get_by_label("Relation").select_option("relies_on")
    panel.get_by_label("To (a node)").select_option(str(aumf.pk))
    panel.get_by_role("button", name="Add link").click()
    expect(messages).to_contain_text("Link added.")
    assert Link.objects.filter(map=argument_map, source=draft["passage"], target=aumf,
                               relation="relies_on").exists()
    page.goto(on_link)
    panel.locator("summary", has_text="Reply").click()
    panel.get_by_label("Reply", exact=True).fill("Linked it to the 2001 AUMF.")
    panel.get_by_role("button", name="Post reply").click()
    expect(status).to_have_text("Reply posted.")
    page.goto(review)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#map-status")).to_have_text("In review")
    log_out(page)

    # The reviewer sees the new link among the changes and approves.
    log_in(page, base, "reviewer", "reviewer-demo")
    page.goto(review)
    changes = page.locator("section.changes")
    expect(changes).to_contain_text("Links added")
    expect(changes).to_contain_text("relies on 2001 AUMF")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#map-status")).to_have_text("Approved")
    page.goto(f"{base}/maps/{argument_map.pk}/")
    expect(page.locator(".map-head .status")).to_have_text("Approved")

    assert [r.outcome for r in ReviewRound.objects.filter(map=argument_map)] == [
        "changes_requested", "approved"]
    assert list(Verdict.objects.filter(map=argument_map).values_list("value", flat=True)) == [
        "needs_authority"]
    assert [c.author.username for c in Comment.objects.filter(map=argument_map)] == [
        "reviewer", "student"]


def test_a_reviewer_comments_and_replies_in_the_panel_without_a_reload(demo_site, draft,
                                                                      page):
    """htmx: each form swaps only its thread; the panel stays open on the link, the diagram
    marks the open thread, and an over-long comment is refused with its text kept."""
    base, link = demo_site.url, draft["link"]
    log_in(page, base, "reviewer", "reviewer-demo")
    page.goto(f"{base}/maps/{draft['map'].pk}/")
    page.locator(f"#diagram g#link-{link.pk}").click()  # the panel opens by htmx too
    panel, status = page.locator("#panel"), page.locator("#review-status")
    expect(panel.get_by_role("heading", name=re.compile("Link: supports"))).to_be_visible()
    page.evaluate("window.stillThisPage = true")  # gone if anything reloads the page

    panel.get_by_text("Comment on this link").click()
    panel.get_by_label("Comment (Markdown)").fill("Is *this* passage the speaker's view?")
    panel.get_by_role("button", name="Post comment").click()
    expect(status).to_have_text("Comment posted.")
    thread = panel.locator("article.thread")
    expect(thread.locator(".comment em", has_text="this")).to_be_visible()
    expect(panel.locator(f"#open-link-{link.pk}")).to_have_text("(1 open)")
    expect(page.locator(f"#diagram g#link-{link.pk}")).to_have_class(re.compile("open-threads"))

    thread.locator("summary", has_text="Reply").click()
    thread.get_by_label("Reply", exact=True).fill("Adding: see the interview's second half.")
    thread.get_by_role("button", name="Post reply").click()
    expect(status).to_have_text("Reply posted.")
    expect(thread.locator(".comment.depth-1")).to_contain_text("the interview's second half")

    too_long = "Far too long. " + "x" * MAX_COMMENT_CHARS
    panel.get_by_text("Comment on this link").click()
    box = panel.get_by_label("Comment (Markdown)")
    box.fill(too_long)
    panel.get_by_role("button", name="Post comment").click()
    expect(status).to_contain_text("Your comment was not posted")
    expect(panel.locator(f"#new-comment-link-{link.pk}-error")).to_have_text(
        f"Ensure this value has at most {MAX_COMMENT_CHARS} characters "
        f"(it has {len(too_long)}).")
    expect(box).to_have_value(too_long)
    expect(box).to_be_focused()

    # Deleting asks once (htmx's hx-confirm; the page's own confirm stands aside).
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    thread.locator(".comment.depth-1").get_by_role("button", name="Delete comment").click()
    expect(status).to_have_text("Comment deleted.")
    expect(thread).to_contain_text("This comment was deleted.")
    assert dialogs == ["Delete your comment?"]

    assert page.evaluate("window.stillThisPage") is True
    expect(panel.get_by_role("heading", name=re.compile("Link: supports"))).to_be_visible()
    assert [(c.body, c.deleted_at is None) for c in Comment.objects.filter(
        map=draft["map"])] == [("Is *this* passage the speaker's view?", True), ("", False)]


def test_without_javascript_a_refused_comment_comes_back_in_its_box(demo_site, draft,
                                                                    browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base, link = demo_site.url, draft["link"]
    log_in(page, base, "reviewer", "reviewer-demo")
    page.goto(f"{base}/maps/{draft['map'].pk}/?selected=link-{link.pk}")
    panel = page.locator("#panel")
    panel.get_by_text("Comment on this link").click()
    too_long = "x" * (MAX_COMMENT_CHARS + 1)
    panel.get_by_label("Comment (Markdown)").fill(too_long)
    panel.get_by_role("button", name="Post comment").click()

    expect(page.locator(".messages")).to_contain_text("Your comment was not posted")
    expect(panel.get_by_label("Comment (Markdown)")).to_have_value(too_long)
    panel.get_by_label("Comment (Markdown)").fill("Shorter: which authority?")
    panel.get_by_role("button", name="Post comment").click()
    expect(page.locator(".messages")).to_contain_text("Comment posted.")
    expect(panel.locator(".comment")).to_contain_text("Shorter: which authority?")
    context.close()
