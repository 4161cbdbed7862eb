from legalmap.reviews.selectors import unread_count


def notifications(request):
    """The header's unread count. A callable, so the query runs only on pages whose
    template shows it (the whole page, not an htmx partial)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": lambda: unread_count(user)}
