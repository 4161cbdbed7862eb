"""The diagram as a standalone SVG file (``diagram.render_svg`` draws it)."""

from legalmap.maps import diagram


def render(bundle) -> bytes:
    ev = bundle.evaluation
    svg = diagram.render_svg(bundle.graph, ev.labels, link_labels=ev.link_labels)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg).encode()
