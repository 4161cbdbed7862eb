"""Training rows from the gold and the three models fitted on them (scikit-learn, at build
time only; the engine reads the JSON weights). Used by ``manage.py train_suggestions``
and by ``evaluate_suggestions --cv`` (leave-one-text-out on dev)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import learned
from .corpus import GoldDoc
from .features import (
    describe,
    explicit_surface,
    lean,
    link_features,
    relation_features,
    speaker_kind,
    stance_features,
    topic_overlap,
)
from .nlp import sentences
from .passages import by_sentence, first_person, topics
from .speakers import speaker_for

OVERLAP = 0.6
VERSION = "suggestions-2"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


@dataclass
class DocRows:
    label: str
    stance: list[tuple[dict, str]] = field(default_factory=list)
    # (features without the stance-dependent ones, mention, sentence facts, label)
    link: list[tuple] = field(default_factory=list)
    relation: list[tuple] = field(default_factory=list)


def doc_rows(doc: GoldDoc, matcher) -> DocRows:
    rows = DocRows(doc.label)
    topic = topics(matcher)
    text = doc.text
    sents = sentences(text)
    opinion = first_person(text)
    doc_lean = lean(text)
    grouped = by_sentence(sents, matcher.find(text))
    for k, sent in enumerate(sents):
        gold = next((g for g in doc.passages
                     if overlaps((sent.start, sent.end), (g.start, g.end))), None)
        by_slug = grouped.get(k, {})
        if gold is None and not by_slug:
            continue
        quote = text[sent.start:sent.end]
        # The words that name an authority are masked for the stance, except a paraphrase
        # ("called the attack a murder"), whose words are the stance itself.
        spans = [(m.start - sent.start, m.end - sent.start)
                 for found in by_slug.values() for m in found if m.rule != "paraphrase"]
        speaker, _ = speaker_for(text, sents, k)
        if not speaker and opinion:
            speaker = "the author"
        speaker = speaker_kind(speaker, describe(text, speaker))  # rows keep the kind
        if gold is not None:
            rows.stance.append((stance_features(quote, spans, speaker, doc_lean),
                                gold.stance))
        gold_links = {link.slug: link for link in (gold.links if gold else [])}
        for slug, found in by_slug.items():
            explicit = any(explicit_surface(m.surface, m.rule, m.start == sent.start)
                           for m in found)
            label = "1" if slug in gold_links else "0"
            overlap = topic_overlap(quote, spans, topic.get(slug, frozenset()))
            rows.link.append((quote, found, explicit, sent.heading, speaker, len(by_slug),
                              spans, overlap, doc_lean, label))
            if slug in gold_links:
                own = [(m.start - sent.start, m.end - sent.start) for m in found]
                rows.relation.append((quote, own, slug, spans, speaker, doc_lean,
                                      gold_links[slug].relation))
    return rows


def _fit(X: list[dict], y: list[str], C: float, balanced: bool = False):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform(X)
    clf = LogisticRegression(C=C, max_iter=2000,
                             class_weight="balanced" if balanced else None)
    clf.fit(matrix, y)
    return learned.from_sklearn(clf, vec)


@dataclass
class Params:
    stance_C: float = 0.1
    link_C: float = 1.0
    relation_C: float = 1.0
    link_threshold: float = 0.4
    link_threshold_explicit: float = 0.2


def fit(all_rows: list[DocRows], params: Params, trained_on=()) -> learned.Models:
    stance_X = [f for r in all_rows for f, _ in r.stance]
    stance_y = [y for r in all_rows for _, y in r.stance]
    stance = _fit(stance_X, stance_y, params.stance_C)

    def stance_of(quote, spans, speaker, doc_lean):
        return stance.predict(stance_features(quote, spans, speaker, doc_lean))

    link_X, link_y = [], []
    for r in all_rows:
        for quote, found, explicit, heading, speaker, n, spans, overlap, doc_lean, label \
                in r.link:
            _, _, probs = stance_of(quote, spans, speaker, doc_lean)
            best = max((link_features(quote, m, "", explicit, heading, probs, speaker, n,
                                      overlap)
                        for m in found), key=lambda f: f.get("rule:citation", 0))
            link_X.append(best)
            link_y.append(label)
    link = _fit(link_X, link_y, params.link_C)
    rel_X, rel_y = [], []
    for r in all_rows:
        for quote, own, slug, spans, speaker, doc_lean, relation in r.relation:
            st, _, _ = stance_of(quote, spans, speaker, doc_lean)
            rel_X.append(relation_features(quote, own, slug, st, speaker))
            rel_y.append(relation)
    relation = _fit(rel_X, rel_y, params.relation_C)
    return learned.Models(VERSION, link, stance, relation, params.link_threshold,
                          params.link_threshold_explicit, tuple(trained_on))


def to_json(models: learned.Models, params: Params) -> dict:
    return {"version": models.version, "trained_on": list(models.trained_on),
            "params": params.__dict__, "link_threshold": models.link_threshold,
            "link_threshold_explicit": models.link_threshold_explicit,
            "link": models.link.to_json(), "stance": models.stance.to_json(),
            "relation": models.relation.to_json()}
