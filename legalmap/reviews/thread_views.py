"""The forms of a review thread and of a verdict: comment, reply, edit, delete, resolve,
reopen, give a verdict. They sit in the map page's panel and on the review page.

Each is a plain POST form that works without JavaScript, and htmx-enhanced where htmx runs:

- Without JavaScript, a form that succeeds redirects back with a message, as before. One
  that is refused answers with the whole page again (400, or 403 when the role forbids it),
  the form open with the error beside its field and the typed text in the box.
- With htmx (``request.htmx``), a form that succeeds answers with the one part it changed:
  the thread (reply, edit, delete, resolve, reopen), the new thread (appended to the list of
  its link or node, with a fresh form and the open count out of band), or the verdict block.
  ``HX-Trigger`` carries the words for the page's status region (``review-status``) and, for
  links, the new open-thread count the diagram marks (``review-changed``). A refused form
  answers with that form again (``HX-Retarget`` at it, ``HX-Reswap: outerHTML``) and 400 or
  403; ``static/reviews/review.js`` swaps such 4xx answers, and only those.

What a reviewer typed is never lost: a form whose place on the page is gone (its link was
deleted meanwhile) still comes back, as a read-only copy of the text under the messages
(``reviews/_refused_text.html``). User errors are never a 500: unknown ids are a 404, the
services' ``ValidationError`` a 400 and ``PermissionDenied`` a 403.
"""

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from legalmap.http import ascii_int
from legalmap.maps import selectors as map_selectors
from legalmap.maps.models import Link, Node

from . import selectors, services
from .models import Comment
from .views import FILTERS, Review, permissions, review_context, verdict_choices

# The fields each kind of form draws beside their input; other errors go above the form.
FIELDS = {"new": ("body",), "reply": ("body",), "edit": ("body",),
          "verdict": ("value", "reason")}
FORM_IDS = {"new": "new-thread-{}-{}", "reply": "reply-form-{}", "edit": "edit-form-{}",
            "verdict": "verdict-form-{}"}
FORM_TEMPLATES = {"new": "reviews/_new_comment.html", "reply": "reviews/_reply_form.html",
                  "edit": "reviews/_edit_form.html", "verdict": "reviews/_verdict_form.html"}
NOT_DONE = {"new": "Your comment was not posted", "reply": "Your reply was not posted",
            "edit": "Your edit was not saved", "verdict": "Your verdict was not recorded"}


@dataclass
class Refused:
    """A form the server refused, to be drawn again as it was sent.

    ``ids`` says which form of its kind it is, as the templates name it (the ``refused_form``
    tag): ("link", "7") for a new thread on link 7, the thread's first comment for a reply,
    the comment for an edit, the link for a verdict; empty when no form on the page fits.
    """

    kind: str  # "new", "reply", "edit" or "verdict"
    ids: tuple[str, ...]
    data: dict  # the fields as posted
    errors: dict[str, list[str]]  # field → messages; "__all__" and unknown fields: the form's
    selected: str = ""  # the map panel that holds the form ("link-7"), for the page
    shown: bool = False  # set when a template draws the form (the fallback shows otherwise)

    @property
    def form_id(self) -> str:
        return FORM_IDS[self.kind].format(*self.ids) if self.ids and all(self.ids) else ""

    @property
    def other_errors(self) -> list[str]:
        return [error for name, errors in self.errors.items() if name not in FIELDS[self.kind]
                for error in errors]

    @property
    def text(self) -> str:
        """What was typed: the body of a comment, the reason of a verdict."""
        return self.data.get("body") or self.data.get("reason") or ""

    @property
    def summary(self) -> str:
        return f"{NOT_DONE[self.kind]}: " + " ".join(
            error for errors in self.errors.values() for error in errors)


def _errors_of(exc: Exception) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return exc.message_dict
    if isinstance(exc, ValidationError):
        return {"__all__": exc.messages}
    return {"__all__": [str(exc) or "You may not do that here."]}


def _status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 400


def _target_key(comment) -> str:
    if comment.link_id:
        return f"link-{comment.link_id}"
    return f"node-{comment.node_id}" if comment.node_id else ""


def _target(comment) -> tuple[str, int | None]:
    """("link", 7), ("node", 3), or ("", None) for a thread whose link or node is gone."""
    kind, _, pk = _target_key(comment).partition("-")
    return kind, int(pk) if pk else None


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return ""


def _announce(response, message: str, *, error=False, changed=None) -> HttpResponse:
    """HX-Trigger: the words for the status region, and what the diagram should mark.
    json.dumps escapes non-ASCII, so the header stays Latin-1 whatever the message says."""
    events = {"review-status": {"message": message, "error": error}}
    if changed is not None:
        events["review-changed"] = changed
    response["HX-Trigger"] = json.dumps(events)
    return response


