"""The diagram on paper: whole on one page when it is legible there, else an overview page
and the diagram split into tiles at a legible scale, one per page.

A tile is the same Graphviz SVG with its ``viewBox`` narrowed to the tile *and* only the
nodes, edges and clusters that reach into it: WeasyPrint draws every element of an SVG
whatever its viewBox, so cropping by viewBox alone costs a whole diagram per page (about
1 s a page at 60 nodes), while dropping what lies outside keeps all the tiles together
near the cost of drawing the diagram once.
"""

from __future__ import annotations

import base64
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_TRANSLATE = re.compile(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*([\d.]+)(?:[ ,]+([\d.]+))?\s*\)")
# A tile keeps what reaches this far (points) past its edge: a label cut at the edge is
# continued, not lost, on the next tile.
OVERLAP = 12.0


@dataclass
class Tile:
    number: int
    row: int
    column: int
    uri: str
    width_pt: float  # printed size
    height_pt: float


@dataclass
class PrintedDiagram:
    overview: str  # data: URI of the whole diagram
    overview_scale: float  # the scale it prints at on one page
    scale: float  # the scale of the tiles (1.0 = the drawing's own points)
    rows: int = 1
    columns: int = 1
    tiles: list[Tile] = field(default_factory=list)
    orientation: str = "landscape"  # of the tile pages

    @property
    def split(self) -> bool:
        return bool(self.tiles)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _bbox(element, dx: float, dy: float) -> tuple[float, float, float, float] | None:
    """The box, in viewBox units, around every coordinate an element and its children draw.
    Graphviz writes absolute coordinates (points, x/y, path data) under one translate."""
    xs, ys = [], []
    for el in element.iter():
        for name in ("points", "d"):
            if value := el.get(name):
                numbers = [float(n) for n in _NUMBER.findall(value)]
                xs += numbers[0::2]
                ys += numbers[1::2]
        for x_name, y_name in (("x", "y"), ("cx", "cy"), ("x1", "y1"), ("x2", "y2")):
            if el.get(x_name) is not None and el.get(y_name) is not None:
                x, y = float(el.get(x_name)), float(el.get(y_name))
                xs.append(x)
                ys.append(y)
                if el.tag == f"{{{SVG}}}text":  # text runs right and up from its anchor
                    size = float(el.get("font-size") or 10)
                    width = 0.6 * size * len(el.text or "")
                    xs += [x - width, x + width]
                    ys.append(y - size)
        for w_name, h_name in (("rx", "ry"),):
            if el.get(w_name) is not None and el.get("cx") is not None:
                cx, cy = float(el.get("cx")), float(el.get("cy"))
                rx, ry = float(el.get(w_name)), float(el.get(h_name) or el.get(w_name))
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
    if not xs or not ys:
        return None
    return min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy


def lay_out(svg: str, *, page_width: float, page_height: float, legible: float = 0.6,
            max_tiles: int = 16, portrait: tuple[float, float] | None = None,
            ) -> PrintedDiagram | None:
    """How ``svg`` goes on pages of ``page_width`` × ``page_height`` points: one page when
    it fits at ``legible`` scale or more; else tiles, as few as print at that scale, each
    as large as its page allows. ``None`` when that would take more than ``max_tiles``
    pages (the caller draws a smaller diagram)."""
    root = ET.fromstring(svg)
    view = [float(v) for v in root.get("viewBox", "").split()]
    if len(view) != 4:
        raise ValueError("The diagram has no viewBox.")
    vx, vy, width, height = view
    fit = min(page_width / width, page_height / height)
    whole = PrintedDiagram(overview=data_uri(svg), overview_scale=min(fit, 1.0),
                           scale=min(fit, 1.0))
    if fit >= legible:
        return whole
    # Tiles on landscape pages, or on portrait ones (``portrait``: their width and
    # height) when a tall diagram takes fewer of those.
    options = [("landscape", page_width, page_height)]
    if portrait:
        options.append(("portrait", *portrait))
    pages = [(math.ceil(width * legible / w) * math.ceil(height * legible / h), i, name, w, h)
             for i, (name, w, h) in enumerate(options)]
    count, _, orientation, page_width, page_height = min(pages)
    if count > max_tiles:
        return None
    columns = math.ceil(width * legible / page_width)
    rows = math.ceil(height * legible / page_height)
    # As large as that many pages allow: fewer, fuller pages than a fixed scale would give.
    scale = min(columns * page_width / width, rows * page_height / height)
    graph = root.find(f"{{{SVG}}}g")
    if graph is None:
        raise ValueError("The diagram has no graph group.")
    dx = dy = 0.0
    if m := _TRANSLATE.search(graph.get("transform", "")):
        dx, dy = float(m.group(1)), float(m.group(2))
    if (m := _SCALE.search(graph.get("transform", ""))) and float(m.group(1)) != 1.0:
        raise ValueError("Scaled diagrams are not tiled.")  # Graphviz writes scale(1 1)
    children = list(graph)
    boxes = [(child, _bbox(child, dx, dy)) for child in children]
    tile_w, tile_h = width / columns, height / rows
    for child in children:
        graph.remove(child)
    tiles = []
    for r in range(rows):
        for c in range(columns):
            x0, y0 = vx + c * tile_w, vy + r * tile_h
            x1, y1 = x0 + tile_w, y0 + tile_h
            for child, box in boxes:
                # Titles, comments and the background polygon (no box, or the whole page)
                # stay on every tile; the rest only where it reaches into the tile.
                if box is None or (box[0] < x1 + OVERLAP and box[2] > x0 - OVERLAP
                                   and box[1] < y1 + OVERLAP and box[3] > y0 - OVERLAP):
                    graph.append(child)
            root.set("viewBox", f"{x0:.2f} {y0:.2f} {tile_w:.2f} {tile_h:.2f}")
            root.set("width", f"{tile_w:.2f}pt")
            root.set("height", f"{tile_h:.2f}pt")
            text = ET.tostring(root, encoding="unicode")
            for child in list(graph):
                graph.remove(child)
            tiles.append(Tile(number=len(tiles) + 1, row=r + 1, column=c + 1,
                              uri=data_uri(text), width_pt=tile_w * scale,
                              height_pt=tile_h * scale))
    overview = _with_grid(svg, vx, vy, tile_w, tile_h, rows, columns)
    return PrintedDiagram(overview=data_uri(overview), overview_scale=fit, scale=scale,
                          rows=rows, columns=columns, tiles=tiles, orientation=orientation)


def _with_grid(svg: str, vx, vy, tile_w, tile_h, rows, columns) -> str:
    """The whole diagram with the tiles outlined and numbered, to find a part by."""
    size = max(tile_w, tile_h) / 6
    marks = []
    for r in range(rows):
        for c in range(columns):
            x, y = vx + c * tile_w, vy + r * tile_h
            marks.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{tile_w:.1f}" height="{tile_h:.1f}" '
                f'fill="none" stroke="#d55e00" stroke-width="{size / 25:.1f}" '
                f'stroke-dasharray="{size / 6:.1f}"/>'
                f'<text x="{x + tile_w / 2:.1f}" y="{y + tile_h / 2 + size / 3:.1f}" '
                f'text-anchor="middle" font-family="Helvetica,Arial,sans-serif" '
                f'font-size="{size:.1f}" fill="#d55e00" fill-opacity="0.55">'
                f'{r * columns + c + 1}</text>')
    end = svg.rfind("</svg>")
    return svg[:end] + "".join(marks) + svg[end:]
