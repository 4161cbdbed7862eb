"""The diagram as a standalone SVG file (``diagram.render_svg`` draws it), with the
review marks of the map page: open threads and the reviewers' latest verdicts."""

from legalmap.maps import diagram


def render(bundle) -> bytes:
    ev = bundle.evaluation
    svg = diagram.render_svg(bundle.graph, ev.labels, link_labels=ev.link_labels,
                             **bundle.diagram_marks())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg).encode()
