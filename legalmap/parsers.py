"""Request parsers for the REST framework (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``).

Kept apart from ``legalmap.api``: DRF imports these while ``rest_framework.views`` loads.
"""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return (f"The request body is larger than the limit of {limit:,} bytes "
            "(DATA_UPLOAD_MAX_MEMORY_SIZE).")


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with the limits Django applies to forms, which DRF's does not.

    - the body is read up to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes: more is a 413 (DRF
      reads the raw stream, so Django's own check on ``request.body`` never runs);
    - nesting deeper than ``MAX_JSON_DEPTH`` is a 400: 2,000 levels used to blow the
      parser's recursion limit, a 500 on every endpoint, the anonymous token one included.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is None:
            raw = b""
        else:
            raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge(body_too_large_message())
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding),
                              parse_constant=strict_constant if self.strict else None)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        except ValueError as exc:  # UnicodeDecodeError too
            raise ParseError(f"JSON parse error - {exc}") from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(_too_deep())
        return data


MAX_JSON_DEPTH = 64


def _too_deep() -> str:
    return f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."


def _depth_exceeds(data, limit: int) -> bool:
    """Whether arrays/objects nest deeper than ``limit``; iterative, so it cannot recurse."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
