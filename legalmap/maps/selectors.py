"""Reads. ``get_map_for_user`` is the one door to a map: 404 if invisible, 403 if read-only."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from legalmap.articles.models import Article

from .graph import AUTHORITY_RELATIONS, RELATION_LABELS
from .models import ArgumentMap, Link, Membership, Node


def map_role(user, argument_map: ArgumentMap) -> str | None:
    """The user's role on the map: owner, instructor, editor, reviewer, viewer or None."""
    if not user.is_authenticated:
        return None
    if argument_map.owner_id == user.pk:
        return "owner"
    if user.is_staff:
        return "instructor"
    membership = next(
        (m for m in argument_map.memberships.all() if m.user_id == user.pk), None
    )
    return membership.role if membership else None


def can_edit(role: str | None) -> bool:
    return role in {"owner", "instructor", "editor"}


def can_manage(role: str | None) -> bool:
    """Change members, status and delete the map."""
    return role in {"owner", "instructor"}


def get_map_for_user(user, pk, *, write=False, manage=False, queryset=None) -> ArgumentMap:
    """Invisible → 404, visible but not writable → 403 (Django's exceptions: DRF and the
    HTML views both turn them into the right response)."""
    queryset = queryset if queryset is not None else ArgumentMap.objects.all()
    try:
        argument_map = queryset.prefetch_related("memberships").get(pk=pk)
    except (ArgumentMap.DoesNotExist, ValueError, TypeError):
        raise Http404("No such map.") from None
    role = map_role(user, argument_map)
    if role is None:
        raise Http404("No such map.")
    if manage and not can_manage(role):
        raise PermissionDenied("Only the map's owner or an instructor may do this.")
    if write and not can_edit(role):
        raise PermissionDenied("You can read this map but not change it.")
    argument_map.user_role = role
    return argument_map


