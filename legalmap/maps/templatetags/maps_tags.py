from django import template

from legalmap.maps.forms import short_label
from legalmap.maps.graph import relation_label

register = template.Library()


@register.simple_tag
def node_label(graph, node_id, limit=60):
    """A node named briefly in the side panel: authority short name or first words."""
    node = graph.nodes.get(node_id)
    return short_label(node, int(limit)) if node else "(deleted)"


@register.filter
def relation_words(relation):
    """A relation as people read it: ``relies_on`` → "relies on", ``violates`` → "says
    violates"; a name we do not know is shown as it is (``graph.relation_label``)."""
    return relation_label(relation)


@register.inclusion_tag("maps/_diagram_key.html")
def diagram_key(statuses=False):
    """The key to the diagram's lines (and, for the PDF, its status colours), in HTML: the
    SVG itself carries none, so that dot lays out the map alone (issue 15)."""
    from legalmap.maps import diagram

    return {"rows": diagram.key_rows(), "statuses": [
        {"word": word, "meaning": s.meaning, "fill": s.fill, "border": s.border}
        for word, s in diagram.STATUSES.items()] if statuses else []}
