"""Score suggestions against the gold annotations in fixtures/gold/ (pure, no ORM).

A predicted passage matches a gold one when their spans overlap by at least
``OVERLAP`` of the shorter span. Links are (passage, authority, relation) triples, each
gold triple matched at most once. Stance and speaker are scored on the gold passages
some prediction matched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .passages import suggest
from .speakers import same_speaker

OVERLAP = 0.6


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


@dataclass
class Score:
    label: str
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    tp_authority: int = 0
    predicted_authority: int = 0
    gold_authority: int = 0
    stance_ok: int = 0
    speaker_ok: int = 0
    judged: int = 0

    def add(self, other: Score) -> None:
        for name in ("tp", "predicted", "gold", "tp_authority", "predicted_authority",
                     "gold_authority", "stance_ok", "speaker_ok", "judged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(tp, predicted, gold):
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def prf(self):
        return self._prf(self.tp, self.predicted, self.gold)

    @property
    def authority_f1(self):
        return self._prf(self.tp_authority, self.predicted_authority, self.gold_authority)[2]

    @property
    def stance_accuracy(self):
        return self.stance_ok / self.judged if self.judged else 0.0

    @property
    def speaker_accuracy(self):
        return self.speaker_ok / self.judged if self.judged else 0.0


def gold_spans(text: str, gold: dict) -> list[dict]:
    out = []
    for passage in gold["passages"]:
        start = text.find(passage["quote"])
        if start < 0:
            raise ValueError(f"Gold quote not in the text: {passage['quote'][:60]!r}")
        out.append({**passage, "span": (start, start + len(passage["quote"]))})
    return out


def score_article(label: str, text: str, gold: dict, matcher) -> Score:
    predictions = suggest(text, matcher)
    golds = gold_spans(text, gold)
    score = Score(label)
    gold_triples = [(i, a["slug"], a["relation"]) for i, g in enumerate(golds)
                    for a in g["authorities"]]
    score.gold, score.predicted = len(gold_triples), len(predictions)
    score.gold_authority, score.predicted_authority = len(gold_triples), len(predictions)
    used, used_authority = set(), set()
    for p in predictions:
        for triple in gold_triples:
            i, slug, relation = triple
            if slug != p.slug or not overlaps((p.start, p.end), golds[i]["span"]):
                continue
            if triple not in used_authority:
                used_authority.add(triple)
                score.tp_authority += 1
                if relation == p.relation and triple not in used:
                    used.add(triple)
                    score.tp += 1
                break
    for g in golds:
        match = next((p for p in predictions if overlaps((p.start, p.end), g["span"])), None)
        if match is None:
            continue
        score.judged += 1
        score.stance_ok += match.stance == g["stance"]
        score.speaker_ok += same_speaker(match.speaker, g["speaker"])
    return score


def load_gold(gold_dir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(gold_dir.glob("*.json"))]


HEADER = ["article", "gold", "pred", "P", "R", "F1", "auth F1", "n", "stance acc",
          "speaker acc"]


def table_rows(scores: list[Score]) -> list[list[str]]:
    rows = []
    for s in scores:
        p, r, f = s.prf
        rows.append([s.label, str(s.gold), str(s.predicted), f"{p:.2f}", f"{r:.2f}",
                     f"{f:.2f}", f"{s.authority_f1:.2f}", str(s.judged),
                     f"{s.stance_accuracy:.2f}", f"{s.speaker_accuracy:.2f}"])
    return rows


def render_table(scores: list[Score]) -> str:
    rows = [HEADER] + table_rows(scores)
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
             for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
