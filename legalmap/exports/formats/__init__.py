"""The export formats: each module has ``render(bundle) -> bytes`` (pure, no ORM)."""

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Renderer:
    module: str
    content_type: str
    extension: str

    def render(self, bundle) -> bytes:
        return import_module(f"legalmap.exports.formats.{self.module}").render(bundle)


RENDERERS = {
    "aif": Renderer("aif", "application/json", "aif.json"),
    "argdown": Renderer("argdown", "text/plain; charset=utf-8", "argdown"),
    "webanno": Renderer("webanno", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
                        "jsonld"),
    "svg": Renderer("svg", "image/svg+xml", "svg"),
    "csv": Renderer("csv_links", "text/csv; charset=utf-8", "csv"),
    "pdf": Renderer("pdf", "application/pdf", "pdf"),
}
