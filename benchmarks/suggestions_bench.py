"""Mention finding throughput against a raw Aho-Corasick scan, and one article's
suggestions, all without the database (issue 5: ≥ 10 MB/s, within 4× of the raw scan;
≤ 50 ms per seed article)."""

import json
from pathlib import Path

import ahocorasick

from legalmap.analysis.mentions import Matcher, entries_from_fixture, normalise
from legalmap.analysis.passages import suggest
from legalmap.articles.cleaning import clean_text

ROOT = Path(__file__).resolve().parents[1]
TARGET_BYTES = 10 * 1024 * 1024


def seed_texts() -> list[str]:
    manifest = json.loads((ROOT / "seeds" / "manifest.json").read_text())
    return [clean_text((ROOT / "seeds" / a["file"]).read_text(), a.get("cleaning"))
            for a in manifest["articles"]]


def corpus(texts: list[str]) -> list[str]:
    """About 10 MB of article text: the seeds repeated, as separate articles."""
    out, size = [], 0
    while size < TARGET_BYTES:
        for text in texts:
            out.append(text)
            size += len(text.encode())
    return out


def run(table, timed):
    matcher = Matcher(entries_from_fixture(
        json.loads((ROOT / "fixtures" / "authorities.json").read_text())))
    texts = seed_texts()
    articles = corpus(texts)
    megabytes = sum(len(t.encode()) for t in articles) / 1e6

    # The yardstick: the same phrases in a bare automaton over lower-cased text, counting
    # hits, no normalisation, boundaries, citations or offset mapping.
    raw = ahocorasick.Automaton()
    for key, value in matcher.automaton.items():
        raw.add_word(key, value)
    raw.make_automaton()

    def raw_scan():
        return sum(1 for text in articles for _ in raw.iter(text.lower()))

    def full_scan():
        return sum(len(matcher.find(text)) for text in articles)

    def normalise_only():
        return sum(len(normalise(text).text) for text in articles)

    results = {}
    for name, fn in [("raw pyahocorasick scan", raw_scan), ("normalise only", normalise_only),
                     ("mention finding (Matcher.find)", full_scan)]:
        best, _median = timed(fn, repeat=3)  # best of three: the machine is shared
        results[name] = best / 1000
    rows = [[name, f"{megabytes:.1f}", f"{seconds * 1000:.0f}", f"{megabytes / seconds:.1f}",
             f"{seconds / results['raw pyahocorasick scan']:.2f}×"]
            for name, seconds in results.items()]
    table("Mention finding (one core, full catalogue)",
          ["pass", "MB", "ms", "MB/s", "vs raw"], rows)

    rows = []
    for i, text in enumerate(texts):
        best, median = timed(lambda text=text: suggest(text, matcher), repeat=9)
        rows.append([f"seed {i}", len(text), len(suggest(text, matcher)), f"{best:.1f}",
                     f"{median:.1f}", "≤ 50"])
    table("Suggestions for one seed article (no database)",
          ["article", "chars", "suggestions", "best ms", "median ms", "goal ms"], rows)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalmap.settings")
    django.setup()
    from benchmarks.__main__ import table, timed

    run(table, timed)
