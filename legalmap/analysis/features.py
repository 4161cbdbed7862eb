"""Features of a sentence and of an authority mention in it, for the learned models
(pure, no ORM). The same functions build the training rows (``train_suggestions``) and
the rows the engine scores, so the two cannot drift apart.

Features are named strings with value 1 (binary): ``w:violate`` (a word of the
sentence), ``near:under`` (a word within four tokens of the mention), ``side:restrains``
(what kind of rule the authority is), ``alias:international waters`` (the phrase that
matched). The model's weights say which count; the reader's "Why?" shows the strongest.
"""

from __future__ import annotations

import re

# Authorities the strikes' defenders rely on (powers, permissions, designations); the
# others restrain force (prohibitions, rights, procedures). Catalogue knowledge, not cue
# words: a new authority defaults to "restrains".
ENABLING = {
    "aumf-2001", "us-const-art-ii-2-1", "un-charter-51", "ina-219-fto", "eo-13224-sdgt",
    "eo-14157-cartels", "fto-designations-2025", "niac-notice-2025", "unwilling-or-unable",
    "olc-libya-2011", "caroline-test", "usc-50-1543a", "wpr-report-2025-09-04", "ieepa",
    "alien-enemies-act", "proclamation-10903", "usc-10-124", "unclos-110", "unclos-108",
    "unclos-111", "mdlea", "shiprider-agreements", "usc-21-960a", "usc-18-2339b",
    "vienna-1988-art-17",
}

_WORD = re.compile(r"[a-z][a-z'’-]+|\d+")
# Words that carry no side; the rest are left to the model.
_STOP = {
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "by", "with", "as", "at",
    "that", "this", "these", "those", "is", "are", "was", "were", "be", "been", "it", "its",
    "from", "his", "her", "their", "has", "have", "had", "which", "who", "s", "’s", "'s",
}
NEGATIONS = {"not", "no", "never", "without", "nor", "cannot", "can't", "doesn't",
             "isn't", "aren't", "wasn't", "weren't", "don't", "didn't", "lacks", "lack",
             "neither", "none", "n't"}


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("’", "'"))]


def masked(sentence: str, spans) -> str:
    """The sentence with each mention replaced by a placeholder, so that the words of an
    authority's name ("self-defence", "armed conflict") are not taken for a stance."""
    out, last = [], 0
    for s, e in sorted(spans):
        if s < last:
            continue
        out.append(sentence[last:s])
        out.append(" zauthz ")
        last = e
    out.append(sentence[last:])
    return "".join(out)


# Capitalised words that name institutions, not authorities.
_INSTITUTIONS = {"congress", "president", "senate", "house", "united", "states", "us", "u.s",
                 "america", "american", "americans", "pentagon", "white", "un", "u.n",
                 "constitution", "constitutional", "executive", "congressional", "court",
                 "supreme", "government", "administration", "navy", "military", "caribbean"}


def explicit_surface(surface: str, rule: str, at_sentence_start: bool = False) -> bool:
    """Whether the matched words name the authority (a citation, a number, a proper name,
    an acronym) rather than describe it ("international waters", "self-defence")."""
    if rule == "citation" or re.search(r"\d", surface):
        return True
    tokens = surface.split()
    for i, tok in enumerate(tokens):
        if tok.strip("’'s.,").lower() in _INSTITUTIONS:
            continue  # "authorization from Congress" describes; it names no authority
        letters = [c for c in tok if c.isalpha()]
        if sum(c.isupper() for c in letters) >= 2:
            return True
        if letters and letters[0].isupper() and not (i == 0 and at_sentence_start):
            return True
    return False


# The vocabulary of legal evaluation in English: words that say an act is or is not
# permitted. General legal language, not phrases of the texts at hand; the models learn
# how much each family counts, and a negation before a word turns it round.
_AGAINST = re.compile(
    r"\b(?:illegal\w*|unlawful\w*|violat\w*|breach\w*|contraven\w*|murder\w*|"
    r"extra-?judicial\w*|war crimes?|arbitrar\w*|unauthori[sz]ed|unconstitutional\w*|"
    r"flout\w*|illegitimate|unjustif\w*|massacre\w*|execution\w*|assassinat\w*|"
    r"prohibit\w*|forbid\w*|abuse\w*|condemn\w*|denounc\w*|impunity|unprecedented|"
    r"dubious|questionable|tenuous|no (?:legal )?(?:basis|authority|justification))", re.I)
_FOR = re.compile(
    r"\b(?:lawful\w*|legal(?:ly)?|authori[sz](?:ed|es|ing|ation)|justif(?:y|ied|ies)|"
    r"legitimate|self-defen[cs]e|permit\w*|necessary|threat\w*|narco-?terror\w*|"
    r"terrorists?|combatants?|exigent|eliminat\w*|protect\w*|defend\w*|save lives|"
    r"right to (?:use|defend|eliminate|act)|consistent with|in accordance with|"
    r"determined)\b", re.I)
