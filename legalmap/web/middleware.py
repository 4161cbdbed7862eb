from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


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
