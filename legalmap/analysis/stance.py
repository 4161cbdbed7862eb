"""Stance of a passage (justification / critique / claim / fact) and its relation to an
authority (invokes / contests), from cue words. Pure, no ORM; every guess names its cues."""

from __future__ import annotations

import re

JUSTIFICATION_CUES = [
    r"lawful(?!\s+combatant)", r"legal(?:ly)? (?:basis|authority|framework) to", r"legit\w+",
    r"self[- ]defen[cs]e", r"protect\w*(?! (?:human )?li(?:fe|ves))", r"narco[- ]?terror\w*",
    r"poison\w*", r"defend\w*", r"defensive", r"authori[sz](?:e|ed|ing|ation)s?\b(?! for use)",
    r"necessary", r"justif(?:y|ied|ies)", r"keep america safe", r"threats?\b",
    r"unlawful combatants?", r"armed conflict", r"will (?:not|n't) stop", r"blow (?:it|them) up",
    r"wage war", r"won't stop", r"can't or won't", r"our right", r"kinetic",
    r"on (?:the )?president'?s orders",
    r"legal framework", r"permits?\b", r"expand\w* (?:its |their )?authorit\w*",
    r"authoriz\w*|authoris\w*", r"military (?:threats|adversaries)",
]
CRITIQUE_CUES = [
    r"illegal\w*", r"unlawful(?!\s+combatant)", r"extra[- ]?judicial", r"no legal basis",
    r"has never been applied", r"never been applied", r"does not (?:itself )?(?:create|provide)",
    r"murder\w*", r"violat\w*", r"tenuous", r"not been shown", r"ludicrous", r"impunity",
    r"assassinat\w*", r"execution\w*", r"questions?\b", r"risk\w*", r"concern\w*",
    r"grey zone", r"gray zone", r"blur\w*", r"lack\w* accountability", r"(?<!without a )doubt\w*",
    r"dubious", r"critic\w*", r"stretch\w*", r"not usually", r"rarely", r"condemn\w*",
    r"aggression", r"without (?:congressional|any)",
    r"not authori[sz]ed", r"no evidence", r"counterproductive", r"dangerous",
    r"little legal", r"legali[sz]ed", r"unprecedented", r"escalat\w*", r"imperial",
    r"lower(?:s|ing)? (?:the )?thresholds?", r"militari[sz]\w*", r"propaganda",
    r"battlefield logic", r"unconvinced", r"no authori[sz]ation", r"cannot simply",
    r"does not (?:turn|make|amount|extend|cover|reach|permit|allow)",
    r"(?:is|are|was|were) not (?:an? )?(?:armed attack|war|lawful|legal)",
    r"labell?ing \w+(?: \w+)? as", r"reject\w*", r"even if",
    r"(?:are|were|is|was) not (?:lawful )?(?:combatants|targets|fighters)",
    r"strictly (?:unavoidable|necessary)", r"only (?:when|if|as a last resort)",
    r"protect\w* (?:human )?li(?:fe|ves)",
]
_J = re.compile(r"\b(?:" + "|".join(JUSTIFICATION_CUES) + r")", re.I)
_C = re.compile(r"\b(?:" + "|".join(CRITIQUE_CUES) + r")", re.I)
# Words that deny or limit what sits next to them.
_NEGATION = re.compile(
    r"\b(?:not|no|never|without|nor|cannot|can't|doesn't|does not|isn't|lacks?|"
    r"tenuous|beyond|rather than|exceed\w*|violat\w*|stretch\w*|questioned|unclear)\b", re.I)

# Authorities the administration relies on: a critique that names them disputes them.
JUSTIFYING = {
    "aumf-2001", "us-const-art-ii-2-1", "un-charter-51", "ina-219-fto", "eo-13224-sdgt",
    "eo-14157-cartels", "fto-designations-2025", "niac-notice-2025", "unwilling-or-unable",
    "olc-libya-2011",
}


# Cues that settle the matter on their own: they count twice.
_STRONG = re.compile(r"no legal basis|never been applied|does not|not been shown|tenuous|"
                     r"illegal|unlawful|murder|extra[- ]?judicial|violat|self[- ]defen[cs]e|"
                     r"protect", re.I)


# Who speaks leans the stance, one cue's worth: the strikes' critics (rights groups,
# scholars: the speaker, else the start of the sentence, "Human rights groups called …")
# and their defenders (the US administration: only as the speaker, since the narrator
# reports what "the Trump administration designated" without taking a side).
_CRITIC_VOICE = re.compile(r"\b(?:amnesty|human rights|aclu|critics?|scholars?|professor|"
                           r"academics?|experts?|rapporteurs?|advocates?|law school)\b", re.I)
