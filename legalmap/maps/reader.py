"""The article reader inside a map: the text with the map's passages, and their writes.

The page is rendered on the server. The text is cut at every passage boundary (and at
paragraph breaks) into segments; each segment lists every passage covering it, so
overlapping and nested passages all stay visible and clickable. The DOM text of
``#article-text`` is exactly ``Article.text``: no whitespace between tags, newlines kept
as text (CSS ``white-space: pre-wrap``), stance markers drawn by CSS ``::before`` (not in
the DOM text), and "\\r" written as a character reference (the HTML parser would turn a
raw one into "\\n"). So a browser offset in UTF-16 units maps to a code-point offset by
counting surrogate pairs, which ``reader.js`` does.

Writes are small JSON endpoints (DRF, session + CSRF, ``If-Match`` with the map version),
fetched by ``reader.js`` without a page reload; every one goes through
``selectors.get_map_for_user(..., write=True)`` (404 invisible, 403 read-only).
"""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from legalmap.analysis.services import suggestion_list
from legalmap.api import StrictSerializerMixin, parse_if_match
from legalmap.authorities.models import Authority

from . import selectors, services
from .api import IF_MATCH
from .graph import OLD_RELATIONS, RELATION_LABELS, current_relation
from .models import MAX_CLAIM_CHARS, MAX_SPEAKER_CHARS, Link, Node

STANCES = [  # value, label, key shortcut, marker letter (the stance not by colour alone)
    ("justification", "Justification", "j", "J"),
    ("critique", "Critique", "c", "C"),
    ("claim", "Claim", "l", "L"),
    ("fact", "Fact", "f", "F"),
]
MARKER = {value: letter for value, _, _, letter in STANCES}
LABEL = {value: label for value, label, _, _ in STANCES}
# How a passage uses an authority (issue 14): value, label, key shortcut. One key each, none
# of them a stance key (j c l f) — in the passage form the key sets the relation of the
# authority row in focus, or of the last one added.
RELATIONS = [
    (Link.Relation.RELIES_ON.value, RELATION_LABELS["relies_on"], "r"),
    (Link.Relation.VIOLATES.value, RELATION_LABELS["violates"], "v"),
    (Link.Relation.DISPUTES.value, RELATION_LABELS["disputes"], "d"),
    (Link.Relation.COMPLIES.value, RELATION_LABELS["complies"], "o"),
]
AUTHORITY_RELATIONS = tuple(value for value, _, _ in RELATIONS)
PARAGRAPH_BREAK = re.compile(r"\n{2,}")


# --- the text, cut into segments ---------------------------------------------------------


def _text_html(value: str) -> str:
    return escape(value).replace("\r", "&#13;")


def paragraph_ends(text: str) -> list[int]:
    """Where each paragraph ends: after its run of blank lines (which stays inside it)."""
    ends = [m.end() for m in PARAGRAPH_BREAK.finditer(text) if m.end() < len(text)]
    return ends + [len(text)]


def render_text(text: str, passages: list[dict], suggestions: list[dict] = ()) -> str:
    """``text`` as ``<p>`` paragraphs of segments; passages need id, start, end, stance,
    title (the hover text); suggestions (drawn dashed, under any passage) need id, start,
    end. Strip the tags and you get ``text`` back, exactly."""
    starts, ends = defaultdict(list), defaultdict(list)
    for p in passages:
        starts[p["start"]].append(p)
        ends[p["end"]].append(p)
    s_starts, s_ends = defaultdict(list), defaultdict(list)
    for g in suggestions:
        s_starts[g["start"]].append(g)
        s_ends[g["end"]].append(g)
    paragraph_end = set(paragraph_ends(text))
    bounds = sorted({0, *paragraph_end, *starts, *ends, *s_starts, *s_ends})
    active: dict[int, dict] = {}
    suggested: dict[str, dict] = {}
    out = ["<p class=\"para\">"]
    for a, b in zip(bounds, bounds[1:], strict=False):
        for p in ends.get(a, ()):
            active.pop(p["id"], None)
        for g in s_ends.get(a, ()):
            suggested.pop(g["id"], None)
        opening = sorted(starts.get(a, ()), key=lambda p: p["id"])
        for p in opening:
            active[p["id"]] = p
            out.append(f'<span class="anchor" id="passage-{p["id"]}"></span>')
        s_opening = s_starts.get(a, ())
        for g in s_opening:
            suggested[g["id"]] = g
        chunk = _text_html(text[a:b])
        sugg = ""
        if suggested:
            ids = " ".join(sorted(suggested))
            sugg = f' data-suggestions="{ids}"'
        if not active and not suggested:
            out.append(chunk)
        elif not active:
            # Suggested only: dashed, and focusable where a suggestion starts.
            attrs = ' tabindex="0"' if s_opening else ""
            out.append(f'<span class="sugg{" sugg-start" if s_opening else ""}"{sugg}'
                       f'{attrs}>{chunk}</span>')
        else:
            # Innermost (shortest) first: its stance colours the segment, a first click
            # picks it, and further clicks cycle outwards.
            cover = sorted(active.values(), key=lambda p: (p["end"] - p["start"], p["id"]))
            classes = f"seg s-{cover[0]['stance']}" + (" multi" if len(cover) > 1 else "")
            classes += " sugg" if suggested else ""
            attrs = ""
            if opening:
                # Focusable once per passage (where it starts), not once per segment.
                classes += " start"
                marks = " ".join(MARKER[p["stance"]] for p in opening)
                attrs = f' data-mark="{marks}" tabindex="0"'
            ids = " ".join(str(p["id"]) for p in cover)
            title = escape("\n".join(p["title"] for p in cover))
            described = " ".join(f"pd-{p['id']}" for p in cover)
            out.append(f'<span class="{classes}" data-passages="{ids}" title="{title}" '
                       f'aria-describedby="{described}"{sugg}{attrs}>{chunk}</span>')
        if b in paragraph_end and b < len(text):
            out.append("</p><p class=\"para\">")
    out.append("</p>")
    return mark_safe("".join(out))  # noqa: S308 -- every piece of text above is escaped