_NEG_BEFORE = re.compile(r"\b(?:not|no|never|nor|cannot|can't|isn't|aren't|wasn't|"
                         r"weren't|doesn't|don't|didn't|without|lacks?|lacked)\b"
                         r"[^.,;:!?]{0,40}$", re.I)


def evaluation(sentence: str) -> tuple[int, int]:
    """(words against the act's lawfulness, words for it), negations turning a word over."""
    against = for_ = 0
    for pattern, sign in ((_AGAINST, -1), (_FOR, 1)):
        for m in pattern.finditer(sentence):
            negated = bool(_NEG_BEFORE.search(sentence, max(0, m.start() - 45), m.start()))
            if (sign > 0) != negated:
                for_ += 1
            else:
                against += 1
    return against, for_


def lean(text: str) -> str:
    """The side a whole text leans to, from its evaluative words outside quotations."""
    against, for_ = evaluation(re.sub(r"“[^”]*”|\"[^\"\n]*\"", " ", text))
    if against > 1.5 * for_:
        return "against"
    if for_ > 1.5 * against:
        return "for"
    return "mixed"


def stance_features(sentence: str, spans, kind: str, doc_lean: str = "mixed"
                    ) -> dict[str, int]:
    text = masked(sentence, spans)
    ws = [w for w in words(text) if w not in _STOP]
    feats = {f"w:{w}": 1 for w in ws}
    against, for_ = evaluation(text)
    feats["against"] = min(against, 3)
    feats["for"] = min(for_, 3)
    if against > for_:
        feats["leans:against"] = 1
    elif for_ > against:
        feats["leans:for"] = 1
    else:
        feats["leans:none"] = 1
    side = "against" if against > for_ else "for" if for_ > against else "none"
    feats[f"speaker*leans:{kind}:{side}"] = 1
    if kind in {"author", "none"}:
        feats[f"voice*doc:{kind}:{doc_lean}"] = 1
    for a, b in zip(ws, ws[1:], strict=False):
        feats[f"bi:{a} {b}"] = 1
    if any(w in NEGATIONS for w in words(text)):
        feats["negated"] = 1
    if sentence.rstrip().endswith("?"):
        feats["question"] = 1
    if sentence.lstrip()[:1] in "“\"" or "“" in sentence:
        feats["quotes"] = 1
    feats["speaker:" + kind] = 1
    low = text.lower()
    if _HEDGE.search(low):
        feats["hedged"] = 1
    if _NARRATION.search(low):
        feats["narrates"] = 1
    if _FIRST.search(text):
        feats["first-person"] = 1
    return feats


# A claim weighs or hedges; a fact narrates (dates, numbers, what was done).
_HEDGE = re.compile(r"\b(?:may|might|could|would|if|whether|unclear|arguabl\w*|perhaps|"
                    r"depend\w*|likely|possibl\w*|some|others)\b")
_NARRATION = re.compile(r"\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
                        r"sunday)|in (?:19|20)\d\d|january|february|march|april|may|june|july|"
                        r"august|september|october|november|december|\d+ (?:people|strikes|"
                        r"boats|vessels))\b")
_FIRST = re.compile(r"\b(?:I|we|We|our|Our|my|My)\b")


_OFFICIAL = re.compile(r"\b(?:trump|hegseth|rubio|vance|leavitt|parnell|miller|bondi|"
                       r"gaiser|administration|white house|pentagon|president|secretary|"
                       r"department|southcom|war department|officials?|spokes\w+|"
                       r"office of legal counsel|olc|notice|the opinion)\b", re.I)
_CRITIC = re.compile(r"\b(?:amnesty|human rights|aclu|critics?|scholars?|professor|"
                     r"academics?|experts?|rapporteurs?|advocates?|law school|united nations|"
                     r"u\.n\.|un|ohchr|türk|turk|democrats?)\b", re.I)


_SUPPORTER = re.compile(r"\b(?:republicans?|r-[a-z]{2}|gop)\b", re.I)


def speaker_kind(speaker: str, description: str = "") -> str:
    """Which side of the debate a speaker stands on, by name or by how the text first
    introduces them ("Brian Finucane, senior adviser at the International Crisis Group")."""
    if not speaker:
        return "none"
    if speaker == "the author":
        return "author"
    if _OFFICIAL.search(speaker):
        return "official"
    if _CRITIC.search(speaker):
        return "critic"
    if _CRITIC.search(description):
        return "critic"
    if _OFFICIAL.search(description):
        return "official"
    if _SUPPORTER.search(description):
        return "supporter"
    return "other"


def describe(text: str, speaker: str) -> str:
    """The words around the speaker's first appearance in the text (their title, their
    affiliation), for ``speaker_kind``."""
    last = speaker.split()[-1] if speaker.split() else ""
    if len(last) < 3 or not last[0].isupper():
        return ""
    i = text.find(last)
    if i < 0:
        return ""
    # The title right before the name ("Senator", "Defense Secretary") and an appositive
    # right after it (", a professor at Yale Law School,").
    before = re.split(r"[.!?,;:“”\"]\s*|\n", text[max(0, i - 50):i])[-1]
    end = i + len(last)
    after = ""
    if text[end:end + 2] == ", ":
        after = re.split(r"[,.;:!?\n]", text[end + 2:end + 120])[0]
    elif text[end:end + 2] == " (":
        after = text[end + 2:end + 12].split(")")[0]
    return f"{before} {after}"


