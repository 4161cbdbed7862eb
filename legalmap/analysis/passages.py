"""Sentences around mentions, and the suggestion a reader would mark: pure, no ORM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import Matcher
from .speakers import speaker_for
from .stance import relation_for, stance_for

# Abbreviations whose full stop does not end a sentence ("U.S.", "Mr.", "art.", "No.").
_ABBREV = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|gen|sen|rep|gov|st|no|art|arts|cl|para|pub|l|v|vs|sec|inc|jr|"
    r"sr|co|corp|dept|e\.g|i\.e|u\.s\.c|fed|reg|stat|op|o\.l\.c)|\b[a-z]|\b(?:[a-z]\.){2,})\.$",
    re.I)
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def sentences(text: str) -> list[Sentence]:
    out, start, para = [], 0, 0
    for m in _END.finditer(text):
        if m.group().startswith("\n"):
            end = m.start()
        else:
            end = m.end()
            if _ABBREV.search(text[max(start, end - 8):end].rstrip("\"'”’)]")):
                continue
        _add(text, out, start, end, para)
        if m.group().startswith("\n"):
            para += 1
        start = m.end()
    _add(text, out, start, len(text), para)
    return out


def _add(text, out, start, end, para):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, para))


_LABEL = re.compile(r"narco[\s-]?terrorists?", re.I)


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


def suggest(text: str, matcher: Matcher) -> list[Suggested]:
    """One suggestion per (sentence, authority), sorted by position."""
    mentions = matcher.find(text)
    if not mentions:
        return []
    sents = sentences(text)
    starts = [s.start for s in sents]
    import bisect

    grouped: dict[tuple[int, str], list] = {}
    for mention in mentions:
        k = max(0, bisect.bisect_right(starts, mention.start) - 1)
        grouped.setdefault((k, mention.slug), []).append(mention)
    out = []
    stance_cache: dict[int, tuple] = {}
    in_sentence: dict[int, list] = {}
    for (k, _slug), found in grouped.items():
        in_sentence.setdefault(k, []).extend(
            (m.start - sents[k].start, m.end - sents[k].start) for m in found
            # A paraphrase rule matched the stance words themselves: they stay cues.
            if m.rule != "paraphrase")
    for (k, slug), found in sorted(grouped.items()):
        sent = sents[k]
        quote = text[sent.start:sent.end]
        if k not in stance_cache:
            speaker, speaker_cues = speaker_for(text, sents, k)
            stance, stance_conf, stance_cues = stance_for(quote, speaker, in_sentence[k])
            stance_cache[k] = (speaker, speaker_cues, stance, stance_conf, stance_cues)
        speaker, speaker_cues, stance, stance_conf, stance_cues = stance_cache[k]
        if not speaker and all(_LABEL.fullmatch(m.surface) for m in found):
            # The narrator repeating a label ("alleged narco-terrorists") reports it; only
            # a speaker who applies the label relies on the designation behind it.
            continue
        relation, relation_cues = relation_for(
            quote, [(m.start - sent.start, m.end - sent.start) for m in found], slug, stance)
        mention_conf = max(m.confidence for m in found)
        cues = ([f"mention:{m.surface}" for m in found[:3]] + stance_cues + speaker_cues
                + relation_cues)
        out.append(Suggested(slug, sent.start, sent.end, quote, stance, speaker, relation,
                             round(min(1.0, mention_conf * (0.6 + 0.4 * stance_conf)), 3),
                             cues))
    return out
