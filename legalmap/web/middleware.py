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