# --- answering -------------------------------------------------------------------------


def _back(request, argument_map, message: str, selected: str = ""):
    """Without JavaScript: the message, and back where the form came from (``next``, same
    site only), else to the map page with ``selected`` open in the panel."""
    messages.success(request, message)
    if target := _safe_next(request):
        return redirect(target)
    url = reverse("map-page", args=[argument_map.pk])
    return redirect(f"{url}?selected={selected}" if selected else url)


def _review_filter(request, argument_map) -> str | None:
    """The review page's filter if the form was posted from this map's review page (its
    ``next``), else None: the form came from the map page's panel."""
    target = _safe_next(request)
    if not target:
        return None
    parts = urlsplit(target)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name != "map-review-page" or match.kwargs.get("pk") != argument_map.pk:
        return None
    which = parse_qs(parts.query).get("filter", [""])[0]
    return which if which in FILTERS else ""


def _page(request, argument_map, *, selected: str, refused: Refused | None, status: int):
    """The page the form came from, drawn again with ``refused`` in it (no JavaScript)."""
    extra = {"refused": refused}
    which = _review_filter(request, argument_map)
    if which is not None:
        context = review_context(request, argument_map, which, page_url=_safe_next(request))
        return render(request, "reviews/review_page.html", context | extra, status=status)
    from legalmap.maps.views import render_map_page

    return render_map_page(request, argument_map, selected=selected, extra=extra,
                           status=status)


def _refuse(request, argument_map, refused: Refused, status: int = 400, **context):
    """A refused form: for htmx the form again, retargeted at itself; else the whole page."""
    if request.htmx:
        response = render(request, FORM_TEMPLATES[refused.kind], {
            "map": argument_map, "refused": refused, "next": _safe_next(request),
            "verdict_choices": verdict_choices(), "can_comment": True, "can_judge": True,
            **context}, status=status)
        if refused.form_id:
            response["HX-Retarget"] = f"#{refused.form_id}"
            response["HX-Reswap"] = "outerHTML"
        else:  # no form on the page to put it in: leave the page (and the text) as it is
            response["HX-Reswap"] = "none"
        return _announce(response, refused.summary, error=True)
    messages.error(request, f"{refused.summary} What you wrote is kept below.")
    return _page(request, argument_map, selected=refused.selected, refused=refused,
                 status=status)


def _refuse_action(request, argument_map, comment, exc: Exception):
    """A refused resolve, reopen or delete: nothing was typed, so only the reason."""
    message = " ".join(error for errors in _errors_of(exc).values() for error in errors)
    if request.htmx:
        response = HttpResponse(status=_status(exc))
        response["HX-Reswap"] = "none"
        return _announce(response, message, error=True)
    if isinstance(exc, PermissionDenied):
        raise exc
    messages.error(request, message)
    return _page(request, argument_map, selected=_target_key(comment), refused=None,
                 status=400)


def _thread(request, argument_map, comment_pk: int, message: str, *, new: bool = False):
    """For htmx: the thread of ``comment_pk`` as it is now (focused), with its target's open
    count out of band; a new thread also brings a fresh form to start the next one."""
    review = Review(argument_map, verdicts=False)  # one query: the map's comments
    root = review.root_of(comment_pk)
    kind, pk = _target(root)
    open_count = review.open_count(kind, pk)
    response = render(request, "reviews/_thread_answer.html", {
        "map": argument_map, "root": root, "focus": True, "new": new, "target": kind,
        "target_id": pk, "open": open_count, "next": _safe_next(request),
        **permissions(argument_map, request.user)})
    changed = {"link": pk, "open": open_count} if kind == "link" else None
    return _announce(response, message, changed=changed)


def _get_comment(argument_map, comment_pk) -> Comment:
    comment = Comment.objects.filter(map=argument_map, pk=comment_pk).first()
    if comment is None:
        raise Http404("No such comment on this map.")
    comment.map = argument_map  # with its memberships prefetched by the one door
    return comment


# --- comments --------------------------------------------------------------------------


