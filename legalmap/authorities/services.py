import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import DATE_FIELDS, Authority, AuthorityRelation

FIELDS = ["name", "short_name", "kind", "jurisdiction", "citation", "summary", "url", "aliases",
          "verified", "verification_note", *DATE_FIELDS]

# Only the ISO calendar date: "1945-06-26". Python's fromisoformat would also take
# "19450626" or a week date, which in a hand-edited file is more likely a typo than intent.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(slug: str, field: str, raw) -> datetime.date | None:
    """A fixture date, or a ValidationError naming the authority and the field."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass  # right shape, impossible day ("1945-02-30"): said below
    raise ValidationError(
        f"Authority {slug!r}: {field} {raw!r} is not a valid date; write it as YYYY-MM-DD.",
        code="invalid_date",
    )


def _values(entry: dict) -> dict:
    values = {field: entry.get(field, Authority._meta.get_field(field).get_default())
              for field in FIELDS}
    for field in DATE_FIELDS:
        values[field] = _date(entry["slug"], field, entry.get(field))
    return values


def _described(exc: ValidationError) -> str:
    """'field: message; …' so the error says which field of the entry is wrong."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return "; ".join(
        " ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}"
        for field, messages in exc.message_dict.items()
    )


@transaction.atomic
def catalogue_load(data: dict) -> dict:
    """Create or update authorities by slug and replace the relations the file lists.

    Reloading the same file changes nothing; an edited entry is updated in place,
    so nodes pointing at an authority keep pointing at it. A bad entry (an unknown kind,
    an impossible date) stops the whole load with a message naming its slug and field:
    the transaction leaves the catalogue as it was.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_slug = {a.slug: a for a in Authority.objects.all()}
    for entry in data["authorities"]:
        values = _values(entry)
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
            raise ValidationError(f"Authority {entry['slug']!r}: {_described(exc)}") from exc
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
