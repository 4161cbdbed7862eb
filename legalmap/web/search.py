"""One search box over authorities, articles and passages.

On PostgreSQL: full-text search (config "english", so "strikes" finds "strike"), ranked,
with ``ts_headline`` snippets for articles. On SQLite: case-insensitive substring match,
newest first. Passages come only from maps the user may see — the same rule as every other
read of a map (``ArgumentMap.objects.visible_to``).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from legalmap.articles.models import Article
from legalmap.authorities.api import AuthorityFilter
from legalmap.authorities.models import Authority
from legalmap.maps.models import ArgumentMap, Node

CAP = 20  # per section on the combined page
CAP_ONE = 200  # when one section is asked for on its own ("more passages")
MAX_QUERY_CHARS = 200
SNIPPET_BEFORE, SNIPPET_CHARS = 80, 240
# ts_headline does not escape the document; mark the hits with characters that cannot
# be markup, escape everything, then turn them into <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
FTS_CONFIG = "english"


@dataclass
class Section:
    key: str
    title: str
    total: int
    results: list
    more_url: str = ""


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with every occurrence of each query word wrapped in <mark>."""
    words = sorted({w for w in query.split() if len(w) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _marked(headline: str) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped first; only our sentinels become tags
        escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _pg_query(q):
    from django.contrib.postgres.search import SearchQuery

    # websearch: what people type ("war powers" -congress, "quoted phrase") never errors.
    return SearchQuery(q, config=FTS_CONFIG, search_type="websearch")


def _ranked(queryset, vector, query, *, extra=None):
    """Rows whose vector matches ``query`` (or ``extra``), annotated with their rank."""
    from django.contrib.postgres.search import SearchRank

    matches = Q(document=query) | extra if extra is not None else Q(document=query)
    return (queryset.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(matches))


def search_authorities(q: str):
    # Substring matching catches what full-text cannot: citations such as "§ 70503" or
    # "U.S.C." tokenise poorly. The API's filter also knows SQLite's escaped JSON aliases.
    by_substring = AuthorityFilter().search(Authority.objects.all(), "q", q)
    if not settings.IS_POSTGRES:
        return by_substring.order_by("short_name", "slug")
    from django.contrib.postgres.search import SearchVector

    vector = (SearchVector("short_name", "name", weight="A", config=FTS_CONFIG)
              + SearchVector("aliases", "citation", weight="B", config=FTS_CONFIG))
    return _ranked(Authority.objects.all(), vector, _pg_query(q),
                   extra=Q(pk__in=by_substring.values("pk"))).order_by("-rank", "short_name")


def search_articles(q: str):
    articles = Article.objects.defer("text")
    if not settings.IS_POSTGRES:
        return (articles.filter(Q(title__icontains=q) | Q(text__icontains=q))
                .order_by(F("published").desc(nulls_last=True), "title", "id"))
    from django.contrib.postgres.search import SearchVector

    vector = (SearchVector("title", weight="A", config=FTS_CONFIG)
              + SearchVector("text", weight="B", config=FTS_CONFIG))
    return _ranked(articles, vector, _pg_query(q)).order_by("-rank", "title", "id")


def article_snippets(q: str, ids: list[int]) -> dict[int, SafeString]:
    """A short excerpt around the first hit in each article, one query for all of them."""
    articles = Article.objects.filter(pk__in=ids)
    if settings.IS_POSTGRES:
        from django.contrib.postgres.search import SearchHeadline

        # Only for the capped page of results, never for every match: ts_headline re-parses
        # the whole text.
        rows = articles.annotate(snippet=SearchHeadline(
            "text", _pg_query(q), config=FTS_CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
            min_words=15, max_words=35, max_fragments=2, fragment_delimiter=" … ",
        )).values_list("pk", "snippet")
        return {pk: _marked(snippet) for pk, snippet in rows}
    # Cut the excerpt in SQL, so a 200,000-character text never leaves the database.
    # SQLite's lower() folds ASCII only, exactly like its LIKE behind icontains.
    position = StrIndex(Lower("text"), Lower(Value(q)))
    start = Greatest(position - SNIPPET_BEFORE, Value(1))
    rows = articles.annotate(start=start, snippet=Substr("text", start, SNIPPET_CHARS))
    snippets = {}
    for pk, start, snippet in rows.values_list("pk", "start", "snippet"):
        text = " ".join(snippet.split())
        snippets[pk] = mark_safe(("… " if start > 1 else "") + highlight(text, q) + " …")  # noqa: S308
    return snippets


def search_passages(q: str, user):
    passages = (
        Node.objects.filter(kind=Node.Kind.PASSAGE, map__in=ArgumentMap.objects.visible_to(user))
        .select_related("article", "map")
        .defer("article__text", "map__description")
    )
    by_substring = Q(speaker__icontains=q) | Q(quote__icontains=q)
    if not settings.IS_POSTGRES:
        return passages.filter(by_substring).order_by("article__title", "map_id", "start", "id")
    from django.contrib.postgres.search import SearchVector

    vector = (SearchVector("speaker", weight="A", config=FTS_CONFIG)
              + SearchVector("quote", weight="B", config=FTS_CONFIG))
    # Speakers are names; a name the stemmer mangles is still found by substring.
    return _ranked(passages, vector, _pg_query(q), extra=Q(speaker__icontains=q)).order_by(
        "-rank", "id")


def _more(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def run_search(q: str, user, *, only: str = "") -> list[Section]:
    cap = CAP_ONE if only else CAP
    sections = []
    if only in ("", "authorities"):
        qs = search_authorities(q)
        sections.append(Section("authorities", "Authorities", qs.count(), list(qs[:cap]),
                                _more("authority-list-page", q=q)))
    if only in ("", "articles"):
        qs = search_articles(q)
        articles = list(qs[:cap])
        snippets = article_snippets(q, [a.pk for a in articles]) if articles else {}
        for article in articles:
            article.snippet = snippets.get(article.pk, "")
        sections.append(Section("articles", "Articles", qs.count(), articles,
                                _more("article-list-page", q=q)))
    if only in ("", "passages"):
        qs = search_passages(q, user)
        passages = list(qs[:cap])
        for passage in passages:
            passage.highlighted = highlight(passage.quote, q)
        sections.append(Section("passages", "Passages", qs.count(), passages,
                                _more("search", q=q, only="passages")))
    return sections


@require_GET
def search_page(request):
    q = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    only = request.GET.get("only", "")
    only = only if only in ("authorities", "articles", "passages") else ""
    sections = run_search(q, request.user, only=only) if q else []
    return render(request, "web/search.html", {
        "q": q, "only": only, "sections": sections, "cap": CAP_ONE if only else CAP,
        "engine": "full-text" if settings.IS_POSTGRES else "substring",
    })
