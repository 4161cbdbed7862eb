from django import template

from legalmap.maps.forms import short_label

register = template.Library()


@register.simple_tag
def node_label(graph, node_id, limit=60):
    """A node named briefly in the side panel: authority short name or first words."""
    node = graph.nodes.get(node_id)
    return short_label(node, int(limit)) if node else "(deleted)"
