"""Find catalogue authorities in article text: pure functions, no ORM.

One Aho-Corasick automaton over every alias, name and short name, plus formal-citation
patterns (U.S.C., Pub. L., Exec. Order, U.N. Charter, UNCLOS) resolved against the
catalogue's own citations. Matching runs on a *normalised* copy of the text; every span
returned is in code points of the original text (offsets survive emoji, curly quotes and
collapsed line breaks).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

# Bump when the matching rules change: stored suggestions are keyed on it too.
RULES_VERSION = "1"

# Length-preserving character folds: quotes, dashes and odd spaces.
_FOLD_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    # Every dash and hyphen reads as a space: "commander-in-chief" = "commander in chief",
    # "1541–1548" = "1541 1548" (the citation patterns accept either).
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
    "\u2015": " ", "\u2212": " ", "\u00ad": " ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2028": " ", "\u2029": " ", "\u200b": " ",
}
# str.replace per character present beats str.translate (a dict lookup per character).
_FOLD_PAIRS = list(_FOLD_MAP.items())
# British and American spellings: every alias is entered in both (cheaper than rewriting
# the text, and the text's offsets stay untouched).
_SPELLINGS = [(re.compile(r"(?<=[a-z]{2})iz(ation|ations|e|ed|es|ing)\b"), r"is\1"),
              (re.compile(r"(?<=[a-z]{2})is(ation|ations|e|ed|es|ing)\b"), r"iz\1"),
              (re.compile(r"\b(defen|offen|licen)se\b"), r"\1ce"),
              (re.compile(r"\b(defen|offen|licen)ce\b"), r"\1se")]
_SPACES = re.compile(r" {2,}")
_WORD = re.compile(r"\w")


@dataclass
class Normalised:
    text: str
    # Breakpoints: norm index → original index; between them the two advance together.
    _norm_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)

    def orig(self, i: int) -> int:
        k = bisect.bisect_right(self._norm_starts, i) - 1
        if k < 0:
            return i
        return self._orig_starts[k] + (i - self._norm_starts[k])


def normalise(text: str) -> Normalised:
    """Lower-case, fold quotes and dashes, collapse whitespace runs (with an offset map)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. "İ") lower to two code points
        lowered = "".join(c.lower()[:1] or c for c in text)
    s = lowered
    for src, dst in _FOLD_PAIRS:
        if src in s:
            s = s.replace(src, dst)
    norm_starts, orig_starts, parts = [], [], []
    last = 0
    removed = 0
    for m in _SPACES.finditer(s):
        parts.append(s[last:m.start() + 1])
        last = m.end()
        removed += m.end() - m.start() - 1
        norm_starts.append(m.start() + 1 - (removed - (m.end() - m.start() - 1)))
        orig_starts.append(m.end())
    parts.append(s[last:])
    return Normalised("".join(parts), norm_starts, orig_starts)


def normalise_phrase(phrase: str) -> str:
    return normalise(phrase).text.strip()


class Mention(NamedTuple):
    slug: str
    start: int  # code points into the original text
    end: int
    surface: str  # the original text of the span
    rule: str  # "alias", "citation", "context" (alias + context) or "paraphrase"
    confidence: float


# --- formal citations ----------------------------------------------------------------

_SEC = r"(?:§§?|sec(?:tion)?s?\.?)"
CITATION_PATTERNS = {
    "usc": re.compile(
        r"\b(\d{1,2})\s*u\.?\s?s\.?\s?c\.?(?:a\.?)?\s*" + _SEC + r"?\s*(\d+[a-z]?)"
        r"(?:\s*(?:-|to|\s)\s*(\d+[a-z]?))?"),
    "publ": re.compile(r"\b(?:pub(?:lic)?\.?\s*l(?:aw)?\.?)\s*(?:no\.?\s*)?(\d{2,3}[- ]\d{1,4})\b"),
    "eo": re.compile(r"\b(?:exec(?:utive)?\.?\s*order|e\.?\s?o\.?)\s*(?:no\.?\s*)?(\d{5})\b"),
    "uncharter": re.compile(
        r"\b(?:u\.?\s?n\.?|united nations)\s*charter,?\s*(?:art(?:icle)?\.?\s*)(\d+)"
        r"(?:\s*(?:\((\d)\)|,\s*\W?\s*(\d)))?"),
    "charter_of": re.compile(
        r"\bart(?:icle)?\.?\s*(\d+)(?:\((\d)\))?\s*of the (?:u\.?\s?n\.?|united nations) charter"),
    "unclos": re.compile(r"\bunclos,?\s*art(?:icle)?\.?\s*(\d+)"),
    "unclos_of": re.compile(r"\bart(?:icle)?\.?\s*(\d+)\s*of (?:the )?unclos\b"),
}


