"""Precision / recall / F1 of suggestions against fixtures/gold/, per article and overall.

Runs without the database: seed texts are cleaned exactly as ``load_seeds`` does and the
catalogue is read from fixtures/authorities.json (or ``--catalogue``).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from legalmap.analysis.evaluation import Score, load_gold, render_table, score_article
from legalmap.analysis.mentions import Matcher, entries_from_fixture
from legalmap.articles.cleaning import clean_text


class Command(BaseCommand):
    help = "Score authority suggestions against the gold annotations of the seed articles."

    def add_arguments(self, parser):
        base = Path(settings.BASE_DIR)
        parser.add_argument("--gold", default=str(base / "fixtures" / "gold"))
        parser.add_argument("--seeds", default=str(base / "seeds"))
        parser.add_argument("--catalogue", default=str(base / "fixtures" / "authorities.json"))

    def handle(self, *args, gold, seeds, catalogue, **options):
        matcher = Matcher(entries_from_fixture(json.loads(Path(catalogue).read_text())))
        manifest = json.loads((Path(seeds) / "manifest.json").read_text())
        by_file = {a["file"]: a for a in manifest["articles"]}
        scores, overall = [], Score("overall")
        for g in load_gold(Path(gold)):
            entry = by_file[g["file"]]
            text = clean_text((Path(seeds) / g["file"]).read_text(), entry.get("cleaning"))
            score = score_article(g["article"][:40], text, g, matcher)
            scores.append(score)
            overall.add(score)
        self.stdout.write(render_table([*scores, overall]))
        self.stdout.write("\nP/R/F1: (passage, authority, relation); auth F1 ignores the "
                          "relation; n: gold passages some suggestion overlaps, on which "
                          "stance and speaker are scored.")
