"""Uploaded files → the plain text an article stores. Pure Python, no Django.

Passages are offsets into ``Article.text``, so the text must be what a reader sees: no
markup, no scripts, no navigation. Paragraphs are separated by one blank line (the reader
pages split on that); a ``<br>`` inside a paragraph stays a single line break.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Page furniture and non-content: dropped with everything inside them.
SKIP_TAGS = frozenset({
    "script", "style", "nav", "header", "footer", "aside",
    # Not content either: the document head, fallbacks and embedded objects.
    "head", "title", "noscript", "template", "iframe", "svg", "object", "button", "select",
})
# Tags that end a paragraph, as a browser would start a new block for them.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "pre", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
    "tbody", "tr", "td", "th", "caption", "hr", "address", "details", "summary", "form",
    "fieldset", "body", "html",
})
# Void elements never get an end tag, so they must not open a skipped region.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})
# HTML's collapsible whitespace (not U+00A0: a no-break space is content).
_SPACES = re.compile(r"[ \t\n\r\f]+")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._skip: list[str] = []  # stack of open skipped tags
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        if self._skip or tag in SKIP_TAGS:
            # Count nested openings so "</nav>" closes the right region.
            if tag in SKIP_TAGS and tag not in VOID_TAGS:
                self._skip.append(tag)
            return
        if tag == "br":
            self._buffer.append("\n")
        elif tag in BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag, attrs):
        # "<br/>" and friends: no content, never open a region.
        if not self._skip and tag == "br":
            self._buffer.append("\n")
        elif not self._skip and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if self._skip:
            if tag in self._skip:
                # Tolerate sloppy nesting: close back to the matching opening.
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in BLOCK_TAGS:
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self._buffer.append(data if self._pre else _SPACES.sub(" ", data))

    def _flush(self):
        raw = "".join(self._buffer)
        self._buffer = []
        if self._pre:
            text = raw.strip("\n")
            if text.strip():
                self.paragraphs.append(text)
            return
        # Chunks were collapsed one by one; "a <b> b</b>" still leaves two spaces to join.
        lines = [re.sub(r" {2,}", " ", line).strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append(text)

    def close(self):
        super().close()
        self._flush()


def html_to_text(html: str) -> str:
    """Readable text of an HTML document: one paragraph per block, blank line between."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "\n\n".join(parser.paragraphs)


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document.

    Rendered by markdown-it (CommonMark) and then reduced like HTML, rather than stripped
    with regular expressions: only real markup goes, so an asterisk in "5 * 3" or the
    underscores in "snake_case" survive. Typographic replacements stay off: the quotes and
    dashes are the author's.
    """
    from markdown_it import MarkdownIt

    return html_to_text(MarkdownIt("commonmark").render(source))


def plain_text(source: str) -> str:
    return source


CONVERTERS = {".txt": plain_text, ".md": markdown_to_text, ".html": html_to_text,
              ".htm": html_to_text}


def file_to_text(name: str, data: bytes) -> str:
    """Decode ``data`` as UTF-8 and convert by the file's extension.

    Raises ``UnicodeDecodeError`` for other encodings and ``KeyError`` for other extensions.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    converter = CONVERTERS[suffix]
    # "utf-8-sig": a byte-order mark (Windows editors add one) is not part of the text.
    return converter(data.decode("utf-8-sig")).strip()
