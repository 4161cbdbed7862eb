"""The diagram as a standalone SVG file (``diagram.render_svg`` draws it), with the
review marks of the map page: open threads and the reviewers' latest verdicts, and the key
to its lines under it (the map page and the PDF show the key in HTML instead)."""

import re

from legalmap.maps import diagram

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def render(bundle) -> bytes:
    ev = bundle.evaluation
    svg = diagram.render_svg(bundle.graph, ev.labels, link_labels=ev.link_labels,
                             **bundle.diagram_marks())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            + with_key(svg)).encode()


def with_key(svg: str) -> str:
    """``svg`` nested in a taller SVG with the key drawn under it (after the layout, so it
    costs dot nothing)."""
    size = _SIZE.search(svg)
    if size is None:  # not Graphviz's usual header: the diagram alone
        return svg
    width, height = float(size.group(1)), float(size.group(2))
    key, key_width, key_height = diagram.key_svg()
    total_w, total_h = max(width, key_width + 16), height + key_height + 8
    # Inside the outer SVG a length in pt would be scaled to px (4/3): give user units.
    head = svg[:size.end()]
    svg = head.replace(f'width="{size.group(1)}pt"', f'width="{width}"').replace(
        f'height="{size.group(2)}pt"', f'height="{height}"') + svg[size.end():]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}pt" '
            f'height="{total_h:.0f}pt" viewBox="0 0 {total_w:.2f} {total_h:.2f}">\n'
            f'<rect width="100%" height="100%" fill="#fff"/>\n{svg.strip()}\n'
            f'<g id="key" class="key" transform="translate(8,{height + 4:.2f})">{key}</g>\n'
            "</svg>\n")
