"""What a client error looks like outside the REST framework, and how it is logged.

The API answers for itself (``legalmap.api.exception_handler``); these are for the pages,
and for what happens before any view runs (an oversized body, a malformed parameter).
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.views import defaults

from legalmap.http import InvalidParameter


def too_large(request, message: str) -> HttpResponse:
    """413 naming the limit: JSON for the API, plain words for the pages."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    """``handler400``: Django's page, except where we can say what was wrong.

    - ``InvalidParameter`` (a form field or query parameter that is not a number): 400
      naming it, so a "²" in ``?selected=node-²`` is a typo, not a 500;
    - ``RequestDataTooBig`` (a form body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``): 413.
    """
    if isinstance(exception, InvalidParameter):
        return HttpResponse(f"Bad request: {exception}", status=400,
                            content_type="text/plain; charset=utf-8")
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return too_large(request, f"The form data is larger than the limit of {limit:,} bytes "
                                  "(DATA_UPLOAD_MAX_MEMORY_SIZE).")
    return defaults.bad_request(request, exception)


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx is the client's mistake, not ours: one warning line, no traceback.

    Django logs a ``PermissionDenied`` or ``Http404`` raised by a view with the exception
    attached, so every 403 from the one door (``get_map_for_user``) printed a full stack.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