# --- the page ------------------------------------------------------------------------------


def _get_article(argument_map, article_pk):
    article = argument_map.articles.filter(pk=article_pk).first()
    if article is None:
        raise Http404("This article is not one of the map's articles.")
    return article


def _suggestion_groups(argument_map, article, passages: list[dict]) -> list[dict]:
    """The analysis app's suggestions for this article, one group per span (a sentence may
    invoke several authorities), without those dismissed in this map and without the
    authorities a passage of the map over that text already links."""
    linked = [(p["start"], p["end"], {a["slug"] for a in p["authorities"]}) for p in passages]
    groups: dict[tuple[int, int], dict] = {}
    for s in suggestion_list(article=article, argument_map=argument_map):
        slug = s.authority.slug
        if any(a < s.end and s.start < b and slug in slugs for a, b, slugs in linked):
            continue
        group = groups.setdefault((s.start, s.end), {
            "id": f"s{s.pk}", "start": s.start, "end": s.end, "quote": s.quote,
            "stance": s.stance, "speaker": s.speaker, "confidence": 0.0, "cues": [],
            "authorities": [], "suggestions": []})
        if s.confidence > group["confidence"]:  # the surest guess speaks for the span
            group.update(confidence=s.confidence, stance=s.stance, speaker=s.speaker)
        group["suggestions"].append(s.pk)
        relation = current_relation(s.relation)
        group["authorities"].append({"slug": slug, "short_name": s.authority.short_name,
                                     "name": s.authority.name, "relation": relation,
                                     "relation_label": RELATION_LABELS.get(relation, relation)})
        group["cues"] += [c for c in s.cues if c not in group["cues"]]
    rows = sorted(groups.values(), key=lambda g: (g["start"], g["end"]))
    for g in rows:
        g["stance_label"] = LABEL.get(g["stance"], "Claim")
        g["marker"] = MARKER.get(g["stance"], "L")
        g["percent"] = round(g["confidence"] * 100)
        g["cue_text"] = [_cue_text(c) for c in g["cues"]]
        g["authorities"].sort(key=lambda a: a["short_name"])
    return rows


def _cue_text(cue: str) -> str:
    """``"speaker:Rubio said"`` → ``speaker: “Rubio said”`` (the words behind a guess)."""
    kind, _, words = cue.partition(":")
    return f"{kind}: “{words}”" if words else kind


