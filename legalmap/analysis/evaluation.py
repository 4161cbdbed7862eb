"""Score suggestions against gold annotations (pure, no ORM).

A suggestion and a gold passage match when their spans overlap by at least 60 % of the
shorter one. Links are (passage, authority) pairs, each gold pair matched at most once:

- **explicit** links are those whose sentence names or cites the authority. Recall: the
  share of explicit gold links some suggestion found. Precision: right are the suggestions
  that match an explicit gold link; wrong are those made from a name or citation (not a
  description) that match no gold link; a suggestion that matches an *implicit* gold link,
  or comes from a description and matches nothing, is left out (it is counted in "all");
- **all** P/R/F1 counts every gold link;
- **relation** accuracy is over the matched links; **stance** and **speaker** accuracy
  over the gold passages some suggestion overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .corpus import GoldDoc
from .speakers import same_speaker
from .training import overlaps


@dataclass
class Score:
    label: str
    predicted: int = 0
    gold: int = 0
    tp: int = 0
    gold_explicit: int = 0
    tp_explicit: int = 0  # explicit gold links some suggestion found
    predicted_explicit: int = 0  # suggestions from a name or citation …
    right_explicit: int = 0  # … that match a gold link
    relation_ok: int = 0
    stance_ok: int = 0
    speaker_ok: int = 0
    judged: int = 0

    def add(self, other: Score) -> None:
        for f in fields(self):
            if f.name != "label":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @staticmethod
    def _prf(tp, predicted, gold):
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def prf(self):
        return self._prf(self.tp, self.predicted, self.gold)

    @property
    def prf_explicit(self):
        wrong = self.predicted_explicit - self.right_explicit  # named, and no gold link
        p = self.tp_explicit / (self.tp_explicit + wrong) if self.tp_explicit + wrong else 0.0
        r = self.tp_explicit / self.gold_explicit if self.gold_explicit else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def relation_accuracy(self):
        return self.relation_ok / self.tp if self.tp else 0.0

    @property
    def stance_accuracy(self):
        return self.stance_ok / self.judged if self.judged else 0.0

    @property
    def speaker_accuracy(self):
        return self.speaker_ok / self.judged if self.judged else 0.0


def score_predictions(doc: GoldDoc, predictions) -> Score:
    score = Score(doc.label, predicted=len(predictions))
    gold_links = [(i, link) for i, g in enumerate(doc.passages) for link in g.links]
    score.gold = len(gold_links)
    score.gold_explicit = sum(link.explicit for _, link in gold_links)
    used = set()
    for p in predictions:
        explicit = getattr(p, "explicit", True)
        score.predicted_explicit += explicit
        for n, (i, link) in enumerate(gold_links):
            g = doc.passages[i]
            if n in used or link.slug != p.slug or not overlaps((p.start, p.end),
                                                                 (g.start, g.end)):
                continue
            used.add(n)
            score.tp += 1
            score.relation_ok += p.relation == link.relation
            score.tp_explicit += link.explicit
            score.right_explicit += explicit
            break
    for g in doc.passages:
        match = next((p for p in predictions if overlaps((p.start, p.end), (g.start, g.end))),
                     None)
        if match is None:
            continue
        score.judged += 1
        score.stance_ok += match.stance == g.stance
        score.speaker_ok += same_speaker(match.speaker, g.speaker)
    return score


HEADER = ["text", "gold", "expl", "pred", "P expl", "R expl", "F1 expl", "P all", "R all",
          "F1 all", "relation", "n", "stance", "speaker"]


def _f(value: float, defined: bool) -> str:
    """A figure, or "—" where it has no denominator (no suggestion, no gold)."""
    return f"{value:.2f}" if defined else "—"


def table_rows(scores: list[Score]) -> list[list[str]]:
    rows = []
    for s in scores:
        pe, re_, fe = s.prf_explicit
        pa, ra, fa = s.prf
        named = s.tp_explicit + (s.predicted_explicit - s.right_explicit) > 0
        rows.append([s.label[:44], str(s.gold), str(s.gold_explicit), str(s.predicted),
                     _f(pe, named), _f(re_, s.gold_explicit > 0),
                     _f(fe, named and s.gold_explicit > 0), _f(pa, s.predicted > 0),
                     _f(ra, s.gold > 0), _f(fa, s.predicted > 0 and s.gold > 0),
                     _f(s.relation_accuracy, s.tp > 0), str(s.judged),
                     _f(s.stance_accuracy, s.judged > 0), _f(s.speaker_accuracy, s.judged > 0)])
    return rows


def render_table(scores: list[Score]) -> str:
    rows = [HEADER] + table_rows(scores)
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
             for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