@require_POST
def comment_create(request, pk):
    """A new thread on a link or node, or (``parent``) a reply in a thread."""
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    post, body = request.POST, request.POST.get("body", "")
    link = node = parent = None
    parent_id, link_id, node_id = (ascii_int(post, name) for name in ("parent", "link", "node"))
    if parent_id is not None:
        parent = _get_comment(argument_map, parent_id)
    elif link_id is not None:
        link = Link.objects.filter(map=argument_map, pk=link_id).first()
    elif node_id is not None:
        node = Node.objects.filter(map=argument_map, pk=node_id).first()

    def refuse(errors, status=400):
        if parent is not None:
            root = Review(argument_map, verdicts=False).root_of(parent.pk)
            return _refuse(request, argument_map, Refused(
                "reply", (str(root.pk),), {"body": body}, errors,
                selected=_target_key(root)), status, root=root,
                reply_to=root.reply_to or parent.pk)
        target = ("link" if link_id is not None else
                  "node" if node_id is not None else "")
        target_id = post.get(target, "") if target else ""
        return _refuse(request, argument_map, Refused(
            "new", (target, target_id), {"body": body}, errors,
            selected=f"{target}-{target_id}" if target else ""), status,
            target=target, target_id=target_id)

    # The link or node may have been deleted since the page was drawn: a 400 naming it,
    # with the text kept, not a 404 (the comments resource is there; the target is not).
    if parent is None and link is None and node is None:
        for name, target_id in (("link", link_id), ("node", node_id)):
            if target_id is not None:
                return refuse({name: [f"That {name} is no longer on this map; "
                                      "nothing was posted."]})
    try:
        comment = services.comment_create(argument_map=argument_map, actor=request.user,
                                          body=body, link=link, node=node, parent=parent)
    except (ValidationError, PermissionDenied) as exc:
        return refuse(_errors_of(exc), _status(exc))
    message = "Reply posted." if parent else "Comment posted."
    if not request.htmx:
        return _back(request, argument_map, message, _target_key(comment))
    return _thread(request, argument_map, comment.pk, message, new=parent is None)


@require_POST
def comment_edit(request, pk, comment_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    comment = _get_comment(argument_map, comment_pk)
    body = request.POST.get("body", "")
    try:
        services.comment_update(comment=comment, actor=request.user, body=body)
    except (ValidationError, PermissionDenied) as exc:
        root = Review(argument_map, verdicts=False).root_of(comment.pk)
        return _refuse(request, argument_map, Refused(
            "edit", (str(comment.pk),), {"body": body}, _errors_of(exc),
            selected=_target_key(root)), _status(exc), c=comment, root=root)
    return _done(request, argument_map, comment, "Comment saved.")


def _done(request, argument_map, comment, message: str):
    """A thread action that succeeded: back to the page, or (htmx) the thread."""
    if not request.htmx:
        return _back(request, argument_map, message, _target_key(comment))
    return _thread(request, argument_map, comment.pk, message)


@require_POST
def comment_delete(request, pk, comment_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    comment = _get_comment(argument_map, comment_pk)
    try:
        services.comment_delete(comment=comment, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _refuse_action(request, argument_map, comment, exc)
    return _done(request, argument_map, comment, "Comment deleted.")


def _resolution(resolve: bool):
    @require_POST
    def view(request, pk, comment_pk):
        argument_map = map_selectors.get_map_for_user(request.user, pk)
        comment = _get_comment(argument_map, comment_pk)
        service = services.comment_resolve if resolve else services.comment_reopen
        try:
            service(comment=comment, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            return _refuse_action(request, argument_map, comment, exc)
        return _done(request, argument_map, comment,
                     "Thread resolved." if resolve else "Thread reopened.")

    return view


comment_resolve = _resolution(True)
comment_reopen = _resolution(False)


# --- verdicts --------------------------------------------------------------------------


@require_POST
def verdict_give(request, pk, link_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    link = Link.objects.filter(map=argument_map, pk=link_pk).first()
    if link is None:
        raise Http404("No such link on this map.")
    value, reason = request.POST.get("value", ""), request.POST.get("reason", "")
    try:
        verdict = services.verdict_give(argument_map=argument_map, actor=request.user,
                                        link=link, value=value, reason=reason)
    except (ValidationError, PermissionDenied) as exc:
        return _refuse(request, argument_map, Refused(
            "verdict", (str(link.pk),), {"value": value, "reason": reason}, _errors_of(exc),
            selected=f"link-{link.pk}"), _status(exc), link_id=link.pk)
    message = f"Verdict recorded: {verdict.get_value_display()}."
    if not request.htmx:
        return _back(request, argument_map, message, f"link-{link.pk}")
    latest = list(selectors.verdict_latest(argument_map).filter(link=link))
    response = render(request, "reviews/_verdicts.html", {
        "map": argument_map, "link_id": link.pk, "verdicts": latest,
        "focus": True, "verdict_choices": verdict_choices(), "next": _safe_next(request),
        **permissions(argument_map, request.user)})
    return _announce(response, message)
