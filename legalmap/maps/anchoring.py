"""Text anchors: W3C TextQuote + TextPosition selectors over code-point offsets.

Pure functions, no ORM. Python ``str`` indexes by code point, which is what we
store; browsers count UTF-16 units, so the client converts before it posts.
"""

from dataclasses import dataclass

# Hypothesis keeps 32 characters of context each side; enough to tell
# repeated quotes apart, short enough to survive nearby edits.
CONTEXT_CHARS = 32
MAX_QUOTE_CHARS = 5_000


def span_errors(text: str, start, end, quote: str | None) -> dict[str, str]:
    """Why (start, end, quote) is not a valid span of ``text``; empty if it is."""
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = "This field is required for a passage."
    if end is None:
        errors["end"] = "This field is required for a passage."
    if errors:
        return errors
    if start < 0:
        errors["start"] = "Must be 0 or more."
    if end > len(text):
        errors["end"] = f"Out of range: the article has {len(text)} characters."
    if start >= end:
        errors["end"] = "Must be greater than start."
    elif end - start > MAX_QUOTE_CHARS:
        errors["end"] = f"A passage may be at most {MAX_QUOTE_CHARS} characters long."
    if errors:
        return errors
    if not quote:
        errors["quote"] = "This field is required for a passage."
    elif text[start:end] != quote:
        errors["quote"] = "Does not match the article text at these offsets."
    return errors


def context(text: str, start: int, end: int) -> tuple[str, str]:
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


def reanchor(new_text: str, quote: str, prefix: str, suffix: str, hint: int) -> Anchor | None:
    """Find ``quote`` again in a revised text.

    Every exact occurrence is scored by how much of its prefix and suffix still
    match and how near it is to the old position (the Hypothesis recipe, minus
    fuzzy matching); no occurrence at all means the passage is orphaned.
    """
    best: tuple[float, int] | None = None
    position = new_text.find(quote)
    while position != -1:
        end = position + len(quote)
        before = new_text[max(0, position - len(prefix)) : position]
        after = new_text[end : end + len(suffix)]
        score = (
            20 * _common_suffix(before, prefix) / max(1, len(prefix))
            + 20 * _common_prefix(after, suffix) / max(1, len(suffix))
            + 2 * (1 - min(1, abs(position - hint) / max(1, len(new_text))))
        )
        if best is None or score > best[0]:
            best = (score, position)
        position = new_text.find(quote, position + 1)
    if best is None:
        return None
    return Anchor(best[1], best[1] + len(quote))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
