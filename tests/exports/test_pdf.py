"""The PDF a student hands in holds every quote, citation, verdict and comment of the map."""

import io
import re

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from legalmap.exports import services  # noqa: E402
from legalmap.exports.formats import RENDERERS  # noqa: E402


def _flat(text: str) -> str:
    """Whitespace as one space, none before punctuation: pypdf puts a space where a glyph's
    advance differs from the next glyph's position (after "–" in "II–IV,", for one)."""
    return re.sub(r" ([,.;:)])", r"\1", " ".join(text.split()))


@pytest.fixture
def pdf_text(demo):
    bundle = services.export_bundle(demo)
    reader = pypdf.PdfReader(io.BytesIO(RENDERERS["pdf"].render(bundle)))
    return bundle, reader, _flat(" ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_holds_every_quote_citation_verdict_and_comment(pdf_text):
    bundle, _, text = pdf_text
    graph = bundle.graph

    missing = [n.text for n in graph.nodes.values() if n.kind == "passage"
               and _flat(n.text) not in text]
    missing += [n.citation for n in graph.nodes.values() if n.kind == "authority"
                and _flat(n.citation) not in text]
    missing += [f"{v.reviewer}: {v.value}" for v in bundle.verdicts
                if f"{v.reviewer}: {v.value.replace('_', ' ').capitalize()}" not in text]
    missing += [v.reason for v in bundle.verdicts if v.reason and _flat(v.reason) not in text]
    missing += [c.body for c in bundle.comments if _flat(c.body) not in text]
    assert missing == []


def test_the_pdf_has_a_title_page_and_numbered_pages(pdf_text):
    bundle, reader, text = pdf_text

    first = _flat(reader.pages[0].extract_text())
    assert bundle.title in first and bundle.author in first and "Review status" in first
    assert f"Page 2 of {len(reader.pages)}" in _flat(reader.pages[1].extract_text())


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_pdf_comes_in_a4_and_us_letter(demo, paper, size):
    bundle = services.export_bundle(demo)
    bundle.paper = paper

    reader = pypdf.PdfReader(io.BytesIO(RENDERERS["pdf"].render(bundle)))

    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_the_pdf_prints_the_key_to_the_diagram_beside_it(pdf_text):
    """The exported SVG carries no legend (issue 15): the PDF prints the key in HTML."""
    _, reader, _ = pdf_text
    page = _flat(reader.pages[1].extract_text())  # the diagram's page, after the title page

    assert page.startswith("Diagram")

    for words in ("supports", "attacks", "undercuts (the inference)", "relies on (an authority)",
                  "says violates (an authority)", "disputes applicability (of an authority)",
                  "says complies (with an authority)", "bold dotted line, open box",
                  "IN accepted", "OUT defeated", "UNDEC undecided"):
        assert words in page
