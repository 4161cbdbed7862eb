"""Precision / recall / F1 of suggestions against the gold of one split, per text and
overall (see ``legalmap.analysis.evaluation`` for what each column counts).

Runs without the database: texts and gold are read from files, the catalogue from
fixtures/authorities.json (or ``--catalogue``).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from legalmap.analysis import learned
from legalmap.analysis.corpus import SPLITS, load_split
from legalmap.analysis.evaluation import Score, render_table, score_predictions
from legalmap.analysis.mentions import Matcher, entries_from_fixture
from legalmap.analysis.passages import suggest


class Command(BaseCommand):
    requires_system_checks = []  # files only: no database, no URLs
    help = "Score suggestions against the gold of the seeds, dev or test split."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=SPLITS, default="test")
        parser.add_argument("--catalogue",
                            default=str(Path(settings.BASE_DIR) / "fixtures" / "authorities.json"))
        parser.add_argument("--model", default=str(learned.MODEL_PATH))
        parser.add_argument("--cv", action="store_true",
                            help="dev only: leave one text out — each dev text is scored by "
                                 "models trained on the seeds and the other dev texts")

    def handle(self, *args, split, catalogue, model, cv, **options):
        catalogue_data = json.loads(Path(catalogue).read_text())
        matcher = Matcher(entries_from_fixture(catalogue_data))
        docs = load_split(split, catalogue=catalogue_data)
        if not docs:
            raise CommandError(f"The {split} split has no texts.")
        models = learned.load(model)
        if cv and split != "dev":
            raise CommandError("--cv is for the dev split only.")
        if cv:
            from legalmap.analysis import training

            params = training.Params(**json.loads(Path(model).read_text())["params"])
            seeds = [training.doc_rows(d, matcher) for d in load_split(
                "seeds", catalogue=catalogue_data)]
            rows = {d.label: training.doc_rows(d, matcher) for d in docs}
        scores, overall = [], Score("overall")
        for doc in docs:
            if cv:
                models = training.fit(seeds + [r for k, r in rows.items() if k != doc.label],
                                      params)
            score = score_predictions(doc, suggest(doc.text, matcher, author=doc.author,
                                                   models=models))
            scores.append(score)
            overall.add(score)
        seeds = len(load_split("seeds", catalogue=catalogue_data))
        self.stdout.write(
            f"split: {split}" + (" (leave-one-text-out: each text scored by models that "
                                 "never saw it)" if cv else "")
            + f" · weights {models.version} trained on {len(models.trained_on)} texts "
            f"({seeds} seeds + {len(models.trained_on) - seeds} dev)"
            + (" — in-sample: not a result" if split in ("seeds", "dev") and not cv else ""))
        self.stdout.write(render_table([*scores, overall]))
        self.stdout.write(
            "\ngold: gold links; expl: of them explicit (the sentence names or cites the "
            "authority); pred: suggestions. P/R/F1 over (passage, authority) pairs; "
            "relation: accuracy over matched links; n: gold passages some suggestion "
            "overlaps, on which stance and speaker are scored.")
