"""The blind corpus, its split, the learned models and the evaluation command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from legalmap.analysis import learned
from legalmap.analysis.corpus import RELATIONS, load_split
from legalmap.analysis.evaluation import score_predictions
from legalmap.analysis.passages import Suggested

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "corpus"
STANCES = {"justification", "critique", "claim", "fact"}


def catalogue_slugs():
    return {a["slug"] for a in json.loads(
        (ROOT / "fixtures" / "authorities.json").read_text())["authorities"]}


def test_every_corpus_text_is_in_exactly_one_split_and_both_splits_are_real():
    splits = json.loads((CORPUS / "splits.json").read_text())["splits"]
    texts = {p.stem for p in CORPUS.glob("*.txt")}
    assert set(splits) == texts
    assert set(splits.values()) == {"dev", "test"}
    assert sum(v == "test" for v in splits.values()) >= 10
    assert sum(v == "dev" for v in splits.values()) >= 10


@pytest.mark.parametrize("split", ["dev", "test"])
def test_the_gold_is_well_formed(split):
    slugs = catalogue_slugs()
    for path in sorted(CORPUS.glob("*.json")):
        if path.name == "splits.json":
            continue
        meta = json.loads(path.read_text())
        for field in ("title", "publisher", "url", "published"):
            assert meta.get(field), f"{path.name}: no {field}"
    for doc in load_split(split):
        assert doc.passages, doc.label
        for g in doc.passages:
            assert g.stance in STANCES, (doc.label, g.stance)
            for link in g.links:
                assert link.slug in slugs, (doc.label, link.slug)
                assert link.relation in RELATIONS, (doc.label, link.relation)


def test_the_shipped_models_never_saw_the_test_split():
    models = learned.default_models()
    test = {d.label for d in load_split("test")}
    dev = {d.label for d in load_split("dev")}
    assert test and not test & set(models.trained_on)
    assert dev <= set(models.trained_on)


def test_linear_scoring_equals_the_fitted_classifier():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [{"a": 1, "b": 1}, {"b": 1}, {"c": 1}, {"a": 1, "c": 1}, {"b": 1, "c": 1}, {"a": 1}]
    labels = ["x", "y", "z", "x", "z", "x"]
    vec = DictVectorizer()
    clf = LogisticRegression(max_iter=500).fit(vec.fit_transform(rows), labels)
    linear = learned.from_sklearn(clf, vec)
    for row in rows + [{"a": 1, "b": 1, "c": 1, "unseen": 1}]:
        expected = clf.predict_proba(vec.transform([row]))[0]
        got = linear.probabilities(row)
        for label, p in zip(clf.classes_, expected, strict=True):
            assert got[label] == pytest.approx(p, abs=1e-4)


def test_scoring_counts_explicit_and_implicit_links_apart():
    (doc,) = [d for d in load_split("dev") if any(
        link.explicit for g in d.passages for link in g.links)][:1]
    g = next(g for g in doc.passages if any(link.explicit for link in g.links))
    link = next(link for link in g.links if link.explicit)
    right = Suggested(link.slug, g.start, g.end, "", g.stance, g.speaker, link.relation, 1.0)
    wrong = Suggested("paquete-habana-1900", g.start, g.end, "", g.stance, g.speaker,
                      "relies_on", 1.0)
    score = score_predictions(doc, [right, wrong])
    assert (score.tp, score.predicted, score.relation_ok) == (1, 2, 1)
    assert score.prf_explicit[0] == pytest.approx(0.5)
    assert score.stance_accuracy == 1.0


def test_evaluate_suggestions_prints_a_row_per_text_and_overall():
    out = StringIO()
    call_command("evaluate_suggestions", "--split", "seeds", stdout=out)
    table = out.getvalue()
    assert "| overall" in table
    for doc in load_split("seeds"):
        assert doc.label[:44] in table
    assert "P expl" in table and "speaker" in table
