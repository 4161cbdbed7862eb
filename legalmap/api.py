"""Shared REST plumbing: pagination, error shape, strict serializers, ETags."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


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


def parse_if_match(request) -> int | None:
    """The map version a client based its write on, from ``If-Match: "<version>"``.

    ``If-Match: *`` (RFC 9110 §13.1.1: any current representation) is an explicit
    "overwrite whatever is there" and returns None: the write is then unconditional.
    """
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    value = header.strip()
    if value == "*":
        return None
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    # isdigit() alone admits "²", which int() refuses: a 500 for a typo in a header.
    if not (value.isascii() and value.isdigit()):
        raise PreconditionFailed(f"If-Match {header!r} is not an ETag this server issued.")
    return int(value)


def exception_handler(exc, context):
    """DRF's handler, plus Django ``ValidationError`` from services as a 400 naming fields."""
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