def _count(model):
    rows = (model.objects.filter(map=OuterRef("pk")).order_by().values("map")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def map_list(user):
    return (
        ArgumentMap.objects.visible_to(user)
        .select_related("owner")
        # The serializer lists article ids per map: one query for the page, not one per map.
        .prefetch_related(Prefetch("articles", queryset=Article.objects.only("id")))
        # Two correlated counts, not two joins: joining nodes and links multiplies rows
        # (200 nodes × 400 links = 80,000 per map) before DISTINCT throws them away.
        .annotate(node_count=_count(Node), link_count=_count(Link))
        .order_by("-updated_at", "-id")
    )


def node_list(argument_map: ArgumentMap):
    return argument_map.nodes.select_related("authority", "article").order_by("id")


def link_list(argument_map: ArgumentMap):
    return argument_map.links.order_by("id")


def map_detail_queryset():
    return ArgumentMap.objects.select_related("owner").prefetch_related(
        "articles",
        Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        Prefetch("nodes", queryset=Node.objects.select_related("authority", "created_by")
                 .order_by("id")),
        Prefetch("links", queryset=Link.objects.select_related("created_by").order_by("id")),
    )


def map_graph(argument_map: ArgumentMap):
    """The map as a ``graph.Graph`` (two queries: nodes with their article/authority, links)."""
    from .graph import GLink, GNode, Graph

    graph = Graph()
    nodes = Node.objects.filter(map=argument_map).select_related("article", "authority")
    for node in nodes.order_by("id"):
        if node.kind == Node.Kind.PASSAGE:
            article = node.article
            date = f" ({article.published:%-d %b %Y})" if article.published else ""
            source = ", ".join(x for x in (article.publisher, article.title) if x) + date
            graph.add_node(GNode(node.pk, node.kind, node.quote, stance=node.stance,
                                 speaker=node.speaker, source=source, article_id=article.pk,
                                 note=node.text))
        elif node.kind == Node.Kind.AUTHORITY:
            authority = node.authority
            graph.add_node(GNode(node.pk, node.kind, authority.name,
                                 authority_slug=authority.slug,
                                 short_name=authority.short_name, citation=authority.citation))
        else:
            graph.add_node(GNode(node.pk, node.kind, node.text))
    for link in Link.objects.filter(map=argument_map).order_by("id"):
        graph.add_link(GLink(link.pk, link.source_id, link.relation, target=link.target_id,
                             target_link=link.target_link_id, rationale=link.rationale))
    return graph


def conclusions(graph, evaluation) -> list[tuple]:
    """Claims that support nothing further: what the map argues for, with their labels.

    A conclusion may still attack the opposite conclusion, so attacks do not count.
    """
    onward = {link.source for link in graph.links.values() if link.relation == "supports"}
    return [(node, evaluation.labels.get(node.id, ""))
            for node in graph.nodes.values() if node.kind == "claim" and node.id not in onward]


def comment_count(argument_map, *, node_id=None, link_id=None) -> int:
    from legalmap.reviews.models import Comment

    comments = Comment.objects.filter(map=argument_map, deleted_at__isnull=True)
    if node_id is not None:
        return comments.filter(node_id=node_id).count()
    return comments.filter(link_id=link_id).count()


# A page waits for its diagram: past half of this the full dot layout gives way to a
# cheaper one (diagram.STAGES); a tangled 200-node map would otherwise take ~10 s.
PAGE_DIAGRAM_SECONDS = 8.0


def map_svg(argument_map, graph, labels, link_labels, *, open_threads=None,
            verdicts=None) -> str:
    """The diagram of this version of the map with these review marks, laid out once and
    then served from the cache: the map page, ``diagram.svg`` and the API all draw it here.

    Keyed by the map's version, which every edit bumps, *and* by the review marks: comments
    and verdicts do not bump the version (reviews/services.py), so without them in the key
    a resolved thread or a new verdict would not show until the student's next edit. The
    marks are hashed: a map with hundreds of reviewed links would make an unwieldy key.
    """
    from legalmap.cache_util import cache_get_or_compute

    from . import diagram

    open_threads, verdicts = open_threads or {}, verdicts or {}
    marks = repr((sorted(open_threads.items()), sorted(verdicts.items())))
    digest = hashlib.sha256(marks.encode()).hexdigest()[:24]
    key = f"map-svg:{argument_map.pk}:{argument_map.version}:{digest}"

    def draw():
        return diagram.render_svg(graph, labels, link_labels=link_labels,
                                  open_threads=open_threads, verdicts=verdicts,
                                  timeout=PAGE_DIAGRAM_SECONDS)

    # With Redis down the page still renders: the diagram is drawn instead (issue 16).
    return cache_get_or_compute(key, draw, timeout=60 * 60 * 24)


@dataclass
class RelationGroup:
    relation: str  # the stored value: relies_on, violates, disputes, complies
    label: str  # its words: "relies on", "says violates", …
    uses: list = field(default_factory=list)  # Links, source (passage or claim) preloaded


def authority_uses(user, authority) -> list[RelationGroup]:
    """Passages and claims that rely on ``authority``, say it is violated or complied with,
    or dispute that it applies, in the maps ``user`` may see: one group per relation used.

    One query whatever the number of rows: the passage or claim, its article (none for a
    claim) and its map come along by join; grouping happens in Python on the ordered rows.
    """
    links = (
        Link.objects.filter(
            map__in=ArgumentMap.objects.visible_to(user),
            relation__in=AUTHORITY_RELATIONS,
            target__kind=Node.Kind.AUTHORITY, target__authority=authority,
            source__kind__in=[Node.Kind.PASSAGE, Node.Kind.CLAIM],
        )
        .select_related("source__article", "map")
        # Neither the article's text (up to 200,000 characters) nor the map's description.
        .defer("source__article__text", "map__description")
        # Within a relation: the newest article first, passages in reading order, then
        # claims (no article) in the order they were made.
        # (nulls_last throughout: SQLite and PostgreSQL sort NULL at opposite ends.)
        .order_by(F("source__article__published").desc(nulls_last=True),
                  F("source__article__title").asc(nulls_last=True),
                  F("source__article_id").asc(nulls_last=True), "source__start", "id")
    )
    # In the order the four are listed everywhere: relies on, says violates, disputes, says
    # complies.
    groups = {relation: RelationGroup(relation, RELATION_LABELS[relation])
              for relation in AUTHORITY_RELATIONS}
    for link in links:
        groups[link.relation].uses.append(link)
    return [group for group in groups.values() if group.uses]
