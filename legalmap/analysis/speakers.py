"""Who says a sentence: attribution verbs in the sentence, else a quoted sentence takes the
speaker named nearby (the same paragraph, or a paragraph earlier). Pure, no ORM."""

from __future__ import annotations

import re

_VERBS = (r"said|says|told|added|argued|wrote|announced|warned|stated|claimed|contended|"
          r"cautioned|confirmed|insisted|noted|explained|stressed|emphasi[sz]ed|declared|"
          r"described|echoed|called|condemned|posted|tweeted|replied|asked|suggested|framed|"
          r"arguing|saying|warning|announcing|reported|observed|defended|telling|maintained|"
          r"acknowledged|countered|disputed|rejected|testified|contends|argues|insists|"
          r"maintains|believes|writes|told reporters|points to|pointed to|cites|cited|"
          r"note|notes|say|argue|warn|warns|contend|write|point out|points out|pointed out")
_TITLE = (r"(?:(?:U\.S\.|US|Former|former|Defen[cs]e|Defense|State|War|Senior|White House|"
          r"Secretary|Sen\.|Senator|Rep\.|Representative|Congress(?:man|woman)|Pentagon|"
          r"President|Vice|Prime|Minister|Director|[Ss]pokes\w+|"
          r"General|Gen\.|Admiral|Mr|Ms|Mrs|Dr|of)\s+)*")
_NAME = r"(?:[A-Z][\w’'\-.]+(?:\s+(?:de|da|del|van|von|P\.|[A-Z]\.|[A-Z][\w’'\-]+)){0,3})"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
# Unnamed roles: "the president said", "the department said".
_ROLE = (r"(?:[Tt]he\s+(?:president|secretary|department|pentagon|minister|ministry|"
         r"spokes(?:man|woman|person)|officials?|government|administration))")
_WHO = rf"(?P<who>{_TITLE}{_NAME}|{_PRONOUN}|{_ROLE})"
_AFTER = re.compile(rf"[,”\"’]\s*{_WHO}\s+(?:{_VERBS})\b")
_BEFORE = re.compile(rf"(?:^|[\s(])(?P<who0>{_ROLE}|{_TITLE}{_NAME}|{_PRONOUN})"
                     rf"(?:,[^,]{{3,80}},)?\s+(?:has\s+|had\s+|also\s+|then\s+)?(?:{_VERBS})\b")
_SAID_WHO = re.compile(rf"\b(?:said|says|added|wrote)\s+{_WHO}")
_ACCORDING = re.compile(
    rf"\b[Aa]ccording to\s+(?P<who>(?:the\s+)?(?:[a-z]+\s+)?(?:department|ministry|pentagon|"
    rf"white house|officials?|government)|{_TITLE}{_NAME})")
_NOT_NAMES = {"The", "This", "That", "It", "In", "But", "And", "As", "On", "Under", "Yet",
              "However", "Still", "Some", "Others", "Critics", "Officials", "Such", "These",
              "Those", "When", "While", "If", "What", "Why", "US", "U.S.", "Last", "Earlier",
              "Washington", "Tuesday", "Wednesday", "Monday", "Thursday", "Friday"}
_QUOTE_OPEN = "“\""


def _clean(who: str) -> str:
    return re.sub(r"\s+", " ", who).strip(" ,.")


def _named(sentence: str):
    found = []
    for pattern, group in ((_AFTER, "who"), (_SAID_WHO, "who"), (_ACCORDING, "who"),
                           (_BEFORE, "who0")):
        for m in pattern.finditer(sentence):
            who = _clean(m.group(group))
            if who.split()[0] in _NOT_NAMES and len(who.split()) == 1:
                continue
            found.append((who, m.group(0).strip(), m.start(), pattern is _BEFORE))
            break
    if not found:
        return None
    first = found[0]
    # "Pentagon spokesman Sean Parnell said the department will…": a person named before
    # the verb beats the role named after it.
    if re.fullmatch(rf"{_ROLE}|{_PRONOUN}", first[0]):
        named = [f for f in found if f[3] and f[2] < first[2]
                 and not re.fullmatch(rf"{_ROLE}|{_PRONOUN}", f[0])]
        if named:
            first = named[0]
    return first[0], first[1]


def _resolve(who: str, text: str, sents, k: int) -> str:
    if re.fullmatch(_PRONOUN, who):
        for j in range(k - 1, max(-1, k - 6), -1):
            found = _named(text[sents[j].start:sents[j].end])
            if found and not re.fullmatch(_PRONOUN, found[0]):
                return found[0]
        return ""
    return who


def speaker_for(text: str, sents, k: int) -> tuple[str, list[str]]:
    sentence = text[sents[k].start:sents[k].end]
    found = _named(sentence)
    if found:
        return _resolve(found[0], text, sents, k), [f"speaker:{found[1]}"]
    if sentence.lstrip()[:1] in _QUOTE_OPEN or sentence.rstrip()[-1:] in "”\"":
        # A quotation without attribution: the next sentence of the paragraph, or the
        # nearest attributed sentence before it (a paragraph earlier at most).
        para = sents[k].paragraph
        for j in [k + 1] + list(range(k - 1, max(-1, k - 6), -1)):
            if 0 <= j < len(sents) and abs(sents[j].paragraph - para) <= 1:
                if j > k and sents[j].paragraph != para:
                    continue
                found = _named(text[sents[j].start:sents[j].end])
                if found:
                    return (_resolve(found[0], text, sents, j),
                            [f"speaker(nearby):{found[1]}"])
    return "", []


def same_speaker(a: str, b: str) -> bool:
    """Gold and predicted speakers agree when their last names do (or both are the author)."""
    def last(s):
        words = re.findall(r"[\w’'-]+", s.lower())
        return words[-1] if words else ""
    return last(a) == last(b)
