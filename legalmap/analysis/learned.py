"""The learned parts of the engine: three logistic-regression models stored as plain JSON
weights (``model/suggestions.json``), rebuilt by ``manage.py train_suggestions``.

- ``link``: does this mention of an authority in this sentence make a passage a student
  would link to it? (probability; the engine keeps those above the stored threshold)
- ``stance``: justification / critique / claim / fact of the sentence;
- ``relation``: relies_on / violates / disputes / complies for (sentence, authority).

Scoring needs no scikit-learn: a sum of the weights of the features present, then a
softmax. Every prediction also names the features that pushed it most, for "Why?".
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "model" / "suggestions.json"


@dataclass(frozen=True)
class Linear:
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per class
    intercept: tuple[float, ...]

    def scores(self, feats: dict[str, float]) -> list[float]:
        out = list(self.intercept)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None and value:
                for i, wi in enumerate(w):
                    out[i] += wi * value
        return out

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        s = self.scores(feats)
        if len(self.classes) == 2 and len(s) == 1:  # binary: one logit for classes[1]
            p = 1 / (1 + math.exp(-s[0]))
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        top = max(s)
        e = [math.exp(x - top) for x in s]
        z = sum(e)
        return {c: v / z for c, v in zip(self.classes, e, strict=True)}

    def predict(self, feats: dict[str, float]) -> tuple[str, float, dict[str, float]]:
        probs = self.probabilities(feats)
        label = max(probs, key=probs.get)
        return label, probs[label], probs

    def reasons(self, feats: dict[str, float], label: str, n: int = 3) -> list[str]:
        """The features that pushed most towards ``label`` (binary: towards "yes")."""
        if len(self.intercept) == 1:
            idx, sign = 0, 1 if label == self.classes[1] else -1
        else:
            idx, sign = self.classes.index(label), 1
        contrib = [(sign * self.weights[f][idx] * v, f) for f, v in feats.items()
                   if f in self.weights and v]
        contrib.sort(reverse=True)
        return [f for c, f in contrib[:n] if c > 0]

    @classmethod
    def from_json(cls, data: dict) -> Linear:
        return cls(tuple(data["classes"]),
                   {k: tuple(v) for k, v in data["weights"].items()},
                   tuple(data["intercept"]))

    def to_json(self) -> dict:
        return {"classes": list(self.classes), "intercept": list(self.intercept),
                "weights": {k: [round(x, 5) for x in v] for k, v in
                            sorted(self.weights.items())}}


@dataclass(frozen=True)
class Models:
    version: str
    link: Linear
    stance: Linear
    relation: Linear
    link_threshold: float  # for a mention that describes the authority
    link_threshold_explicit: float  # for one that names or cites it
    trained_on: tuple[str, ...] = ()
    digest: str = ""  # sha256 of the weights file: stored suggestions name the engine


def load(path: Path | str = MODEL_PATH) -> Models:
    raw = Path(path).read_bytes()
    data = json.loads(raw)
    return Models(data["version"], Linear.from_json(data["link"]),
                  Linear.from_json(data["stance"]), Linear.from_json(data["relation"]),
                  float(data["link_threshold"]), float(data["link_threshold_explicit"]),
                  tuple(data.get("trained_on", ())), hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=1)
def default_models() -> Models:
    return load(MODEL_PATH)


def from_sklearn(classifier, vectorizer) -> Linear:
    """Weights of a fitted ``LogisticRegression`` over a ``DictVectorizer``'s features."""
    names = vectorizer.get_feature_names_out()
    coef = classifier.coef_
    weights = {}
    for j, name in enumerate(names):
        column = tuple(float(coef[i][j]) for i in range(coef.shape[0]))
        if any(abs(x) > 1e-4 for x in column):
            weights[str(name)] = column
    return Linear(tuple(str(c) for c in classifier.classes_), weights,
                  tuple(float(x) for x in classifier.intercept_))
