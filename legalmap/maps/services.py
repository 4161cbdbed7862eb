"""Writes to maps. Every change bumps the map's version (its ETag) and writes an Event.

Services are keyword-only, validate with ``full_clean`` (a 400 naming the field),
and do the version check and the write in one transaction: the check is a
conditional UPDATE, so of two writers holding the same ETag exactly one wins.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from legalmap.api import PreconditionFailed

from . import anchoring
from .graph import INFERENCE_RELATIONS, current_relation
from .models import ArgumentMap, Event, Link, Membership, Node

# Which node kinds each relation may join: (allowed sources, allowed targets).
_USES_AUTHORITY = ({"passage", "claim"}, {"authority"})
RELATION_KINDS = {
    Link.Relation.SUPPORTS: ({"passage", "claim", "authority"}, {"passage", "claim"}),
    Link.Relation.ATTACKS: ({"passage", "claim", "authority"}, {"passage", "claim"}),
    Link.Relation.RELIES_ON: _USES_AUTHORITY,
    Link.Relation.VIOLATES: _USES_AUTHORITY,
    Link.Relation.DISPUTES: _USES_AUTHORITY,
    Link.Relation.COMPLIES: _USES_AUTHORITY,
    Link.Relation.UNDERCUTS: ({"passage", "claim", "authority"}, set()),
}
# An undercut attacks an inference: only links that carry one can be undercut (supports, and
# the authority relations but `disputes`, where the authority is the reason).
UNDERCUTTABLE = set(INFERENCE_RELATIONS)
_UNDERCUTTABLE_WORDS = (", ".join(f"'{r}'" for r in INFERENCE_RELATIONS[:-1])
                        + f" or '{INFERENCE_RELATIONS[-1]}'")


def _bump_version(argument_map: ArgumentMap, expected_version: int | None) -> None:
    """Advance the map's version iff it is still ``expected_version`` (None: unconditionally)."""
    rows = ArgumentMap.objects.filter(pk=argument_map.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        raise PreconditionFailed()
    argument_map.version = (
        expected_version + 1 if expected_version is not None
        else ArgumentMap.objects.values_list("version", flat=True).get(pk=argument_map.pk)
    )


def _record(argument_map, actor, verb, obj, *, before=None, after=None) -> Event:
    return Event.objects.create(
        map=argument_map,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=type(obj).__name__.lower(),
        target_id=obj.pk,
        before=before,
        after=after,
        map_version=argument_map.version,
    )


def snapshot(obj) -> dict:
    """A JSON-able picture of a map, node, link or membership, for event rows."""
    if isinstance(obj, Node):
        data = {"kind": obj.kind, "text": obj.text}
        if obj.kind == Node.Kind.PASSAGE:
            data |= {"article": obj.article_id, "start": obj.start, "end": obj.end,
                     "quote": obj.quote, "stance": obj.stance, "speaker": obj.speaker}
        if obj.kind == Node.Kind.AUTHORITY:
            data["authority"] = obj.authority.slug
        return data
    if isinstance(obj, Link):
        return {"source": obj.source_id, "target": obj.target_id,
                "target_link": obj.target_link_id, "relation": obj.relation,
                "rationale": obj.rationale}
    if isinstance(obj, Membership):
        return {"user": obj.user.username, "role": obj.role}
    if isinstance(obj, ArgumentMap):
        return {"title": obj.title, "description": obj.description, "status": obj.status,
                "articles": sorted(a.pk for a in obj.articles.all())}
    raise TypeError(obj)


def _save(obj, **unique_errors):
    """Save, turning a lost race on a unique constraint into the same 400 as ``clean``."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        errors = unique_errors or {"__all__": "Conflicts with existing data."}
        raise ValidationError(errors) from exc


# --- maps ------------------------------------------------------------------------------


@transaction.atomic
def map_create(*, owner, title, description="", articles=()) -> ArgumentMap:
    argument_map = ArgumentMap(owner=owner, title=title, description=description)
    argument_map.full_clean()
    argument_map.save()
    argument_map.articles.set(articles)
    _record(argument_map, owner, "map.created", argument_map, after=snapshot(argument_map))
    return argument_map


@transaction.atomic
def map_update(*, argument_map, actor, expected_version, **fields) -> ArgumentMap:
    before = snapshot(argument_map)
    articles = fields.pop("articles", None)
    for name, value in fields.items():
        setattr(argument_map, name, value)
    argument_map.full_clean(exclude=["version"])
    if articles is not None:
        # Dropping an article its passages quote would leave them pointing outside the map.
        quoted = (argument_map.nodes.filter(kind=Node.Kind.PASSAGE)
                  .exclude(article__in=articles).values_list("article__title", flat=True)
                  .distinct().order_by("article__title"))
        if quoted:
            raise ValidationError({"articles": [
                f"Passages of this map quote “{title}”; delete them before removing it."
                for title in quoted]})
    _bump_version(argument_map, expected_version)
    argument_map.save()
    if articles is not None:
        argument_map.articles.set(articles)
    _record(argument_map, actor, "map.updated", argument_map, before=before,
            after=snapshot(argument_map))
    return argument_map


@transaction.atomic
def map_delete(*, argument_map, actor, expected_version) -> None:
    _bump_version(argument_map, expected_version)
    argument_map.delete()


# --- members ---------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, argument_map, user, role, actor, expected_version) -> Membership:
    if user.pk == argument_map.owner_id:
        raise ValidationError({"user": "The owner already has every right on this map."})
    if argument_map.memberships.filter(user=user).exists():
        raise ValidationError({"user": f"{user.username} is already a member of this map."})
    membership = Membership(map=argument_map, user=user, role=role)
    membership.full_clean(validate_constraints=False)
    _bump_version(argument_map, expected_version)
    _save(membership, user=f"{user.username} is already a member of this map.")
    _record(argument_map, actor, "member.added", membership, after=snapshot(membership))
    return membership


@transaction.atomic
def membership_update(*, membership, role, actor, expected_version) -> Membership:
    before = snapshot(membership)
    membership.role = role
    membership.full_clean(validate_constraints=False)
    _bump_version(membership.map, expected_version)
    membership.save()
    _record(membership.map, actor, "member.updated", membership, before=before,
            after=snapshot(membership))
    return membership


@transaction.atomic
def membership_delete(*, membership, actor, expected_version) -> None:
    _bump_version(membership.map, expected_version)
    _record(membership.map, actor, "member.removed", membership, before=snapshot(membership))
    membership.delete()


# --- nodes -----------------------------------------------------------------------------


def _a(kind: str) -> str:
    """'a claim', 'an authority': kinds are spoken in error messages."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _clean_node(node: Node) -> None:
    errors: dict[str, str] = {}
    if node.kind == Node.Kind.PASSAGE:
        if node.article_id is None:
            errors["article"] = "This field is required for a passage."
        elif not node.map.articles.filter(pk=node.article_id).exists():
            errors["article"] = "This article is not one of the map's articles."
        else:
            errors |= anchoring.span_errors(node.article.text, node.start, node.end, node.quote)
        if not node.stance:
            errors["stance"] = "This field is required for a passage."
        if not errors:
            node.prefix, node.suffix = anchoring.context(node.article.text, node.start, node.end)
    elif node.kind == Node.Kind.AUTHORITY:
        if node.authority_id is None:
            errors["authority"] = "This field is required for an authority node."
        elif (
            Node.objects.filter(map=node.map, kind=Node.Kind.AUTHORITY, authority=node.authority)
            .exclude(pk=node.pk)
            .exists()
        ):
            errors["authority"] = "This map already has a node for this authority."
    elif node.kind == Node.Kind.CLAIM and not node.text.strip():
        errors["text"] = "A claim needs its text."
    # Fields that belong to another kind are refused rather than silently stored.
    foreign = {
        Node.Kind.PASSAGE: ["authority"],
        Node.Kind.AUTHORITY: ["article", "start", "end", "quote", "stance", "speaker"],
        Node.Kind.CLAIM: ["article", "start", "end", "quote", "authority", "speaker", "stance"],
    }.get(node.kind, [])
    for field in foreign:
        value = getattr(node, field + "_id" if field in {"article", "authority"} else field)
        if value not in (None, ""):
            errors.setdefault(field, f"Not allowed on {_a(node.kind)} node.")
    if errors:
        raise ValidationError(errors)
    node.full_clean(validate_constraints=False)


@transaction.atomic
def node_create(*, argument_map, actor, expected_version, kind, **fields) -> Node:
    node = Node(map=argument_map, kind=kind, created_by=actor, **fields)
    _clean_node(node)
    _bump_version(argument_map, expected_version)
    _save(node, authority="This map already has a node for this authority.")
    _record(argument_map, actor, "node.created", node, after=snapshot(node))
    return node


# What may change after creation: a node never changes kind, map or authority.
NODE_EDITABLE = {
    Node.Kind.PASSAGE: {"start", "end", "quote", "stance", "speaker", "text"},
    Node.Kind.AUTHORITY: {"text"},
    Node.Kind.CLAIM: {"text"},
}


@transaction.atomic
def node_update(*, node, actor, expected_version, **fields) -> Node:
    argument_map = node.map
    before = snapshot(node)
    not_editable = sorted(set(fields) - NODE_EDITABLE[node.kind])
    if not_editable:
        raise ValidationError(
            dict.fromkeys(not_editable, f"Cannot be changed on {_a(node.kind)} node.")
        )
    for name, value in fields.items():
        setattr(node, name, value)
    if node.kind == Node.Kind.PASSAGE and {"start", "end"} & set(fields):
        node.anchor_status = Node.AnchorStatus.ANCHORED
    _clean_node(node)
    _bump_version(argument_map, expected_version)
    node.save()
    _record(argument_map, actor, "node.updated", node, before=before, after=snapshot(node))
    return node


@transaction.atomic
def node_delete(*, node, actor, expected_version) -> int:
    """Delete a node and the links touching it; returns how many links went with it."""
    argument_map = node.map
    _bump_version(argument_map, expected_version)
    links = list(
        Link.objects.filter(map=argument_map).filter(
            source=node
        ) | Link.objects.filter(map=argument_map, target=node)
    )
    # Undercuts of those links go too (the database cascades them); record them all.
    undercuts = list(
        Link.objects.filter(target_link__in=links).exclude(pk__in=[x.pk for x in links])
    )
    for link in links + undercuts:
        _record(argument_map, actor, "link.deleted", link, before=snapshot(link))
    _record(argument_map, actor, "node.deleted", node, before=snapshot(node))
    node.delete()
    return len(links) + len(undercuts)


# --- links -----------------------------------------------------------------------------


def _clean_link(link: Link) -> None:
    errors: dict[str, str] = {}
    # The retired names (`invokes`, `contests`) still arrive from old clients and files.
    relation = link.relation = current_relation(link.relation)
    if relation not in Link.Relation.values:
        raise ValidationError({"relation": f"Unknown relation {relation!r}."})
    if link.source.map_id != link.map_id:
        errors["source"] = "Must be a node of this map."
    if relation == Link.Relation.UNDERCUTS:
        if link.target_id is not None:
            errors["target"] = "An undercut attacks a link: give target_link, not target."
        elif link.target_link_id is None:
            errors["target_link"] = "This field is required for an undercut."
        elif link.target_link.map_id != link.map_id:
            errors["target_link"] = "Must be a link of this map."
        elif link.target_link.relation not in UNDERCUTTABLE:
            errors["target_link"] = f"Only a {_UNDERCUTTABLE_WORDS} link can be undercut."
        elif link.target_link.source_id == link.source_id:
            errors["target_link"] = "A node cannot undercut its own inference."
    else:
        if link.target_link_id is not None:
            errors["target_link"] = "Only an undercut targets a link."
        if link.target_id is None:
            errors["target"] = "This field is required."
        elif link.target.map_id != link.map_id:
            errors["target"] = "Must be a node of this map."
        elif link.target_id == link.source_id:
            errors["target"] = "A node cannot link to itself."
    if errors:
        raise ValidationError(errors)
    sources, targets = RELATION_KINDS[relation]
    if link.source.kind not in sources:
        errors["relation"] = (
            f"{_a(link.source.kind).capitalize()} cannot be the source of '{relation}' "
            f"(allowed: {', '.join(sorted(sources))})."
        )
    elif link.target_id is not None and link.target.kind not in targets:
        errors["relation"] = (
            f"'{relation}' cannot point at {_a(link.target.kind)} "
            f"(allowed: {', '.join(sorted(targets))})."
        )
    if errors:
        raise ValidationError(errors)
    duplicate = Link.objects.filter(
        source=link.source, target=link.target, target_link=link.target_link, relation=relation
    ).exclude(pk=link.pk)
    if duplicate.exists():
        raise ValidationError({"target": "This link already exists."})
    link.full_clean(validate_constraints=False)


@transaction.atomic
def link_create(*, argument_map, actor, expected_version, source, relation,
                target=None, target_link=None, rationale="") -> Link:
    link = Link(map=argument_map, source=source, target=target, target_link=target_link,
                relation=relation, rationale=rationale, created_by=actor)
    _clean_link(link)
    _bump_version(argument_map, expected_version)
    _save(link, target="This link already exists.")
    _record(argument_map, actor, "link.created", link, after=snapshot(link))
    return link


@transaction.atomic
def link_update(*, link, actor, expected_version, **fields) -> Link:
    not_editable = sorted(set(fields) - {"relation", "rationale"})
    if not_editable:
        raise ValidationError(dict.fromkeys(not_editable, "Cannot be changed; delete the link."))
    before = snapshot(link)
    for name, value in fields.items():
        setattr(link, name, value)
    _clean_link(link)
    if link.relation not in UNDERCUTTABLE and link.undercutters.exists():
        raise ValidationError(
            {"relation": f"This link is undercut; only {_UNDERCUTTABLE_WORDS} can be undercut."}
        )
    _bump_version(link.map, expected_version)
    _save(link, target="This link already exists.")
    _record(link.map, actor, "link.updated", link, before=before, after=snapshot(link))
    return link


@transaction.atomic
def link_delete(*, link, actor, expected_version) -> None:
    argument_map = link.map
    _bump_version(argument_map, expected_version)
    for undercut in link.undercutters.all():
        _record(argument_map, actor, "link.deleted", undercut, before=snapshot(undercut))
    _record(argument_map, actor, "link.deleted", link, before=snapshot(link))
    link.delete()


# --- passages with their authorities (the article reader) -------------------------------


@transaction.atomic
def passage_create_with_links(*, argument_map, actor, expected_version, article, start, end,
                              quote, stance, speaker="", text="", authority_links=()) -> Node:
    """Mark a passage and link it to authorities in one step: all of it or nothing.

    ``authority_links`` is ``[(Authority, relation), ...]``, the relation one of
    ``relies_on``, ``violates``, ``disputes``, ``complies``. An authority
    the map does not hold yet gets its node (one per authority per map). Each write goes
    through the single-object services, so each bumps the version and records its event
    as usual; the first is checked against ``expected_version``, the rest follow on.
    An error in any link rolls back the passage too, and is reported under
    ``authorities`` because that is the field the user filled in.
    """
    passage = node_create(argument_map=argument_map, actor=actor,
                          expected_version=expected_version, kind=Node.Kind.PASSAGE,
                          article=article, start=start, end=end, quote=quote, stance=stance,
                          speaker=speaker, text=text)
    seen = set()
    for authority, relation in authority_links:
        if authority.pk in seen:
            raise ValidationError({"authorities": f"{authority.short_name} is listed twice."})
        seen.add(authority.pk)
        target = Node.objects.filter(map=argument_map, kind=Node.Kind.AUTHORITY,
                                     authority=authority).first()
        try:
            if target is None:
                target = node_create(argument_map=argument_map, actor=actor,
                                     expected_version=argument_map.version,
                                     kind=Node.Kind.AUTHORITY, authority=authority)
            link_create(argument_map=argument_map, actor=actor,
                        expected_version=argument_map.version, source=passage,
                        relation=relation, target=target)
        except ValidationError as exc:
            raise ValidationError({"authorities": [
                f"{authority.short_name}: {message}" for message in exc.messages]}) from exc
    return passage
