import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from legalmap.articles import services
from legalmap.articles.cleaning import clean_text
from legalmap.articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the seed articles listed in seeds/manifest.json. Idempotent: an unchanged file "
        "changes nothing; a changed file becomes a new revision of the same article."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "seeds"))

    @transaction.atomic
    def handle(self, *args, dir, **options):
        folder = Path(dir)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {folder / 'manifest.json'}: {exc}") from exc
        counts = {"created": 0, "revised": 0, "unchanged": 0}
        for entry in manifest["articles"]:
            raw = (folder / entry["file"]).read_text(encoding="utf-8")
            text = clean_text(raw, entry.get("cleaning"))
            metadata = {
                "title": entry["title"],
                "publisher": entry.get("publisher", ""),
                "author": entry.get("author", ""),
                "url": entry.get("url", ""),
                "published": dt.date.fromisoformat(entry["published"])
                if entry.get("published") else None,
                "seed_file": entry["file"],
            }
            article = Article.objects.filter(slug=entry["slug"]).first()
            if article is None:
                services.article_create(
                    slug=entry["slug"], text=text, source=Article.Source.SEED, **metadata)
                counts["created"] += 1
                continue
            changed_meta = any(getattr(article, k) != v for k, v in metadata.items())
            revised = services.article_revise(article=article, text=text)
            if changed_meta:
                services.article_update(article=article, **metadata)
            counts["revised" if revised else "unchanged"] += 1
        self.stdout.write(
            f"Seeds: {counts['created']} created, {counts['revised']} revised, "
            f"{counts['unchanged']} unchanged."
        )
