"""The suggestions a reader sees: for each sentence that mentions an authority, whether a
student would link it, with the passage's stance, speaker and relation. Pure, no ORM.

Sentences and parses come from spaCy (``nlp.py``), speakers from the parse
(``speakers.py``), mentions from the catalogue automaton and citeurl (``mentions.py``),
and the three decisions from models learned on the gold's seeds and dev splits
(``learned.py``, rebuilt by ``manage.py train_suggestions``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import learned, nlp
from .features import (
    describe,
    explicit_surface,
    lean,
    link_features,
    relation_features,
    speaker_kind,
    stance_features,
    topic_overlap,
    topic_words,
)
from .mentions import Matcher
from .nlp import Sentence, sentences
from .speakers import speaker_for

__all__ = ["Sentence", "Suggested", "sentences", "suggest", "sentence_predictions"]


@dataclass
class Suggested:
    slug: str
    start: int
    end: int
    quote: str
    stance: str
    speaker: str
    relation: str
    confidence: float
    cues: list[str] = field(default_factory=list)
    explicit: bool = True
    p_link: float = 1.0  # the link model's probability (not stored; for tuning)


_WORDS = {
    "rule:alias": "one of its names", "rule:citation": "a formal citation",
    "rule:paraphrase": "a paraphrase of the rule", "rule:context": "a name in its context",
    "explicit:True": "the sentence names it", "explicit:False": "described, not named",
    "argued": "the sentence argues a side", "heading": "a heading", "question": "a question",
    "crowded": "many authorities in one sentence", "short": "a short sentence",
    "negated": "a negation", "quotes": "a quotation", "hedged": "hedged (may, could, if)",
    "narrates": "narration (dates, numbers)", "first-person": "first person",
    "against": "words against the strikes' lawfulness",
    "for": "words for the strikes' lawfulness", "neg-near": "a negation near it",
}


def _readable(feature: str) -> str:
    """A feature name as the reader's "Why?" shows it."""
    if feature in _WORDS:
        return _WORDS[feature]
    kind, _, value = feature.partition(":")
    if kind == "topic" or kind == "topic*explicit":
        band = value.split(":")[0]
        return ("the sentence is about what it governs" if band != "0"
                else "the sentence is not about what it governs")
    if kind in {"speaker*leans", "speaker"}:
        who = value.split(":")[0]
        return {"none": "the narrator", "author": "the author's own voice",
                "official": "an official speaking", "critic": "a critic speaking",
                "supporter": "a supporter speaking"}.get(who, "a speaker named")
    if kind in {"marker", "marker*side"}:
        return {"breach": "words of breach", "inapplicable": "words denying it applies",
                "comply": "words of compliance"}.get(value.split(":")[0], value)
    if kind in {"side", "side*stance"}:
        side = value.split(":")[0]
        return ("a power or permission the strikes rely on" if side == "enables"
                else "a rule that restrains force")
    if kind == "neg-near*side":
        return "a negation near it"
    return {"w": f"word “{value}”", "alias": f"phrase “{value}”", "slug": "often linked",
            "stance": f"a {value}", "leans": f"leans {value} the strikes' lawfulness",
            "voice*doc": "the author's own voice" if value.startswith("author")
            else "the narrator's voice"}.get(kind, feature)


def _unique(cues: list[str]) -> list[str]:
    return list(dict.fromkeys(cues))


def sentence_predictions(text: str, sents: list[Sentence], k: int, spans, models,
                         doc_lean: str = "mixed", opinion: bool = False):
    """(speaker, its kind, speaker cues, stance, stance probabilities, stance cues) of
    sentence k."""
    sent = sents[k]
    quote = text[sent.start:sent.end]
    speaker, speaker_cues = speaker_for(text, sents, k)
    if not speaker and opinion:
        speaker = "the author"  # an unattributed sentence of an opinion piece
    kind = speaker_kind(speaker, describe(text, speaker))
    feats = stance_features(quote, spans, kind, doc_lean)
    stance, _, probs = models.stance.predict(feats)
    cues = [f"stance:{_readable(f)}" for f in models.stance.reasons(feats, stance)]
    return speaker, kind, speaker_cues, stance, probs, cues


