"""The API's token endpoint, throttled by django-axes like the login pages."""

from django.conf import settings
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from legalmap.parsers import LimitedJSONParser


class TokenView(ObtainAuthToken):
    """``POST /api/auth/token/``: DRF's, with our JSON limits and django-axes' lockout as a
    429 (axes flags the DRF request, which its middleware never sees).

    A locked-out username and an unknown one get the same answer."""

    parser_classes = [FormParser, MultiPartParser, LimitedJSONParser]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except DRFValidationError:
            if getattr(request, "axes_locked_out", False):
                wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
                # DRF adds "Expected available in N seconds." and the Retry-After header.
                raise Throttled(wait=wait, detail="Too many failed logins.") from None
            raise
