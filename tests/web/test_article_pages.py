"""Article pages: the list, one article, and the instructor's upload / paste form."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legalmap.articles.models import Article, ArticleRevision
from legalmap.articles.services import article_revise
from tests.factories import ArticleFactory, MapFactory, PassageFactory

pytestmark = pytest.mark.django_db


def strip_tags(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def rows(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [strip_tags(tr) for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def metadata(**extra):
    return {"title": "Strike on a vessel", "publisher": "Wire", "author": "A. Reporter",
            "published": "2025-09-03", "url": "https://example.org/strike", **extra}


# --- list and detail ---------------------------------------------------------------------

def test_the_list_counts_only_passages_in_maps_the_user_can_see(client, world):
    world["article"].published = "2025-09-02"
    world["article"].save()
    client.force_login(world["owner"])
    alice = rows(client.get("/articles/").content.decode())
    client.force_login(world["outsider"])
    dave = rows(client.get("/articles/").content.decode())
    title = world["article"].title
    assert alice == [f"{title} Test Wire 2 Sep 2025 1 1"]
    assert dave == [f"{title} Test Wire 2 Sep 2025 1 0"]


def test_the_list_filters_by_a_word_in_the_text(client, cast):
    ArticleFactory(title="About Congress", text="Only Congress can declare war.")
    ArticleFactory(title="About the sea", text="The vessel sank.")
    client.force_login(cast["reviewer"])
    page = client.get("/articles/", {"q": "declare"}).content.decode()
    assert [r.split(" Test Wire")[0] for r in rows(page)] == ["About Congress"]


def test_only_instructors_are_offered_add_article(client, cast):
    client.force_login(cast["owner"])
    assert "/articles/new/" not in client.get("/articles/").content.decode()
    client.force_login(cast["instructor"])
    assert 'href="/articles/new/">Add article</a>' in client.get("/articles/").content.decode()


def test_the_detail_page_shows_paragraphs_revisions_and_the_maps_to_read_it_in(client, world):
    article = world["article"]
    # The factory skips the service, so record the first revision as article_create does.
    ArticleRevision.objects.create(article=article, number=1, text=article.text,
                                   sha256=article.sha256)
    article_revise(article=article, text=article.text + "\n\nA third paragraph.\nSame one.")
    client.force_login(world["reviewer"])
    page = client.get(f"/articles/{article.pk}/").content.decode()

    text = page[page.index('<div class="article-text'):page.index("</div>", page.index(
        '<div class="article-text'))]
    assert re.findall(r"<p>(.*?)</p>", text, re.S) == [
        "The strike hit a vessel in international waters. Officials said it was self-defence.",
        "Critics said only Congress can declare war. “It was an extrajudicial killing,” one "
        "said.",
        "A third paragraph.", "Same one.",
    ]
    revisions = [strip_tags(li) for li in re.findall(
        r"<li>(Revision.*?)</li>", page, re.S)]
    shas = [r.sha256[:12] for r in ArticleRevision.objects.filter(article=article)
            .order_by("-number")]
    assert [r.split(" · ")[0] + " · " + r.split(" · ")[2] for r in revisions] == [
        f"Revision 2 (current) · {shas[0]}", f"Revision 1 · {shas[1]}"]
    assert (f'<a href="/maps/{world["map"].pk}/articles/{article.pk}/">Boat strikes</a>'
            in page)
    assert "by alice · 1 passage" in page


def test_an_outsider_reads_the_article_but_not_the_maps_that_use_it(client, world):
    client.force_login(world["outsider"])
    page = client.get(f"/articles/{world['article'].pk}/").content.decode()
    assert "Critics said only Congress can declare war." in page
    assert "Boat strikes" not in page and f"/maps/{world['map'].pk}/" not in page
    assert "None of the maps you can see uses this article." in page


def test_the_article_text_is_escaped(client, cast):
    article = ArticleFactory(text="Tags <script>alert(1)</script> are text here.")
    client.force_login(cast["owner"])
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<p>Tags &lt;script&gt;alert(1)&lt;/script&gt; are text here.</p>" in page


def test_the_list_costs_the_same_queries_for_many_articles(
        client, cast, django_assert_num_queries):
    owner = cast["owner"]
    for _ in range(12):
        article = ArticleFactory()
        PassageFactory(map=MapFactory(owner=owner, articles=[article]), article=article)
    client.force_login(owner)
    # session, user, articles with their counts, the header's unread notification count
    with django_assert_num_queries(4):
        client.get("/articles/")


# --- adding an article -------------------------------------------------------------------

@pytest.fixture
def ida(client, cast):
    client.force_login(cast["instructor"])
    return client


def added() -> Article:
    return Article.objects.get(title="Strike on a vessel")


def test_a_pasted_text_becomes_an_article_with_unix_line_endings(ida):
    response = ida.post("/articles/new/", metadata(text="First line.\r\nSecond.\r\n\r\nNext."))
    article = added()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert (article.text, article.source, article.revision) == (
        "First line.\nSecond.\n\nNext.", "paste", 1)
    assert (article.publisher, article.author, str(article.published), article.url) == (
        "Wire", "A. Reporter", "2025-09-03", "https://example.org/strike")


def test_a_txt_upload_is_stored_as_written(ida):
    ida.post("/articles/new/", metadata(file=upload("a.txt", "“Curly” — dash 😀\n\nTwo.\n")))
    assert (added().text, added().source) == ("“Curly” — dash 😀\n\nTwo.", "upload")


def test_a_markdown_upload_keeps_the_words_and_drops_the_markup(ida):
    source = ("# Strike\n\nThe *Pentagon* said [more](https://x.test) soon,\nin 5 * 3 ways.\n\n"
              "- first point\n- second_point\n")
    ida.post("/articles/new/", metadata(file=upload("story.md", source)))
    assert added().text == (
        "Strike\n\nThe Pentagon said more soon, in 5 * 3 ways.\n\nfirst point\n\nsecond_point")


def test_an_html_upload_is_reduced_to_what_a_reader_sees(ida):
    page = """<!doctype html><html><head><title>Site</title><style>p{color:red}</style></head>
    <body><header>Menu</header><nav><a href="/">Home</a></nav>
    <article><h1>Strike at sea</h1><p>The &ldquo;vessel&rdquo; was <b>hit</b>
    on Tuesday.</p><script>track("reader")</script>
    <p>Officials said<br>it was lawful.</p></article><aside>Related</aside>
    <footer>© Wire</footer></body></html>"""
    ida.post("/articles/new/", metadata(file=upload("page.HTML", page)))
    assert added().text == (
        "Strike at sea\n\nThe “vessel” was hit on Tuesday.\n\nOfficials said\nit was lawful.")


def test_a_byte_order_mark_is_not_part_of_the_text(ida):
    ida.post("/articles/new/", metadata(file=upload("bom.txt", "\ufeffText.".encode())))
    assert added().text == "Text."


def test_the_form_has_a_label_for_every_control(ida):
    page = ida.get("/articles/new/").content.decode()
    page = page[page.index('<form class="card article-form"'):]
    ids = re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', page)
    assert set(ids) == {"id_title", "id_publisher", "id_author", "id_published", "id_url",
                        "id_file", "id_text"}
    assert all(f'for="{i}"' in page for i in ids)


BAD_INPUT = {
    "wrong extension": (
        {"file": lambda: upload("story.pdf", "%PDF-1.7")},
        {"file": ["Upload a .txt, .md, .html or .htm file."]}),
    "too big": (
        {"file": lambda: upload("big.txt", "a" * (2 * 1024 * 1024 + 1))},
        {"file": ["The file is larger than 2 MB."]}),
    "not UTF-8": (
        {"file": lambda: upload("latin1.txt", "Café".encode("latin-1"))},
        {"file": ["The file is not UTF-8 text. Save it as UTF-8 and upload it again."]}),
    "a file with no readable text": (
        {"file": lambda: upload("empty.html", "<script>x()</script><nav>Home</nav>")},
        {"file": ["The file has no readable text."]}),
    "blank pasted text": (
        {"text": lambda: "  \r\n\t "}, {"text": ["The pasted text is empty."]}),
    "both file and text": (
        {"file": lambda: upload("a.txt", "From a file."), "text": lambda: "And pasted."},
        {"file": ["Upload a file or paste text, not both."]}),
    "neither file nor text": (
        {}, {"text": ["Paste the article's text or upload a file."]}),
    "no title and a bad date": (
        {"title": lambda: "", "published": lambda: "3 Sept", "text": lambda: "Fine."},
        {"title": ["This field is required."], "published": ["Enter a valid date."]}),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(ida, case):
    fields, errors = BAD_INPUT[case]
    response = ida.post("/articles/new/", metadata(**{k: v() for k, v in fields.items()}))
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert "nothing was saved" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_student_cannot_post_an_article(client, cast):
    client.force_login(cast["owner"])
    response = client.post("/articles/new/", metadata(text="Sneaky."))
    assert response.status_code == 403
    assert Article.objects.count() == 0