def _reader_context(argument_map, article) -> dict:
    """Everything the page shows, in a fixed number of queries whatever the passage count."""
    passages = list(
        Node.objects.filter(map=argument_map, article=article, kind=Node.Kind.PASSAGE)
        .only("id", "start", "end", "quote", "stance", "speaker", "text", "anchor_status")
        .order_by("start", "-end", "id"))
    links = list(Link.objects.filter(map=argument_map)
                 .values_list("id", "source_id", "target_id", "target_link_id", "relation"))
    authority_nodes = {
        row["id"]: row for row in Node.objects.filter(map=argument_map, kind=Node.Kind.AUTHORITY)
        .values("id", "authority__slug", "authority__short_name", "authority__name")}
    speakers = list(Node.objects.filter(map=argument_map, kind=Node.Kind.PASSAGE)
                    .exclude(speaker="").order_by("speaker")
                    .values_list("speaker", flat=True).distinct())

    touching, undercut_by = defaultdict(set), defaultdict(set)
    cited = defaultdict(list)
    for link_id, source, target, target_link, relation in links:
        touching[source].add(link_id)
        if target is not None:
            touching[target].add(link_id)
        if target_link is not None:
            undercut_by[target_link].add(link_id)
        if relation in AUTHORITY_RELATIONS and target in authority_nodes:
            node = authority_nodes[target]
            cited[source].append({"slug": node["authority__slug"], "relation": relation,
                                  "relation_label": RELATION_LABELS[relation],
                                  "short_name": node["authority__short_name"],
                                  "name": node["authority__name"]})

    text = article.text
    rows, highlighted, filter_authorities = [], [], {}
    for node in passages:
        authorities = sorted(cited[node.pk], key=lambda a: a["short_name"])
        # What node_delete will take along: the links touching it and their undercuts.
        gone = touching[node.pk] | {u for x in touching[node.pk] for u in undercut_by[x]}
        parts = [LABEL.get(node.stance, node.stance),
                 f"Speaker: {node.speaker}" if node.speaker else "No speaker named"]
        parts += [f"{a['relation_label']} {a['short_name']}" for a in authorities]
        row = {"id": node.pk, "start": node.start, "end": node.end, "quote": node.quote,
               "stance": node.stance, "stance_label": LABEL.get(node.stance, node.stance),
               "marker": MARKER.get(node.stance, "?"), "speaker": node.speaker,
               "note": node.text, "authorities": authorities, "links": len(gone),
               "title": " · ".join(parts),
               # Passages not re-found in this revision are listed, never drawn wrongly.
               "anchored": text[node.start:node.end] == node.quote}
        rows.append(row)
        if row["anchored"]:
            highlighted.append(row)
        for a in authorities:
            filter_authorities[a["slug"]] = a["short_name"]
    can_edit = selectors.can_edit(argument_map.user_role)
    # Suggestions are for those who can act on them: editors, not reviewers.
    suggestions = _suggestion_groups(argument_map, article, highlighted) if can_edit else []
    return {
        "map": argument_map, "article": article, "passages": rows,
        "text_html": render_text(text, highlighted, suggestions),
        "suggestions": suggestions,
        "suggestion_data": {g["id"]: {k: g[k] for k in (
            "start", "end", "quote", "stance", "speaker", "authorities", "suggestions")}
            for g in suggestions},
        "can_edit": can_edit,
        "speakers": speakers, "stances": STANCES, "relations": RELATIONS,
        "filter_authorities": sorted(filter_authorities.items(), key=lambda x: x[1]),
        "other_articles": argument_map.articles.only("id", "title").order_by("title"),
        "passage_data": {row["id"]: {k: row[k] for k in (
            "quote", "stance", "speaker", "note", "authorities", "links")} for row in rows},
    }


@require_GET
def article_reader(request, pk, article_pk):
    argument_map = selectors.get_map_for_user(request.user, pk)
    article = _get_article(argument_map, article_pk)
    return render(request, "maps/reader.html", _reader_context(argument_map, article))


# --- writes (JSON) ---------------------------------------------------------------------------


