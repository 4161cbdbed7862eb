"""The gold annotations, by split (pure, no ORM; reads files only).

- ``seeds``: the five seed articles (``seeds/`` + ``fixtures/gold/``), annotated before the
  annotation guide existed; their two old relations are read as the guide's four.
- ``dev`` / ``test``: the blind corpus (``fixtures/corpus/``), one ``.txt`` + ``.json``
  per text, split once by ``fixtures/corpus/splits.json`` before any rule was written.
  Tune on dev; test is scored, never read for rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .features import ENABLING, explicit_surface, relation_markers

SPLITS = ("seeds", "dev", "test")
RELATIONS = ("relies_on", "violates", "disputes", "complies")


@dataclass
class GoldLink:
    slug: str
    relation: str
    explicit: bool


@dataclass
class GoldPassage:
    start: int
    end: int
    stance: str
    speaker: str
    links: list[GoldLink] = field(default_factory=list)


@dataclass
class GoldDoc:
    label: str
    text: str
    author: str
    passages: list[GoldPassage]


def base_dir() -> Path:
    return Path(settings.BASE_DIR)


def _spans(text: str, passages: list[dict], label: str):
    for p in passages:
        start = text.find(p["quote"])
        if start < 0:
            raise ValueError(f"{label}: gold quote not in the text: {p['quote'][:60]!r}")
        yield p, start, start + len(p["quote"])


def load_split(split: str, base: Path | None = None, catalogue: dict | None = None
               ) -> list[GoldDoc]:
    base = base or base_dir()
    if split == "seeds":
        return _load_seeds(base, catalogue)
    splits_file = base / "fixtures" / "corpus" / "splits.json"
    if not splits_file.exists():
        return []
    assignments = json.loads(splits_file.read_text())
    docs = []
    for slug in sorted(s for s, which in assignments["splits"].items() if which == split):
        meta = json.loads((base / "fixtures" / "corpus" / f"{slug}.json").read_text())
        text = (base / "fixtures" / "corpus" / f"{slug}.txt").read_text()
        passages = [
            GoldPassage(start, end, p["stance"], p.get("speaker", ""),
                        [GoldLink(a["slug"], a["relation"], bool(a.get("explicit", True)))
                         for a in p.get("authorities", [])])
            for p, start, end in _spans(text, meta["passages"], slug)]
        docs.append(GoldDoc(slug, text, _author(meta.get("author", "")), passages))
    return docs


def _author(raw: str) -> str:
    """The byline as an upload would carry it: "X (note …)" → "X"; none when the corpus
    says the stored text names nobody."""
    name = raw.split(" (")[0].strip()
    return "" if name.lower().startswith(("not named", "none", "unknown")) else name


def _load_seeds(base: Path, catalogue: dict | None) -> list[GoldDoc]:
    from legalmap.articles.cleaning import clean_text

    from .mentions import Matcher, entries_from_fixture

    catalogue = catalogue or json.loads((base / "fixtures" / "authorities.json").read_text())
    matcher = Matcher(entries_from_fixture(catalogue))
    manifest = json.loads((base / "seeds" / "manifest.json").read_text())
    by_file = {a["file"]: a for a in manifest["articles"]}
    docs = []
    for path in sorted((base / "fixtures" / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        entry = by_file[gold["file"]]
        text = clean_text((base / "seeds" / gold["file"]).read_text(), entry.get("cleaning"))
        passages = []
        for p, start, end in _spans(text, gold["passages"], gold["article"]):
            found = matcher.find(p["quote"])
            links = []
            for a in p["authorities"]:
                spans = [(m.start, m.end) for m in found if m.slug == a["slug"]]
                breach = "breach" in relation_markers(p["quote"], spans)
                links.append(GoldLink(a["slug"], _seed_relation(a["relation"], a["slug"],
                                                                p["stance"], breach),
                                      any(m.slug == a["slug"] and explicit_surface(
                                          m.surface, m.rule, m.start == 0) for m in found)))
            passages.append(GoldPassage(start, end, p["stance"], p.get("speaker", ""), links))
        docs.append(GoldDoc(gold["article"], text, entry.get("author", ""), passages))
    return docs


def _seed_relation(old: str, slug: str, stance: str, breach: bool) -> str:
    """The seed gold's two relations read as the guide's four (see the guide, section 5):
    a critique that invokes a restraining rule next to words of breach says the action
    violates it; otherwise it relies on it."""
    if old in RELATIONS:
        return old
    if old == "contests":
        return "disputes"
    if stance == "critique" and slug not in ENABLING and breach:
        return "violates"
    return "relies_on"
