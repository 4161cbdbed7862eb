"""CSV of the links: one row per link, with the latest verdict of each reviewer.

The relation column holds the stored name (``supports`` … ``relies_on``, ``violates``,
``disputes``, ``complies``), what a script filters on; descriptions use its words."""

import csv
import io

from legalmap.maps.graph import RELATION_LABELS
from legalmap.maps.reasoning import short_label


def full_label(node) -> str:
    """The whole text (a spreadsheet has room), an authority by its short name."""
    return node.short_name or node.text if node.kind == "authority" else node.text

HEADER = ["link", "source", "relation", "target", "rationale", "verdicts"]


def describe_link(graph, link_id: int) -> str:
    link = graph.links.get(link_id)
    if link is None:
        return f"link {link_id}"
    target = (f"link {link.target_link}" if link.target is None
              else short_label(graph.nodes[link.target]))
    words = RELATION_LABELS.get(link.relation, link.relation)
    return f"link {link.id} ({short_label(graph.nodes[link.source])} {words} {target})"


def rows(bundle) -> list[list[str]]:
    graph = bundle.graph
    verdicts = {}
    for v in bundle.verdicts:
        text = f"{v.reviewer}: {v.value}" + (f" — {v.reason}" if v.reason else "")
        verdicts.setdefault(v.link_id, []).append(text)
    out = []
    for link in graph.links.values():
        target = (describe_link(graph, link.target_link) if link.target is None
                  else full_label(graph.nodes[link.target]))
        out.append([str(link.id), full_label(graph.nodes[link.source]), link.relation, target,
                    link.rationale, "; ".join(verdicts.get(link.id, []))])
    return out


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): a passage quoting
# "=HYPERLINK(...)" or a rationale starting "-2+3" must be shown as text, not evaluated.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell, prefixed with a single quote if it would start a formula (OWASP's advice):
    spreadsheets show the quote-prefixed text as typed; a script reading the CSV strips it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render(bundle) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([neutralise(cell) for cell in row] for row in rows(bundle))
    # A BOM so that spreadsheet programs read the quotes' curly quotes as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()