# How English legal prose says what an act does to a rule; the model weighs them.
RELATION_MARKERS = {
    "breach": re.compile(
        r"violat\w*|breach\w*|contraven\w*|flout\w*|in defiance of|unlawful\w*|illegal\w*|"
        r"contrary to|runs? afoul|inconsistent with|exceed\w*|unauthori[sz]ed|"
        r"without (?:\w+ ){0,2}(?:authori[sz]ation|approval|consent)|murder\w*|"
        r"extra-?judicial|arbitrar\w*|war crimes?|prohibit\w*|forbid\w*|usurp\w*"),
    "inapplicable": re.compile(
        r"(?:does|do|did)(?: not|n't) (?:\w+ )?(?:apply|cover|reach|extend|authori[sz]e|permit|"
        r"provide|justify|meet|satisfy|rise|amount|turn|make)|not (?:applicable|covered|"
        r"an armed attack|in an armed conflict|at war)|no (?:armed conflict|legal basis|"
        r"(?:legal )?authority)|cannot (?:invoke|rely|claim|be used)|outside (?:the|any)|"
        r"beyond (?:the|its)|stretch\w*|never been applied|inapplicable|irrelevant|"
        r"(?:is|are|was|were)(?: not|n't) (?:a |an )?(?:armed|combatant|lawful target)"),
    "comply": re.compile(
        r"consistent with|in accordance with|compl(?:y|ies|ied|iance)|conform\w*|"
        r"pursuant to|as required by|satisf(?:y|ies|ied)|within the (?:bounds|limits)|"
        r"(?:lawful|legal|permitted|justified) under|authori[sz]ed (?:by|under)|"
        r"notif\w+|reported to congress"),
}


def relation_markers(sentence: str, mention_spans, reach: int = 80) -> set[str]:
    low = sentence.lower()
    found = set()
    for s, e in mention_spans:
        window = low[max(0, s - reach):min(len(low), e + reach)]
        for name, pattern in RELATION_MARKERS.items():
            if pattern.search(window):
                found.add(name)
    return found


def relation_features(sentence: str, mention_spans, slug: str, stance: str,
                      kind: str) -> dict[str, int]:
    side = "enables" if slug in ENABLING else "restrains"
    feats = {f"side:{side}": 1, f"stance:{stance}": 1, f"side*stance:{side}:{stance}": 1,
             "speaker:" + kind: 1}
    for marker in relation_markers(sentence, mention_spans):
        feats[f"marker:{marker}"] = 1
        feats[f"marker*side:{marker}:{side}"] = 1
    low = sentence.lower()
    for s, e in mention_spans:
        near = words(low[max(0, s - 70):s])[-5:] + words(low[e:e + 70])[:5]
        if any(w in NEGATIONS for w in near):
            feats["neg-near"] = 1
            feats[f"neg-near*side:{side}"] = 1
    return feats


_GENERIC = {"law", "laws", "legal", "international", "united", "states", "state", "us",
            "u.s", "government", "president", "congress", "force", "military", "right",
            "rights", "may", "must", "shall", "any", "other", "such", "under", "within",
            "also", "not", "only", "one", "two", "all", "can", "would", "could", "will",
            "use", "used", "act", "article", "section", "order", "orders"}


def topic_words(entry) -> frozenset[str]:
    """What an authority is about: the content words of its name and summary."""
    ws = words(f"{entry.name} {entry.short_name} {entry.summary}")
    return frozenset(w for w in ws if w not in _STOP and w not in _GENERIC and len(w) > 3
                     and not w.isdigit())


def topic_overlap(sentence: str, mention_spans, topic: frozenset[str]) -> int:
    """Content words the sentence shares with the authority's summary, its mentions left
    out: how far the sentence is about what the authority governs."""
    ws = set(words(masked(sentence, mention_spans)))
    stems = {w[:6] for w in ws}
    return len({t for t in topic if t in ws or t[:6] in stems})


def link_features(sentence: str, mention, slug_kind: str, explicit: bool, heading: bool,
                  stance_probs: dict[str, float], kind: str, n_authorities: int,
                  overlap: int = 0) -> dict[str, float]:
    surface = mention.surface.lower()
    band = "0" if overlap == 0 else "1" if overlap == 1 else "2+"
    feats = {
        f"topic:{band}": 1, f"topic*explicit:{band}:{explicit}": 1,
        f"rule:{mention.rule}": 1, f"explicit:{explicit}": 1,
        f"alias:{surface}": 1, f"slug:{mention.slug}": 1,
        "heading": int(heading), "question": int(sentence.rstrip().endswith("?")),
        "speaker:" + kind: 1,
        "argued": stance_probs.get("justification", 0) + stance_probs.get("critique", 0),
        "crowded": int(n_authorities > 3),
        "short": int(len(sentence) < 60),
    }
    return feats