_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_FIRST_PERSON = re.compile(r"\b(?:I|my|My|we|We|our|Our)\b")


def first_person(text: str) -> bool:
    """The author speaks in the first person outside quotations: an opinion piece or a
    blog post, whose unattributed arguments are the author's."""
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", text)))


def by_sentence(sents: list[Sentence], mentions) -> dict[int, dict[str, list]]:
    """Mentions grouped by the sentence they start in, then by authority."""
    starts = [s.start for s in sents]
    grouped: dict[int, dict[str, list]] = {}
    for mention in mentions:
        k = max(0, bisect.bisect_right(starts, mention.start) - 1)
        grouped.setdefault(k, {}).setdefault(mention.slug, []).append(mention)
    return grouped


def topics(matcher: Matcher) -> dict[str, frozenset[str]]:
    """Each authority's topic words, computed once per automaton."""
    cached = getattr(matcher, "_topics", None)
    if cached is None:
        cached = {e.slug: topic_words(e) for e in matcher.entries}
        matcher._topics = cached
    return cached


def suggest(text: str, matcher: Matcher, *, author: str = "", models=None,
            threshold: float | None = None) -> list[Suggested]:
    """One suggestion per (sentence, authority) the link model keeps, by position."""
    models = models or learned.default_models()
    threshold_explicit = models.link_threshold_explicit if threshold is None else threshold
    threshold = models.link_threshold if threshold is None else threshold
    mentions = matcher.find(text)
    if not mentions:
        return []
    sents = sentences(text)
    topic = topics(matcher)
    opinion = first_person(text)
    doc_lean = lean(text)
    grouped = by_sentence(sents, mentions)
    # The sentences with mentions and their neighbours (speakers) in one batch.
    nlp.parse_many(text[sents[j].start:sents[j].end] for k in grouped
                   for j in (k - 1, k, k + 1) if 0 <= j < len(sents))
    out = []
    for k, by_slug in sorted(grouped.items()):
        sent = sents[k]
        quote = text[sent.start:sent.end]
        if sent.heading or quote.rstrip("”’\"' )").endswith("?"):
            continue  # headlines and questions are not passages (annotation guide, 1)
        # The words that name an authority are masked for the stance, except a paraphrase
        # ("called the attack a murder"), whose words are the stance itself.
        spans = [(m.start - sent.start, m.end - sent.start)
                 for found in by_slug.values() for m in found if m.rule != "paraphrase"]
        speaker, kind, speaker_cues, stance, probs, stance_cues = sentence_predictions(
            text, sents, k, spans, models, doc_lean, opinion)
        if speaker == "the author" and author:
            speaker = author
        for slug, found in sorted(by_slug.items()):
            explicit = any(explicit_surface(m.surface, m.rule, m.start == sent.start)
                           for m in found)
            overlap = topic_overlap(quote, spans, topic.get(slug, frozenset()))
            p_link, link_feats = 0.0, {}
            for m in found:
                feats = link_features(quote, m, "", explicit, sent.heading, probs, kind,
                                      len(by_slug), overlap)
                p = models.link.probabilities(feats)["1"]
                if p > p_link:
                    p_link, link_feats = p, feats
            if p_link < (threshold_explicit if explicit else threshold):
                continue
            own = [(m.start - sent.start, m.end - sent.start) for m in found]
            rel_feats = relation_features(quote, own, slug, stance, kind)
            relation, _, _ = models.relation.predict(rel_feats)
            cues = _unique([f"mention:{m.surface}" for m in found[:3]]
                    + [f"link:{_readable(f)}" for f in models.link.reasons(link_feats, "1")]
                    + stance_cues + speaker_cues
                    + [f"relation:{_readable(f)}"
                       for f in models.relation.reasons(rel_feats, relation)])
            out.append(Suggested(slug, sent.start, sent.end, quote, stance, speaker,
                                 relation, round(p_link * probs[stance] ** 0.5, 3), cues,
                                 explicit, p_link))
    return out