_OFFICIAL_VOICE = re.compile(r"\b(?:(?:the|trump) administration|white house|pentagon|"
                             r"hegseth|rubio|trump|war department|southcom)\b", re.I)

_LABEL = re.compile(r"\b(?:narco[- ]?)?terrorists?\b", re.I)
# Someone *describing* the label ("labelling cartels as terrorists") is not using it
# ("he has branded them narco-terrorists" is the speaker's own label, and counts).
_LABELLING = re.compile(r"\b(?:labell?ing|branding|calling|designating|dubbing)\b[^.,;:]{0,30}$",
                        re.I)
# Justifying words a negation in the same clause turns round: "there is no authorization",
# "does not ... justify self-defence", "not lawful". (Cues that carry their own negation,
# "won't stop", are not among them.)
_TURNABLE = re.compile(r"lawful|legal|legit|authori|justif|necessary|permit", re.I)
_DENIED = re.compile(r"\b(?:not|no|never|cannot|can't|doesn't|don't|isn't|aren't|wasn't|"
                     r"weren't|without|nor)\b[^.,;:!?]{0,60}$", re.I)
_HEDGE = re.compile(r"\b(?:if|would|could|may|might|can|signals?|suggests?|likely)\b", re.I)


def _gov_elsewhere(sentence: str, at: int) -> bool:
    """A justifying word that is a preposition's object ("does not apply *to lawful*
    acts") is not what the negation denies."""
    return bool(re.search(r"\b(?:to|of|for|in|on)\s+$", sentence[max(0, at - 5):at], re.I))


def stance_for(sentence: str, speaker: str, mentions=()) -> tuple[str, float, list[str]]:
    """``mentions``: (start, end) of the authority mentions in the sentence. Their own words
    ("self-defence", "armed conflict") name the authority, not the stance, so they are not
    cues; a speaker who calls people terrorists is justifying, the narrator reporting it
    is not."""
    def outside(m):
        return not any(m.start() < e and s < m.end() for s, e in mentions)
    j, c = [], [m.group(0) for m in _C.finditer(sentence) if outside(m)]
    for m in _J.finditer(sentence):
        if not outside(m):
            continue
        if (_TURNABLE.match(m.group(0)) and _DENIED.search(sentence, 0, m.start())
                and not _gov_elsewhere(sentence, m.start())):
            c.append(f"denied {m.group(0)}")
        else:
            j.append(m.group(0))
    if speaker:
        j += [m.group(0) for m in _LABEL.finditer(sentence)
              if not _LABELLING.search(sentence, 0, m.start())]
    j += [w for w in j if _STRONG.match(w)]
    c += [w for w in c if _STRONG.match(w)]
    if m := _CRITIC_VOICE.search(speaker or sentence[:50]):
        c.append(f"voice {m.group(0)}")
    elif speaker and (m := _OFFICIAL_VOICE.search(speaker)):
        j.append(f"voice {m.group(0)}")
    if len(c) > len(j):
        return "critique", min(1.0, 0.5 + 0.15 * (len(c) - len(j))), [f"critique:{w}" for w in c]
    if len(j) > len(c):
        return ("justification", min(1.0, 0.5 + 0.15 * (len(j) - len(c))),
                [f"justification:{w}" for w in j])
    if c and j:
        return "claim", 0.4, [f"critique:{w}" for w in c] + [f"justification:{w}" for w in j]
    if speaker:
        return "claim", 0.5, ["attributed"]
    if m := _HEDGE.search(sentence):
        return "claim", 0.4, [f"claim:{m.group(0)}"]
    return "fact", 0.5, ["unattributed"]


def relation_for(sentence: str, spans, slug: str, stance: str) -> tuple[str, list[str]]:
    """Contests when the passage disputes that the authority applies or was complied with.

    Critics *invoke* the rules that restrain force (the Charter, UNCLOS, the Declare War
    Clause) and *contest* the ones the strikes' defenders rely on (the AUMF, self-defence,
    the designations); defenders do the reverse, but only when they deny it in words.
    """
    justifying = slug in JUSTIFYING
    for start, end in spans:
        window = sentence[max(0, start - 60):min(len(sentence), end + 60)]
        m = _NEGATION.search(window)
        if m and ((justifying and stance == "critique")
                  or (not justifying and stance == "justification")):
            return "contests", [f"relation:negation '{m.group(0)}' near mention"]
    if stance == "critique" and justifying:
        return "contests", ["relation:critique of a justifying authority"]
    return "invokes", []
