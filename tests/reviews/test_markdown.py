"""Comment bodies render from Markdown to HTML that cannot run anything."""

from legalmap.reviews.markdown import render, sanitize


def test_it_renders_plain_markdown():
    assert render("**Sound**, but see *Hamdi*.") == (
        "<p><strong>Sound</strong>, but see <em>Hamdi</em>.</p>\n")


def test_it_shows_a_script_tag_as_text():
    assert render("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")


def test_it_shows_raw_html_as_text():
    assert render('<b onclick="x()">bold</b> and <iframe src="//evil"></iframe>') == (
        '<p>&lt;b onclick="x()"&gt;bold&lt;/b&gt; and '
        '&lt;iframe src="//evil"&gt;&lt;/iframe&gt;</p>\n')


def test_it_refuses_a_javascript_link():
    assert render("[click](javascript:alert(1))") == "<p>[click](javascript:alert(1))</p>\n"


def test_it_refuses_a_data_link():
    assert render("[x](data:text/html,<script>1</script>)") == (
        "<p>[x](data:text/html,&lt;script&gt;1&lt;/script&gt;)</p>\n")


def test_it_shows_an_image_with_onerror_as_text():
    assert render("<img src=x onerror=alert(1)>") == (
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n")


def test_it_turns_a_markdown_image_into_a_plain_link():
    assert render("![pixel](https://tracker.example/p.gif)") == (
        '<p>!<a href="https://tracker.example/p.gif" rel="noopener nofollow ugc">pixel</a>'
        "</p>\n")


def test_it_marks_links_noopener_nofollow_ugc():
    assert render("[AUMF](https://www.congress.gov/bill/107th-congress/house-joint-resolution/64"
                  ' "text") or [mail](mailto:ta@example.org)') == (
        '<p><a href="https://www.congress.gov/bill/107th-congress/house-joint-resolution/64" '
        'title="text" rel="noopener nofollow ugc">AUMF</a> or '
        '<a href="mailto:ta@example.org" rel="noopener nofollow ugc">mail</a></p>\n')


def test_the_allow_list_alone_strips_scripts_handlers_and_bad_schemes():
    dirty = ('<p onclick="x()">hi<script>alert(1)</script>'
             '<img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a>'
             '<a href="https://ok.example" target="_blank">b</a></p>')

    assert sanitize(dirty) == (
        '<p>hi<a rel="noopener nofollow ugc">a</a>'
        '<a href="https://ok.example" rel="noopener nofollow ugc">b</a></p>')


def test_it_renders_nothing_for_a_deleted_body():
    assert render("") == ""
