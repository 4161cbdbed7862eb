from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Authority, AuthorityRelation

FIELDS = ["name", "short_name", "kind", "jurisdiction", "citation", "summary", "url", "aliases",
          "verified", "verification_note"]


@transaction.atomic
def catalogue_load(data: dict) -> dict:
    """Create or update authorities by slug and replace the relations the file lists.

    Reloading the same file changes nothing; an edited entry is updated in place,
    so nodes pointing at an authority keep pointing at it.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_slug = {a.slug: a for a in Authority.objects.all()}
    for entry in data["authorities"]:
        values = {field: entry.get(field, Authority._meta.get_field(field).get_default())
                  for field in FIELDS}
        authority = by_slug.get(entry["slug"])
        if authority is None:
            authority = Authority(slug=entry["slug"], **values)
            counts["created"] += 1
        elif any(getattr(authority, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(authority, field, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        try:
            authority.full_clean()
        except ValidationError as exc:
            raise ValidationError(f"Authority {entry['slug']!r}: {exc.messages}") from exc
        authority.save()
        by_slug[authority.slug] = authority

    wanted = set()
    for rel in data.get("relations", []):
        try:
            source, target = by_slug[rel["source"]], by_slug[rel["target"]]
        except KeyError as exc:
            raise ValidationError(f"Relation {rel} names an unknown authority {exc}.") from None
        relation, _ = AuthorityRelation.objects.update_or_create(
            source=source, target=target, relation=rel["relation"],
            defaults={"note": rel.get("note", "")},
        )
        wanted.add(relation.pk)
    AuthorityRelation.objects.exclude(pk__in=wanted).delete()
    counts["relations"] = len(wanted)
    return counts
