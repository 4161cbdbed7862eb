"""Who says a sentence, from its dependency parse (pure, no ORM).

The subject of a reporting verb ("said", "argued", "told", "wrote", "according to …"),
with its name words but without titles; a pronoun takes the last speaker named before
it; a quotation with no attribution takes the speaker of the sentence that opened or
closes it. The older pattern rules (``_named``) are the fallback when the parse finds
no reporting verb.
"""

from __future__ import annotations

import re

from . import nlp

# --- Pattern rules: the fallback when the parse has no reporting verb ---
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




# Reporting verbs of English (not of this corpus): every inflection is listed, since the
# pipeline runs without a lemmatiser.
_REPORT_BASES = {
    "say": ("said", "says", "saying"), "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing", "written"), "argue": (), "add": (),
    "announce": (), "warn": (), "state": (), "claim": (), "contend": (), "caution": (),
    "confirm": (), "insist": (), "note": (), "explain": (), "stress": (), "emphasize": (),
    "emphasise": (), "declare": (), "describe": (), "call": (), "condemn": (), "post": (),
    "tweet": (), "reply": (), "suggest": (), "observe": (), "defend": (), "maintain": (),
    "acknowledge": (), "counter": (), "dispute": (), "reject": (), "testify": (),
    "believe": (), "assert": (), "conclude": (), "point": (), "cite": (), "allege": (),
    "accuse": (), "deny": (), "admit": (), "concede": (), "predict": (), "urge": (),
    "demand": (), "report": (), "ask": (), "respond": (), "characterize": (),
    "characterise": (), "justify": (), "question": (), "criticize": (), "criticise": (),
    "denounce": (), "decry": (), "blast": (), "slam": (), "recall": (), "remark": (),
    "comment": (), "continue": (), "reiterate": (), "repeat": (), "affirm": (), "vow": (),
    "pledge": (),
    "promise": (), "threaten": (), "signal": (), "indicate": (), "tell reporters": (),
}


