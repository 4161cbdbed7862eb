"""Short labels for nodes and quotes: pure text functions (models, diagram, reviews)."""


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary with "…" (labels in
    lists, mails and events: a cut mid-word reads as a typo)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def unquoted(text: str) -> str:
    """A quote without the quotation marks it starts or ends with, so that wrapping it in
    “…” does not double them (“““Earlier this morning…”)."""
    text = text.strip()
    if text[:1] in "“\"‘'":
        text = text[1:]
    if text[-1:] in "”\"’'":
        text = text[:-1]
    return text


def node_label(kind: str, *, quote: str = "", text: str = "", authority: str = "") -> str:
    """How a node is named in lists, mails, history and review changes: a passage by its
    quote, an authority by its (short) name, a claim by its text."""
    if kind == "authority":
        return authority
    if kind == "passage":
        return f"“{shorten(unquoted(quote), 60)}”"
    return shorten(text, 80)