def _charter_keys(m):
    para = next((g for g in m.groups()[1:] if g), "")
    return [("uncharter", m.group(1), para), ("uncharter", m.group(1), "")]


_CITATION_KINDS = [
    ("usc", ("u.s.c", "usc", "u. s. c"), lambda m: [("usc", m.group(1), m.group(2))]),
    ("publ", ("pub. l", "pub l", "pub.l", "public law"), lambda m: [("publ", m.group(1))]),
    ("eo", ("executive order", "exec. order", "exec order", "e.o", "eo 1"),
     lambda m: [("eo", m.group(1))]),
    ("uncharter", ("charter",), _charter_keys),
    ("charter_of", ("charter",), _charter_keys),
    ("unclos", ("unclos",), lambda m: [("unclos", m.group(1))]),
    ("unclos_of", ("unclos",), lambda m: [("unclos", m.group(1))]),
]


def _citation_keys(citation: str, slug: str) -> set[tuple]:
    """The keys under which a catalogue citation is found: read from the citation text."""
    c = normalise(citation).text
    keys: set[tuple] = set()
    for m in CITATION_PATTERNS["usc"].finditer(c):
        title, first, last = m.group(1), m.group(2), m.group(3)
        keys.add(("usc", title, first))
        if last and first.isdigit() and last.isdigit() and int(last) - int(first) < 50:
            keys.update(("usc", title, str(n)) for n in range(int(first), int(last) + 1))
    for m in CITATION_PATTERNS["publ"].finditer(c):
        keys.add(("publ", m.group(1)))
    for m in CITATION_PATTERNS["eo"].finditer(c):
        keys.add(("eo", m.group(1)))
    m = re.search(r"u\.n\. charter art\. (\d+)(?:, ¶ (\d))?", c)
    if m:
        keys.add(("uncharter", m.group(1), m.group(2) or ""))
    m = re.search(r"law of the sea art\. (\d+)", c)
    if m:
        keys.add(("unclos", m.group(1)))
    return keys


@dataclass(frozen=True)
class CatalogueEntry:
    slug: str
    name: str
    short_name: str
    citation: str
    aliases: tuple[str, ...]


