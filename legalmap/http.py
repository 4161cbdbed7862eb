"""Reading numbers out of requests: form fields, query strings and ``If-Match``.

One door for both the HTML views and the API, so that a stray "²" (``str.isdigit`` says
yes, ``int`` says no) or "٣" is a 400 naming the field everywhere, never a 500.
"""

import re

from django.core.exceptions import BadRequest


class InvalidParameter(BadRequest):
    """A form field or query parameter that is not what the view reads: a 400 naming it.

    ``legalmap.api.exception_handler`` turns it into ``{field: [message]}`` for the API;
    ``legalmap.web.views.bad_request`` shows the message on the HTML 400 page.
    """

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# More digits than any id or version we store (and than SQLite's 64-bit integers hold).
MAX_DIGITS = 18


DIGITS_ONLY = "Must be a whole number in ASCII digits (0-9)."


def is_ascii_digits(value: str) -> bool:
    # isdigit() alone admits "²" and other Unicode digits, which int() refuses or reads.
    return value.isascii() and value.isdigit()


def ascii_int(data, field: str) -> int | None:
    """``data[field]`` (a QueryDict or dict) as a non-negative integer; None when absent or
    blank. Anything but ASCII digits raises ``InvalidParameter`` (400)."""
    value = data.get(field, "")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not is_ascii_digits(value) or len(value) > MAX_DIGITS:
        raise InvalidParameter(field, DIGITS_ONLY)
    return int(value)


def prefixed_id(value: str, field: str, kinds: tuple[str, ...]) -> tuple[str, int] | None:
    """``"node-3"`` → ("node", 3) for a parameter naming one object of ``kinds``; None when
    blank. A known kind with anything but ASCII digits after it is a 400."""
    if not value:
        return None
    kind, _, raw_id = value.partition("-")
    if kind not in kinds or not is_ascii_digits(raw_id) or len(raw_id) > MAX_DIGITS:
        raise InvalidParameter(field, "Must be " + " or ".join(f"{k}-<id>" for k in kinds)
                               + ", the id a whole number in ASCII digits (0-9).")
    return kind, int(raw_id)


# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, in a comma-separated list.
_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


class ETagList:
    """A parsed ``If-Match`` / ``If-None-Match`` value: ``*`` or a list of entity tags."""

    def __init__(self, any_: bool, tags: list[tuple[bool, str]]):
        self.any = any_
        self.tags = tags  # (weak, opaque value)

    @property
    def strong(self) -> list[str]:
        return [value for weak, value in self.tags if not weak]


def parse_etags(header: str) -> ETagList | None:
    """``*`` or a comma-separated list of (weak or strong) entity tags; None if malformed."""
    text = header.strip()
    if text == "*":
        return ETagList(True, [])
    tags, position = [], 0
    while position < len(text):
        match = _ENTITY_TAG.match(text, position)
        if match is None:
            return None
        tags.append((bool(match.group(1)), match.group(2)))
        position = match.end()
    return ETagList(False, tags) if tags else None