class AuthorityRelationField(serializers.ChoiceField):
    """One of the four; the retired ``invokes``/``contests`` (a page loaded before the
    upgrade) are read as ``relies_on``/``disputes`` for one release."""

    def __init__(self, **kwargs):
        super().__init__(choices=[(v, label) for v, label, _ in RELATIONS], **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(OLD_RELATIONS.get(data, data)
                                         if isinstance(data, str) else data)


class AuthorityLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(max_length=120)
    relation = AuthorityRelationField()


class PassageSerializer(StrictSerializerMixin, serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=10**9)
    end = serializers.IntegerField(min_value=0, max_value=10**9)
    # Kept as sent: the selection is stored exactly, spaces and all.
    quote = serializers.CharField(trim_whitespace=False)
    stance = serializers.ChoiceField(choices=Node.Stance.choices)
    speaker = serializers.CharField(max_length=MAX_SPEAKER_CHARS, required=False,
                                    allow_blank=True)
    note = serializers.CharField(max_length=MAX_CLAIM_CHARS, required=False, allow_blank=True)
    authorities = AuthorityLinkSerializer(many=True, required=False)


class PassageEditSerializer(PassageSerializer):
    """An edit keeps the span: stance, speaker, note and the authority links change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "quote"):
            del self.fields[name]
        self.fields["stance"].required = False


def _authorities(items) -> list[tuple[Authority, str]]:
    slugs = [item["slug"] for item in items]
    found = Authority.objects.in_bulk(slugs, field_name="slug")
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError({"authorities": [f"No authority with slug '{s}'." for s in missing]})
    return [(found[item["slug"]], item["relation"]) for item in items]


def _answer(argument_map, body, code=status.HTTP_200_OK) -> Response:
    response = Response({**body, "version": argument_map.version}, status=code)
    response["ETag"] = argument_map.etag
    return response


@extend_schema(request=PassageSerializer, responses={201: OpenApiTypes.OBJECT},
               parameters=[IF_MATCH])
@api_view(["POST"])
def passage_create(request, pk, article_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    article = _get_article(argument_map, article_pk)
    expected = parse_if_match(request, argument_map.version)
    data = PassageSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    passage = services.passage_create_with_links(
        argument_map=argument_map, actor=request.user, expected_version=expected,
        article=article, start=values["start"], end=values["end"], quote=values["quote"],
        stance=values["stance"], speaker=values.get("speaker", ""), text=values.get("note", ""),
        authority_links=_authorities(values.get("authorities", [])))
    url = reverse("map-article", args=[argument_map.pk, article.pk])
    return _answer(argument_map, {"id": passage.pk, "start": passage.start, "end": passage.end,
                                  "quote": passage.quote, "url": f"{url}#passage-{passage.pk}"},
                   status.HTTP_201_CREATED)


def _get_passage(argument_map, article, node_pk) -> Node:
    node = (Node.objects.filter(map=argument_map, article=article, kind=Node.Kind.PASSAGE,
                                pk=node_pk).select_related("article").first())
    if node is None:
        raise Http404("No such passage in this article of the map.")
    node.map = argument_map
    return node


@transaction.atomic
def _edit(argument_map, node, actor, expected, values) -> None:
    """The node's fields, then the authority links to match the list sent: one transaction,
    the first write checked against the client's version and the others chained on it."""
    fields = {"stance": values.get("stance"), "speaker": values.get("speaker"),
              "text": values.get("note")}
    services.node_update(node=node, actor=actor, expected_version=expected,
                         **{k: v for k, v in fields.items() if v is not None})
    if "authorities" not in values:
        return
    wanted = {(a.pk, relation): a for a, relation in _authorities(values["authorities"])}
    current = {(link.target.authority_id, link.relation): link for link in
               Link.objects.filter(source=node, relation__in=AUTHORITY_RELATIONS,
                                   target__kind=Node.Kind.AUTHORITY).select_related("target")}
    for key, link in current.items():
        if key not in wanted:
            link.map = argument_map
            services.link_delete(link=link, actor=actor, expected_version=argument_map.version)
    for (authority_pk, relation), authority in wanted.items():
        if (authority_pk, relation) in current:
            continue
        target = Node.objects.filter(map=argument_map, kind=Node.Kind.AUTHORITY,
                                     authority=authority).first()
        try:
            if target is None:
                target = services.node_create(
                    argument_map=argument_map, actor=actor, kind=Node.Kind.AUTHORITY,
                    expected_version=argument_map.version, authority=authority)
            services.link_create(argument_map=argument_map, actor=actor, source=node,
                                 expected_version=argument_map.version, relation=relation,
                                 target=target)
        except ValidationError as exc:
            raise ValidationError({"authorities": [
                f"{authority.short_name}: {m}" for m in exc.messages]}) from exc


@extend_schema(methods=["PATCH"], request=PassageEditSerializer,
               responses={200: OpenApiTypes.OBJECT}, parameters=[IF_MATCH])
@extend_schema(methods=["DELETE"], request=None, responses={200: OpenApiTypes.OBJECT},
               parameters=[IF_MATCH])
@api_view(["PATCH", "DELETE"])
def passage_detail(request, pk, article_pk, node_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    article = _get_article(argument_map, article_pk)
    node = _get_passage(argument_map, article, node_pk)
    expected = parse_if_match(request, argument_map.version)
    if request.method == "DELETE":
        removed = services.node_delete(node=node, actor=request.user, expected_version=expected)
        return _answer(argument_map, {"removed_links": removed})
    data = PassageEditSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    _edit(argument_map, node, request.user, expected, data.validated_data)
    return _answer(argument_map, {"id": node.pk})
