from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Anonymous visitors see the login page and nothing else.

    The REST API answers for itself (401 with ``WWW-Authenticate``) instead of
    redirecting a script to an HTML form; its docs pages are for people, so they
    redirect like every other page.
    """

    OPEN_PREFIXES = ("/api/", "/static/", "/admin/")
    PEOPLE_PAGES = ("/api/docs/", "/api/redoc/", "/api/schema/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if path.startswith(self.PEOPLE_PAGES):
            # DRF marks its views login_not_required; the docs still are pages for people.
            if request.user.is_authenticated:
                return None
            return self.handle_no_permission(request, view_func)
        if path.startswith(self.OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") == "true":
            # An htmx request whose session ended: the XMLHttpRequest would follow the
            # redirect and swap the login page over the form, typed text and all. A 401
            # swaps nothing; static/reviews/review.js says why.
            response = HttpResponse("Signed out: sign in again.", status=401,
                                    content_type="text/plain; charset=utf-8")
            response["HX-Reswap"] = "none"
            return response
        return super().handle_no_permission(request, view_func)


class RequestSizeLimitMiddleware:
    """413 for a body whose ``Content-Length`` exceeds ``REQUEST_MAX_BYTES``, before any of
    it is read: Django's own limit leaves file uploads out, and DRF's JSON parser reads the
    raw stream, so without this a 30 MB upload was read whole."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from .errors import too_large

        limit = settings.REQUEST_MAX_BYTES
        length = request.META.get("CONTENT_LENGTH") or "0"
        if limit is not None and length.isascii() and length.isdigit() and int(length) > limit:
            return too_large(request, f"The request body ({int(length):,} bytes) is larger than "
                                      f"the limit of {limit:,} bytes (REQUEST_MAX_BYTES).")
        return self.get_response(request)
