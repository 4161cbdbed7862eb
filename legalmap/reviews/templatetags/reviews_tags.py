from django import template
from django.utils.safestring import mark_safe

from legalmap.reviews import markdown

register = template.Library()


@register.filter
def comment_html(body: str) -> str:
    """A comment's Markdown as safe HTML (``reviews.markdown``: raw HTML off, then an
    allow-list), rendered only where a template draws the comment."""
    return mark_safe(markdown.render(body))  # sanitised there, by an allow-list (nh3)


@register.simple_tag(takes_context=True)
def refused_form(context, kind, *ids):
    """The refused form (``thread_views.Refused``) if it is this one, else None:
    ``{% refused_form "reply" root.pk as r %}``, then ``r.data.body``, ``r.errors.body``.

    Drawing it marks it shown; a page whose refused form was nowhere drawn (its link was
    deleted meanwhile) shows the typed text in ``reviews/_refused_text.html``, which the
    pages include after their forms for that reason.
    """
    refused = context.get("refused")
    if refused is None or refused.kind != kind or refused.ids != tuple(map(str, ids)):
        return None
    refused.shown = True
    return refused
