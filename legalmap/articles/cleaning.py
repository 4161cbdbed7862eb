"""Strip syndication boilerplate from a raw article text, leaving the article itself untouched.

Annotation offsets are stored against the cleaned text, so cleaning only ever removes *whole
lines* (plus one prefix artefact at the very start) and never edits inside a line: quotes,
dashes, inner spacing and Unicode form stay byte-identical. Pure Python, no Django.

Always applied (generic, deliberately conservative -- none can match a real sentence):

* CRLF / CR line endings become LF.
* A leading scraper artefact like `` date 2025-09-04 `` at the very start of the text is removed.
* Reading-time lines anywhere (whole line only): ``6 min read``, ``Reading Time: 6 mins read``.
* At the end only, repeatedly: comment counters (``Comments``, ``No comment``, ``3 Comments``) and
  an empty heading (``Sources``, ``References``) that nothing follows.
* Runs of 3 or more blank lines become one blank line; the whole text is stripped.

Per-article ``rules`` (the manifest's "cleaning" object). Every pattern is a regular expression
matched with ``re.fullmatch`` against a line with surrounding whitespace removed, so a plain
headline works as-is unless it contains regex metacharacters (escape those):

* ``drop_leading_lines``: while the first non-blank line matches one of these, drop it.
  For a section label, a headline repeated from the title, a standfirst.
* ``drop_lines``: drop every line, anywhere, that matches (e.g. "Read more: ..." links,
  video captions). A blank line left doubled by the drop is removed with it.
* ``cut_from``: the first line that matches, and everything after it, is removed
  (e.g. "Legal Disclaimer:" followed by "Most popular stories" lists and comment counters).

Unknown keys raise ``ValueError`` so a typo in the manifest cannot silently clean nothing.
"""

from __future__ import annotations

import re

RULE_KEYS = frozenset({"drop_leading_lines", "drop_lines", "cut_from"})

# " date 2025-09-04 What Happened": a crawler's metadata glued to the first line.
_DATE_PREFIX = re.compile(r"\A[ \t]*date \d{4}-\d{2}-\d{2}[ \t]+")
# Only whole lines, so "It took 6 min to read" inside a sentence is never touched.
_READING_TIME = re.compile(
    r"(?:reading time:?\s*)?\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read", re.IGNORECASE
)
# Trailing page furniture; only removed from the very end of the text.
_TRAILING_JUNK = re.compile(
    r"(?:no\s+comments?|\d+\s+comments?|comments?|sources?|references)\s*:?", re.IGNORECASE
)
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){3,}")  # a newline then 3+ blank lines


def _compile(rules: dict, key: str) -> list[re.Pattern[str]]:
    patterns = rules.get(key) or []
    if isinstance(patterns, str):  # tolerate a single pattern instead of a list
        patterns = [patterns]
    return [re.compile(p) for p in patterns]


def _matches(line: str, patterns: list[re.Pattern[str]]) -> bool:
    stripped = line.strip()
    return any(p.fullmatch(stripped) for p in patterns)


def _drop(lines: list[str], patterns: list[re.Pattern[str]]) -> list[str]:
    """Remove matching lines; if the gap sits between blank lines, remove one blank as well."""
    out: list[str] = []
    eat_blank = False
    for line in lines:
        if _matches(line, patterns):
            eat_blank = not out or not out[-1].strip()
            continue
        if eat_blank and not line.strip():
            eat_blank = False
            continue
        eat_blank = False
        out.append(line)
    return out


def clean_text(raw: str, rules: dict | None = None) -> str:
    """Return ``raw`` without boilerplate; see the module docstring for ``rules``."""
    rules = rules or {}
    unknown = set(rules) - RULE_KEYS
    if unknown:
        raise ValueError(f"Unknown cleaning rule(s): {', '.join(sorted(unknown))}")

    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _DATE_PREFIX.sub("", text, count=1)
    lines = text.split("\n")

    # Generic: reading-time lines, then the article's own line drops.
    lines = _drop(lines, [_READING_TIME])
    lines = _drop(lines, _compile(rules, "drop_lines"))

    # Leading labels / duplicated headline / standfirst, in whatever order they appear.
    leading = _compile(rules, "drop_leading_lines")
    while True:
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and leading and _matches(lines[0], leading):
            lines.pop(0)
            continue
        break

    # Trailing boilerplate block: everything from the first matching line on.
    cut = _compile(rules, "cut_from")
    if cut:
        for i, line in enumerate(lines):
            if _matches(line, cut):
                lines = lines[:i]
                break

    # Generic trailing furniture: blank lines, comment counters, an empty "Sources" heading.
    while lines and (not lines[-1].strip() or _TRAILING_JUNK.fullmatch(lines[-1].strip())):
        lines.pop()

    text = "\n".join(lines)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()
