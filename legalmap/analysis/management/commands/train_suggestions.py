"""Rebuild legalmap/analysis/model/suggestions.json from the gold of the seeds and dev
splits (never test). Deterministic: the same gold gives the same weights."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from legalmap.analysis import learned, training
from legalmap.analysis.corpus import load_split
from legalmap.analysis.mentions import Matcher, entries_from_fixture


class Command(BaseCommand):
    requires_system_checks = []  # files only: no database, no URLs
    help = "Train the suggestion models on the seeds and dev gold and write their weights."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(learned.MODEL_PATH))
        parser.add_argument("--stance-C", type=float, default=training.Params.stance_C)
        parser.add_argument("--link-C", type=float, default=training.Params.link_C)
        parser.add_argument("--relation-C", type=float, default=training.Params.relation_C)
        parser.add_argument("--threshold", type=float, default=training.Params.link_threshold,
                            help="keep a descriptive mention from this link probability")
        parser.add_argument("--threshold-explicit", type=float,
                            default=training.Params.link_threshold_explicit,
                            help="keep a mention that names or cites from this probability")

    def handle(self, *args, out, stance_C, link_C, relation_C, threshold, threshold_explicit,
               **options):
        catalogue = json.loads((Path(settings.BASE_DIR) / "fixtures" /
                                "authorities.json").read_text())
        matcher = Matcher(entries_from_fixture(catalogue))
        docs = load_split("seeds", catalogue=catalogue) + load_split("dev", catalogue=catalogue)
        rows = [training.doc_rows(d, matcher) for d in docs]
        params = training.Params(stance_C, link_C, relation_C, threshold, threshold_explicit)
        models = training.fit(rows, params, trained_on=[d.label for d in docs])
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(training.to_json(models, params), indent=0,
                                        ensure_ascii=False) + "\n")
        self.stdout.write(
            f"{out}: {len(models.stance.weights)} stance, {len(models.link.weights)} link, "
            f"{len(models.relation.weights)} relation features from {len(docs)} texts "
            f"({sum(len(r.stance) for r in rows)} passages, "
            f"{sum(len(r.link) for r in rows)} mentions, "
            f"{sum(len(r.relation) for r in rows)} links)")