def catalogue_version(entries) -> str:
    payload = json.dumps(
        [RULES_VERSION] + sorted(
            [e.slug, e.name, e.short_name, e.citation, sorted(e.aliases)] for e in entries),
        ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# "international waters" alone is geography; beside a strike or boarding it engages the
# high-seas regime (freedom of the high seas, exclusive flag-state jurisdiction).
_MARITIME_CONTEXT = re.compile(
    r"\b(strik\w*|struck|boat\w*|vessel\w*|ship\w*|board\w*|interdict\w*|sink\w*|sunk|"
    r"missile\w*|destroy\w*|kill\w*|attack\w*|target\w*)\b")
_HIGH_SEAS_PHRASES = {"international waters", "high seas", "open sea", "open seas"}
_CONTEXT_WINDOW = 160


def _spelling_variants(phrase: str) -> set[str]:
    variants = {phrase}
    for pattern, replacement in _SPELLINGS:
        variants |= {pattern.sub(replacement, v) for v in variants}
    return variants


def _singular(phrase: str) -> str | None:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        last = last[:-1]
    else:
        return None
    return f"{head} {last}".strip()


# Paraphrases no alias list can hold, each with the context that makes it legal talk.
# (pattern on normalised text, slug, confidence); _NEEDLES holds each one's literal words.
CONTEXT_RULES = [
    # Labelling a group as terrorist is the designation, whatever the words.
    (re.compile(r"\b(?:label\w*|naming|named|designat\w*|brand\w*|reclassif\w*|classif\w*)"
                r"\s+(?:\w+\s+){0,4}?(?:as\s+)?(?:an?\s+)?\"?terror(?:ist)?\s+"
                r"(?:organization|group|entit)\w*"), "fto-designations-2025", 0.6),
    (re.compile(r"\b(?:the|this|that|fto|terror(?:ist)?) designations?\b"),
     "fto-designations-2025", 0.5),
    # The Charter's prohibition, when the sentence is about law.
    (re.compile(r"\buse of force\b(?=[^.]{0,40}\binternational law)|"
                r"\blegal questions? (?:over|about|on) [^.]{0,40}\buse of force\b"),
     "un-charter-2-4", 0.6),
    # "Murder", "execution" of the people on board: the right to life.
    (re.compile(r"\b(?:attack|strike|killing|killings)\b[^.]{0,40}\b(?:murder|execution)s?\b|"
                r"\b(?:murder|execution)s?\b[^.]{0,40}\b(?:attack|strike|boat|vessel)s?\b"),
     "iccpr-6", 0.5),
    # Self-defence in plain words.
    (re.compile(r"\b(?:protect (?:our country|the homeland|americans|our people)|"
                r"defensive measures?)\b"), "un-charter-51", 0.5),
]


# The literal words without which a context rule cannot match: checked with ``in`` first.
_NEEDLES = {
    CONTEXT_RULES[0][0].pattern: ("terror",),
    CONTEXT_RULES[1][0].pattern: ("designation",),
    CONTEXT_RULES[2][0].pattern: ("use of force",),
    CONTEXT_RULES[3][0].pattern: ("murder", "execution"),
    CONTEXT_RULES[4][0].pattern: ("protect ", "defensive"),
}


_WINDOW = 200


def _merge(hits, length: int, width: int) -> list[tuple[int, int]]:
    """Windows of ``width`` around each (start, end) hit, overlapping ones merged."""
    spans = sorted((max(0, a - width), min(length, b + width)) for a, b in hits)
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


class Matcher:
    """Built once per catalogue; ``find`` is pure and thread-safe."""

    def __init__(self, entries):
        self.entries = list(entries)
        self.version = catalogue_version(self.entries)
        self.slugs = {e.slug for e in self.entries}
        self.automaton = ahocorasick.Automaton()
        phrases: dict[str, set[str]] = {}
        for e in self.entries:
            for phrase in (e.name, e.short_name, *e.aliases):
                p = normalise_phrase(phrase)
                if len(p) < 3:
                    continue
                for variant in _spelling_variants(p):
                    phrases.setdefault(variant, set()).add(e.slug)
                # Aliases written in the plural also match the singular (plurals of the
                # singular are handled at match time).
                singular = _singular(p)
                if singular and len(singular) >= 4:
                    phrases.setdefault(singular, set()).add(e.slug)
        # The literal markers of the citation patterns and context rules ride in the same
        # automaton, so one pass over the text also says where those regexes must look.
        needles: dict[str, list] = {}
        for kind, words, _key in _CITATION_KINDS:
            for word in words:
                needles.setdefault(word, []).append(("cit", kind))
        for i, (pattern, _slug, _confidence) in enumerate(CONTEXT_RULES):
            for word in _NEEDLES[pattern.pattern]:
                needles.setdefault(word, []).append(("ctx", i))
        for p in set(phrases) | set(needles):
            slugs = tuple(sorted(phrases.get(p, ())))
            high_seas = p in _HIGH_SEAS_PHRASES or p + "s" in _HIGH_SEAS_PHRASES
            # Short bare aliases ("aumf", "ihl") are weaker evidence than full names.
            confidence = 0.9 if len(p) >= 12 else 0.75
            self.automaton.add_word(
                p, (p, slugs, high_seas, confidence, tuple(needles.get(p, ()))))
        self.automaton.make_automaton()
        self.citations: dict[tuple, str] = {}
        for e in self.entries:
            for key in _citation_keys(e.citation, e.slug):
                self.citations.setdefault(key, e.slug)
        # UNCLOS / Charter articles also by slug convention, when the citation is terse.
        for e in self.entries:
            if m := re.fullmatch(r"unclos-(\d+)", e.slug):
                self.citations.setdefault(("unclos", m.group(1)), e.slug)

    # -- raw matches on normalised text (what the benchmark compares with) --
    def _alias_hits(self, s: str, original: str | None = None, norm=None, markers=None):
        n = len(s)
        for end_idx, (phrase, slugs, high_seas, confidence, needle_keys) in \
                self.automaton.iter(s):
            start = end_idx - len(phrase) + 1
            end = end_idx + 1
            if needle_keys:
                if markers is not None:
                    for key in needle_keys:
                        markers.setdefault(key, []).append((start, end))
                if not slugs:
                    continue
            if start > 0 and (s[start - 1].isalnum() or s[start - 1] == "_"):
                # A scraper fusing a heading to the next word ("fightFTO designation")
                # leaves a lower→upper case change; the original text shows it.
                if not (original and _fused(original, norm, start)):
                    continue
            if end < n and s[end].isalnum():
                # Plurals and possessives of the last word: "terrorist organizations",
                # "Congress's", "FTOs'".
                tail = s[end:end + 3]
                if tail.startswith("es") and (end + 2 == n or not s[end + 2].isalnum()):
                    end += 2
                elif tail.startswith("s") and (end + 1 == n or not s[end + 1].isalnum()):
                    end += 1
                else:
                    continue
            if end < n and s[end] == "'":
                if s[end + 1:end + 2] == "s" and (end + 2 == n or not s[end + 2].isalnum()):
                    end += 2
            yield start, end, slugs, high_seas, confidence

    def _citation_hits(self, s: str, markers):
        # Each pattern runs only around its literal markers: most text has none.
        for kind, _needles, key in _CITATION_KINDS:
            spans = markers.get(("cit", kind))
            if not spans:
                continue
            for m in (m for lo, hi in _merge(spans, len(s), 40)
                      for m in CITATION_PATTERNS[kind].finditer(s, lo, hi)):
                for k in key(m):
                    slug = self.citations.get(k)
                    if slug:
                        yield m.start(), m.end(), slug
                        break

    def find(self, text: str) -> list[Mention]:
        norm = normalise(text)
        s = norm.text
        raw = []  # (start, end, slug, rule, confidence) in normalised offsets
        markers: dict[tuple, list] = {}
        alias_hits = list(self._alias_hits(s, text, norm, markers))
        for i, (pattern, slug, confidence) in enumerate(CONTEXT_RULES):
            spans = markers.get(("ctx", i))
            if not spans or slug not in self.slugs:
                continue
            # Run the rule only in windows around its literal words (a sentence or so).
            for lo, hi in _merge(spans, len(s), _WINDOW):
                for m in pattern.finditer(s, lo, hi):
                    raw.append((m.start(), m.end(), slug, "paraphrase", confidence))
        for start, end, slugs, high_seas, confidence in alias_hits:
            for slug in slugs:
                if high_seas:
                    window = s[max(0, start - _CONTEXT_WINDOW):end + _CONTEXT_WINDOW]
                    if not _MARITIME_CONTEXT.search(window):
                        continue
                    raw.append((start, end, slug, "context", 0.7))
                    if "unclos-92" in self.slugs and slug != "unclos-92":
                        raw.append((start, end, "unclos-92", "context", 0.5))
                    continue
                raw.append((start, end, slug, "alias", confidence))
        for start, end, slug in self._citation_hits(s, markers):
            raw.append((start, end, slug, "citation", 0.95))
        # A span inside a longer span of another match yields to it ("armed attack" inside
        # "armed attack against the united states").
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        kept: list[tuple] = []
        seen: set[tuple] = set()
        for r in raw:
            if (r[0], r[1], r[2]) in seen:
                continue
            if r[3] == "alias" and any(
                    k[0] <= r[0] and r[1] <= k[1] and (k[1] - k[0]) > (r[1] - r[0])
                    and k[2] != r[2] and k[3] == "alias" for k in kept[-8:]):
                continue
            seen.add((r[0], r[1], r[2]))
            kept.append(r)
        mentions = []
        for start, end, slug, rule, confidence in kept:
            o_start, o_end = norm.orig(start), norm.orig(end - 1) + 1
            mentions.append(Mention(slug, o_start, o_end, text[o_start:o_end], rule,
                                    confidence))
        return mentions


def _fused(original: str, norm: Normalised, start: int) -> bool:
    i = norm.orig(start)
    return 0 < i < len(original) and original[i].isupper() and original[i - 1].islower()


def entries_from_fixture(data: dict) -> list[CatalogueEntry]:
    return [CatalogueEntry(a["slug"], a["name"], a["short_name"], a["citation"],
                           tuple(a.get("aliases") or ())) for a in data["authorities"]]