def _inflect(base: str) -> set[str]:
    if base.endswith("e"):
        forms = {base, base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms = {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        forms = {base, base + "s", base + "ed", base + "ing"}
    return forms


REPORTING = set()
for _base, _irregular in _REPORT_BASES.items():
    REPORTING |= _inflect(_base) | set(_irregular)

_TITLES = {
    "u.s.", "us", "former", "defense", "defence", "state", "war", "senior", "secretary",
    "sen.", "senator", "rep.", "representative", "congressman", "congresswoman",
    "president", "vice", "prime", "minister", "director", "spokesman", "spokeswoman",
    "spokesperson", "general", "gen.", "admiral", "adm.", "mr", "mr.", "ms", "ms.", "mrs",
    "mrs.", "dr", "dr.", "professor", "prof.", "attorney", "chief", "deputy", "press",
    "house", "senate", "democratic", "republican", "sens.", "reps.", "lt.", "col.",
    "white", "pentagon", "venezuelan", "colombian", "american", "national", "security",
    "adviser", "advisor", "leader", "majority", "minority", "chairman", "chair", "ranking",
    "member", "ambassador", "official", "officials", "lawyer", "expert", "special",
    "rapporteur", "high", "commissioner",
}
_PRONOUNS = {"he", "she", "they", "i", "we"}
_PERSON_ROLES = ("senator", "congressman", "congresswoman", "representative", "secretary",
                 "ambassador", "minister", "admiral", "general", "spokesman", "spokeswoman",
                 "professor", "lawmaker", "diplomat")
_NOBODY = {"number", "lot", "majority", "variety", "range", "handful", "state", "country",
           "one", "all", "some", "many", "few", "most", "others", "nobody", "everyone"}
_ORGANISATION_HEADS = {"Office", "Department", "Ministry", "Secretary", "Bureau", "Court",
                       "Committee", "Council", "Commissioner", "Director", "Minister",
                       "Institute", "Center", "Centre", "School", "University", "Board"}
# Subjects of "says" that are texts, not speakers ("the statute says", "the order states").
_TEXTS = {"act", "law", "statute", "order", "convention", "charter", "resolution", "treaty",
          "article", "section", "clause", "constitution", "report", "memo", "notice",
          "opinion", "bill", "amendment", "mdlea", "aumf", "unclos", "rule", "rules",
          "letter", "justification", "basis", "statement", "argument", "claim",
          "framing", "theory", "rationale", "document", "filing", "footage", "video",
          "principle", "principles", "it", "this", "that", "which", "what"}
_SUBJ = {"nsubj", "nsubjpass"}
_NAME_DEPS = {"compound", "flat", "amod", "det", "poss", "case", "nmod"}


def _subject_text(tok) -> str:
    """The subject's name words: the head noun and the compound / proper-noun words left
    of it, plus a following "of …" for organisations ("Office of Legal Counsel")."""
    left = [t for t in tok.lefts if t.dep_ in _NAME_DEPS]
    words = []
    for t in left:
        words.extend(w for w in t.subtree if w.dep_ != "punct")
    words.append(tok)
    for t in tok.rights:
        if tok.text in _ORGANISATION_HEADS and t.dep_ == "prep" and t.text == "of" and any(
                w.pos_ == "PROPN" for w in t.subtree):
            words.extend(t.subtree)
    words.sort(key=lambda w: w.i)
    text = " ".join(w.text for w in words)
    return re.sub(r"\s+('s|’s)\b", r"\1", text).strip(" ,.")


def strip_titles(who: str) -> str:
    """"Defense Secretary Pete Hegseth" → "Pete Hegseth"; an organisation keeps its name
    ("the White House", "Amnesty International")."""
    words = who.split()
    proper = [w for w in words if w[:1].isupper()]
    if len(proper) >= 2 and proper[-1].lower() not in _TITLES:
        # Drop leading titles when a name follows them.
        i = 0
        while i < len(words) - 1 and (words[i].lower() in _TITLES or words[i].lower() in
                                      {"the", "a", "an"}):
            i += 1
        if i and words[i][:1].isupper() and not (
                words[0].lower() == "the" and words[1].lower() in {"white", "pentagon"}):
            return " ".join(words[i:])
    return who


def _inside_quotes(text: str, starts_inside: bool = False) -> list[bool]:
    """For each character: whether it lies inside quotation marks."""
    out, inside = [], starts_inside
    for ch in text:
        if ch == "“" or (ch == '"' and not inside):
            out.append(True)
            inside = True
        elif ch == "”" or (ch == '"' and inside):
            out.append(True)
            inside = False
        else:
            out.append(inside)
    return out


def _tree_depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _verb_speaker(doc, starts_inside: bool = False):
    """(speaker, cue) from the reporting verb nearest the root of the parse, outside
    quotation marks (the words a speaker is quoted saying do not attribute), with a
    subject that can speak; or "according to …"."""
    quoted = _inside_quotes(doc.text, starts_inside)
    candidates = []
    for tok in doc:
        if quoted[tok.idx]:
            continue
        low = tok.text.lower()
        if low == "according" and any(c.text.lower() == "to" for c in tok.children):
            to = next(c for c in tok.children if c.text.lower() == "to")
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            if pobj and pobj[0].text.lower() not in _TEXTS:
                candidates.append((_tree_depth(tok), tok.i, _subject_text(pobj[0]),
                                   f"according to {pobj[0].text}"))
            continue
        if low not in REPORTING or tok.pos_ not in {"VERB", "AUX"}:
            continue
        subj = [c for c in tok.children if c.dep_ in _SUBJ]
        head = tok
        for _ in range(2):  # "…, saying", "opted to use force, saying": the head's subject
            if subj or head.head.i == head.i:
                break
            head = head.head
            subj = [c for c in head.children if c.dep_ in _SUBJ]
        if not subj:
            continue
        s = subj[0]
        if s.pos_ == "PRON" and s.text.lower() not in _PRONOUNS:
            continue  # "it said", "this means": no person
        if s.pos_ not in {"PROPN", "NOUN", "PRON"} or s.text.lower() in _TEXTS:
            continue
        if s.text.lower() in _NOBODY:
            continue  # "a significant number of legislators say": no one in particular
        named = [c for c in s.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named and (s.pos_ != "PROPN" or s.text.lower() in _TITLES):
            # "the official who leads it, T. Elliot Gaiser, said"; "US Ambassador … Mike Waltz"
            s = named[0]
        candidates.append((_tree_depth(tok), tok.i, _subject_text(s), f"{s.text} {tok.text}"))
    if not candidates:
        return None
    _, _, who, cue = min(candidates)
    return who, cue


_QUOTE_OPEN = "“\""


def _quoted(sentence: str) -> bool:
    return sentence.lstrip()[:1] in _QUOTE_OPEN or sentence.rstrip()[-1:] in "”\""


def speaker_for(text: str, sents, k: int, _depth: int = 0) -> tuple[str, list[str]]:
    sent = sents[k]
    sentence = text[sent.start:sent.end]
    run = quotation_run(text, sents, k)
    found = _verb_speaker(nlp.parse(sentence), starts_inside=bool(run and run[0] < k))
    if found is None:
        inside = _inside_quotes(sentence, bool(run and run[0] < k))
        named = _named("".join(" " if q else c for c, q in zip(sentence, inside, strict=True)))
        if named:
            found = (named[0], named[1])
    if found:
        who, cue = found
        if who.lower() in _PRONOUNS:
            if who.lower() in {"i", "we"} and not _quoted(sentence):
                return "the author", [f"speaker:{cue}"]
            resolved = _antecedent(text, sents, k)
            return (resolved, [f"speaker:{cue} → {resolved}"]) if resolved else ("", [])
        who = strip_titles(who)
        if who.lower() in {"it", "this", "that", "which", "who"}:
            return "", []
        if _depth == 0 and re.fullmatch(r"(?i)the (?:" + "|".join(_PERSON_ROLES) + ")", who):
            # "The senator also argued": the senator named before.
            resolved = _antecedent(text, sents, k)
            if resolved and resolved.split()[-1][:1].isupper():
                return resolved, [f"speaker:{cue} → {resolved}"]
        if who.isupper() and " " not in who:
            return "", []  # a dateline ("GENEVA --"), not a speaker
        return who, [f"speaker:{cue}"]
    if _depth == 0:
        if run is not None or _quoted(sentence):
            a, b = run or (k, k)
            # The attribution inside the quotation ("…," said Kaine), then the sentence
            # that opens it ("Kaine said:") or follows it, in the same paragraph.
            order = [j for j in range(a, b + 1) if j != k] + [a - 1, b + 1]
            for j in order:
                if not (0 <= j < len(sents)) or sents[j].paragraph != sent.paragraph and (
                        j > b or abs(sents[j].paragraph - sent.paragraph) > 1):
                    continue
                who, cues = speaker_for(text, sents, j, _depth=1)
                if who:
                    return who, [f"speaker(same quotation):{c.split(':', 1)[-1]}"
                                 for c in cues]
    return "", []


def quotation_run(text: str, sents, k: int) -> tuple[int, int] | None:
    """The sentences (first, last) of a quotation that runs across sentence k and at
    least one neighbour of its paragraph, or None."""
    para = sents[k].paragraph
    idx = [j for j in range(max(0, k - 8), min(len(sents), k + 9))
           if sents[j].paragraph == para]
    inside = False
    state = {}
    for j in idx:
        starts_inside = inside
        for ch in text[sents[j].start:sents[j].end]:
            if ch == "“":
                inside = True
            elif ch == "”":
                inside = False
            elif ch == '"':
                inside = not inside
        state[j] = (starts_inside, inside)
    if k not in state:
        return None
    a = k
    while a - 1 in state and state[a - 1][1]:
        a -= 1
    b = k
    while b + 1 in state and state[b][1]:
        b += 1
    return (a, b) if (a, b) != (k, k) else None


def _antecedent(text: str, sents, k: int) -> str:
    for j in range(k - 1, max(-1, k - 6), -1):
        who, _ = speaker_for(text, sents, j, _depth=1)
        if who and who.lower() not in _PRONOUNS:
            return who
        doc = nlp.parse(text[sents[j].start:sents[j].end])
        names = [t for t in doc if t.pos_ == "PROPN" and t.dep_ in _SUBJ]
        if names:
            return strip_titles(_subject_text(names[-1]))
    return ""


def same_speaker(a: str, b: str) -> bool:
    """Gold and predicted speakers agree when their last names do (or both are the author)."""
    def last(s):
        words = re.findall(r"[\w’'-]+", s.lower())
        return words[-1] if words else ""
    return last(a) == last(b)
