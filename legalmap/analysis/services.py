"""Writes of the analysis app: compute and store suggestions, accept and dismiss them."""

from __future__ import annotations

import hashlib
import threading

from django.core.exceptions import ValidationError
from django.db import transaction

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority
from legalmap.maps import services as map_services
from legalmap.maps.graph import current_relation
from legalmap.maps.models import MAX_SPEAKER_CHARS

from .learned import default_models
from .mentions import CatalogueEntry, Matcher, catalogue_version
from .models import Analysis, Suggestion, SuggestionDismissal
from .passages import suggest

_lock = threading.Lock()
_matchers: dict[str, Matcher] = {}


def catalogue_entries() -> list[CatalogueEntry]:
    return [CatalogueEntry(slug, name, short, citation, tuple(aliases or ()), summary)
            for slug, name, short, citation, aliases, summary in Authority.objects
            .order_by("slug").values_list("slug", "name", "short_name", "citation",
                                          "aliases", "summary")]


def current_matcher() -> Matcher:
    """The automaton for the catalogue as it is now; rebuilt only when it changed."""
    entries = catalogue_entries()
    # Stored suggestions are those of one catalogue *and* one set of learned weights.
    version = hashlib.sha256(f"{catalogue_version(entries)}:{default_models().digest}"
                             .encode()).hexdigest()
    with _lock:
        matcher = _matchers.get(version)
        if matcher is None:
            matcher = Matcher(entries)
            matcher.version = version
            _matchers.clear()  # one catalogue at a time: old automata are garbage
            _matchers[version] = matcher
    return matcher


def suggestions_compute(*, article: Article) -> list[Suggestion]:
    """Suggestions for the article's current text and catalogue; a no-op when stored."""
    matcher = current_matcher()
    current = _current(article, matcher.version)
    with transaction.atomic():
        # Lock the article row so two workers on one article do not both insert
        # (SQLite serialises writers anyway).
        Article.objects.select_for_update().filter(pk=article.pk).first()
        if _analysed(article, matcher.version):
            return list(current)
        authorities = dict(Authority.objects.values_list("slug", "pk"))
        Suggestion.objects.filter(article=article).delete()  # stale text or catalogue
        rows = [
            Suggestion(article=article, text_sha256=article.sha256,
                       catalogue_version=matcher.version, authority_id=authorities[s.slug],
                       start=s.start, end=s.end, quote=s.quote, stance=s.stance,
                       speaker=s.speaker[:MAX_SPEAKER_CHARS],
                       # An engine that still says `invokes`/`contests` is stored in the
                       # four relations' names (issue 14).
                       relation=current_relation(s.relation),
                       confidence=s.confidence, cues=s.cues)
            for s in suggest(article.text, matcher, author=article.author)
            if s.slug in authorities
        ]
        Suggestion.objects.bulk_create(rows)
        Analysis.objects.update_or_create(article=article, defaults={
            "text_sha256": article.sha256, "catalogue_version": matcher.version,
            "suggestions": len(rows)})
    return list(current)


def _current(article: Article, version: str):
    """The stored suggestions for the article's current text and this catalogue."""
    return Suggestion.objects.filter(article=article, text_sha256=article.sha256,
                                     catalogue_version=version)


def _analysed(article: Article, version: str) -> bool:
    return Analysis.objects.filter(article=article, text_sha256=article.sha256,
                                   catalogue_version=version).exists()


def suggestions_queue(*, article: Article) -> None:
    """Analyse the article once the surrounding transaction commits (call it from
    ``article_create`` / ``article_revise``)."""
    from legalmap.tasks_util import enqueue_on_commit

    from .tasks import analyse_article

    enqueue_on_commit(analyse_article, article.pk)


def suggestion_list(*, article: Article, argument_map=None) -> list[Suggestion]:
    """Current suggestions (computed now if the task has not run yet), without those
    dismissed in ``argument_map``."""
    version = current_matcher().version
    rows = list(_current(article, version).select_related("authority"))
    if not rows and not _analysed(article, version):
        suggestions_compute(article=article)
        rows = list(_current(article, version).select_related("authority"))
    if argument_map is not None:
        dismissed = set(SuggestionDismissal.objects.filter(map=argument_map, article=article)
                        .values_list("authority_id", "start", "end"))
        rows = [r for r in rows if (r.authority_id, r.start, r.end) not in dismissed]
    return rows


def suggestion_accept(*, suggestion: Suggestion, argument_map, actor, expected_version,
                      stance=None, speaker=None, relation=None, start=None, end=None):
    """Passage + authority node (if missing) + link, in one transaction: the reader's
    passage service does exactly that. Edits (stance, speaker, relation, span) override
    the suggestion's guesses. The relation goes straight through to the link: one of the
    four (a retired name, ``invokes``/``contests``, is read as its successor)."""
    article = suggestion.article
    if not argument_map.articles.filter(pk=article.pk).exists():
        raise ValidationError({"map": "The article is not one of this map's sources."})
    start = suggestion.start if start is None else start
    end = suggestion.end if end is None else end
    if not (0 <= start < end <= len(article.text)):
        raise ValidationError({"end": "The span must lie inside the article text."})
    return map_services.passage_create_with_links(
        argument_map=argument_map, actor=actor, expected_version=expected_version,
        article=article, start=start, end=end, quote=article.text[start:end],
        stance=stance or suggestion.stance or "claim",
        speaker=suggestion.speaker if speaker is None else speaker,
        authority_links=[(suggestion.authority,
                          current_relation(relation or suggestion.relation))])


def suggestion_dismiss(*, suggestion: Suggestion, argument_map, actor) -> SuggestionDismissal:
    dismissal, _ = SuggestionDismissal.objects.get_or_create(
        map=argument_map, article_id=suggestion.article_id,
        authority_id=suggestion.authority_id, start=suggestion.start, end=suggestion.end,
        defaults={"dismissed_by": actor})
    return dismissal
