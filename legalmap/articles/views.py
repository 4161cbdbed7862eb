"""Article pages: the list, one article with its revisions, and the instructor's upload form.

Everyone signed in reads articles (they are public news texts); what they may see of the
maps built on them — passage counts, links into a map — is limited to
``ArgumentMap.objects.visible_to(user)``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from legalmap.maps.models import ArgumentMap, Node

from . import services
from .api import ArticleFilter
from .forms import ArticleForm
from .models import Article


def _visible_passage_count(user, **where):
    """Passages (matching ``where``) in maps ``user`` may see, as a correlated subquery.

    A subquery rather than a join + Count: joining passages multiplies rows per article,
    and the visibility filter is an EXISTS that must not be repeated per joined row.
    """
    passages = Node.objects.filter(
        kind=Node.Kind.PASSAGE, map__in=ArgumentMap.objects.visible_to(user), **where)
    counts = passages.order_by().values("kind").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _ordered(queryset):
    # Undated articles last on every database (PostgreSQL sorts NULL first in DESC).
    return queryset.order_by(F("published").desc(nulls_last=True), "title", "id")


@require_GET
def article_list(request):
    query = request.GET.get("q", "").strip()
    # The text can be 200,000 characters; a list needs none of it.
    articles = _ordered(Article.objects.defer("text")).annotate(
        passage_count=_visible_passage_count(request.user, article=OuterRef("pk")))
    if query:
        articles = ArticleFilter({"q": query}, queryset=articles).qs
    return render(request, "articles/list.html", {"articles": articles, "q": query})


def paragraphs(text: str) -> list[str]:
    """Each non-blank line is a paragraph.

    Seeds put one newline between paragraphs, uploads a blank line; either way a line
    break in a news text ends a paragraph, and a reader should see it as one.
    """
    return [line for line in text.split("\n") if line.strip()]


@require_GET
def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("created_by"), pk=pk)
    revisions = article.revisions.defer("text").order_by("-number")
    maps = (
        ArgumentMap.objects.visible_to(request.user).filter(articles=article)
        .select_related("owner")
        .annotate(passage_count=_visible_passage_count(
            request.user, article=article.pk, map=OuterRef("pk")))
        .order_by("title", "id")
    )
    return render(request, "articles/detail.html", {
        "article": article, "paragraphs": paragraphs(article.text),
        "revisions": revisions, "maps": maps,
    })


@require_http_methods(["GET", "POST"])
def article_create(request):
    # Instructors curate the corpus (DESIGN.md, roles); for others the form does not exist.
    if not request.user.is_staff:
        raise PermissionDenied("Only instructors may add articles.")
    if request.method == "GET":
        return render(request, "articles/form.html", {"form": ArticleForm()})
    form = ArticleForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            article = services.article_create(created_by=request.user, **form.article_fields())
        except ValidationError as exc:
            # The model's own checks (e.g. a field too long once normalised) name the field.
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Added “{article.title}”.")
            return redirect("article-detail-page", pk=article.pk)
    return render(request, "articles/form.html", {"form": form}, status=400)
