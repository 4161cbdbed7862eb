"""A diagram too large for one legible page is printed as an overview and numbered tiles;
every node is on some tile, at a size that can be read."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from legalmap.exports.formats import pdf_tiles

SVG = "{http://www.w3.org/2000/svg}"


def dot_svg(source: str) -> str:
    svg = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True,
                         check=True, timeout=30).stdout
    return svg[svg.index("<svg"):]


def node_titles(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")
            if g.get("class") == "node"}


@pytest.fixture(scope="module")
def long_chain():
    """Forty boxes in a row: about 40 inches wide, far too wide for one legible page."""
    chain = " -> ".join(f"n{i}" for i in range(40))
    return dot_svg(f'digraph {{ rankdir=LR; node [shape=box, fontsize=10]; {chain}; }}')


def test_a_small_diagram_stays_on_one_page(long_chain):
    svg = dot_svg("digraph { a -> b; }")
    printed = pdf_tiles.lay_out(svg, page_width=740, page_height=400)
    assert not printed.split and printed.scale == 1.0


def test_a_wide_diagram_is_split_into_legible_tiles_holding_every_node(long_chain):
    printed = pdf_tiles.lay_out(long_chain, page_width=740, page_height=400, legible=0.6)

    assert printed.split
    assert len(printed.tiles) == printed.rows * printed.columns > 1
    assert printed.scale >= 0.6  # node labels print at 6 pt or more
    on_tiles = [node_titles(pdf_tiles_svg(t)) for t in printed.tiles]
    assert set().union(*on_tiles) == {f"n{i}" for i in range(40)}
    # Each tile holds its own stretch of the chain, not the whole drawing.
    assert all(len(nodes) < 40 for nodes in on_tiles)
    for tile in printed.tiles:
        assert tile.width_pt <= 740.01 and tile.height_pt <= 400.01


def test_a_diagram_needing_too_many_pages_is_refused_so_the_caller_draws_less(long_chain):
    assert pdf_tiles.lay_out(long_chain, page_width=740, page_height=400, legible=3.0,
                             max_tiles=4) is None


def pdf_tiles_svg(tile) -> str:
    import base64

    return base64.b64decode(tile.uri.split(",", 1)[1]).decode()


def test_a_mid_sized_map_prints_its_diagram_over_numbered_pages(db):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    from legalmap.exports import services
    from legalmap.exports.formats import RENDERERS
    from tests.factories import ClaimFactory, LinkFactory, MapFactory

    argument_map = MapFactory(title="Forty steps")
    claims = [ClaimFactory(map=argument_map, text=f"Step {i:02d}") for i in range(40)]
    for a, b in zip(claims, claims[1:], strict=False):
        LinkFactory(source=a, target=b, relation="supports")

    pdf = pypdf.PdfReader(io.BytesIO(RENDERERS["pdf"].render(
        services.export_bundle(argument_map))))
    pages = [page.extract_text() for page in pdf.pages]

    parts = [text for text in pages if re.search(r"Diagram, part \d+ of \d+", text)]
    assert len(parts) > 1
    count = int(re.search(r"part 1 of (\d+)", parts[0]).group(1))
    assert len(parts) == count
    drawn = " ".join(parts)
    assert [c.text for c in claims if c.text not in drawn] == []
