"""Shared REST plumbing: pagination, error shape, strict serializers, ETags."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from legalmap.http import MAX_DIGITS, InvalidParameter, is_ascii_digits, parse_etags
from legalmap.parsers import PayloadTooLarge, body_too_large_message


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "This write needs an If-Match header with the map's current ETag."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The map changed since you loaded it (stale If-Match). "
        "Reload it and apply your change again."
    )
    default_code = "precondition_failed"


def parse_if_match(request, current: int | None = None) -> int:
    """The map version a client based its write on, from ``If-Match`` (RFC 9110 §13.1.1).

    - missing, or ``*``: 428. ``*`` means "whatever is there", which on a versioned
      resource is a write that skips the check; we ask for the version instead.
    - a list of entity tags: the map's ``current`` version when one of them names it, else
      the first (the service's conditional UPDATE then finds it stale: 412).
    - weak tags (``W/"5"``) never match: If-Match uses the strong comparison. A list of
      weak tags only, or tags that are not versions this server issued: 412.
    - not an entity-tag list at all: 412 as well.
    """
    header = request.headers.get("If-Match")
    if not header or not header.strip():
        raise PreconditionRequired()
    tags = parse_etags(header)
    if tags is not None and tags.any:
        raise PreconditionRequired(
            "If-Match: * is refused on versioned writes: send the map's ETag, e.g. \"5\".")
    versions = [int(value) for value in (tags.strong if tags else [])
                if is_ascii_digits(value) and len(value) <= MAX_DIGITS]
    if not versions:
        weak = " (weak ETags never match If-Match)" if tags and not tags.strong else ""
        raise PreconditionFailed(f"If-Match {header!r} is not an ETag this server issued{weak}.")
    return current if current in versions else versions[0]


def exception_handler(exc, context):
    """DRF's handler, plus Django ``ValidationError`` from services as a 400 naming fields,
    a malformed query/form parameter as a 400 naming it, an oversized body as a 413."""
    if isinstance(exc, InvalidParameter):
        exc = DRFValidationError({exc.field: [exc.message]})
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(body_too_large_message())
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = DRFValidationError(detail)
    return drf_exception_handler(exc, context)


class StrictSerializerMixin:
    """Reject keys the serializer does not know, instead of silently dropping them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError(dict.fromkeys(unknown, ["Unknown field."]))
        return super().to_internal_value(data)

