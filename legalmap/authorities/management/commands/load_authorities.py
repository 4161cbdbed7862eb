import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from legalmap.authorities.services import catalogue_load


class Command(BaseCommand):
    help = "Load or update the authority catalogue from fixtures/authorities.json (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "authorities.json"),
        )

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            result = catalogue_load(data)
        except ValidationError as exc:
            # The service names the slug and the field; a traceback would bury it.
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
        self.stdout.write(
            f"Authorities: {result['created']} created, {result['updated']} updated, "
            f"{result['unchanged']} unchanged; relations: {result['relations']}."
        )
