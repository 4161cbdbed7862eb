"""Issue 16: the CSV export shows a cell that starts like a formula as text (OWASP)."""

import csv
import io

import pytest

from legalmap.exports import services
from legalmap.exports.formats import RENDERERS
from tests.factories import ClaimFactory, LinkFactory

HOSTILE = ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_a_cell_starting_like_a_formula_is_quoted_in_the_csv(world, text):
    claim = ClaimFactory(map=world["map"], text=text)
    link = LinkFactory(source=world["passage"], target=claim, relation="supports",
                       rationale=text)

    data = RENDERERS["csv"].render(services.export_bundle(world["map"])).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(data, newline="")) if r[0] == str(link.pk))

    assert (row[3], row[4]) == ("'" + text, "'" + text)


def test_an_ordinary_cell_is_left_alone(world):
    data = RENDERERS["csv"].render(services.export_bundle(world["map"])).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(data)) if r[0] == str(world["support"].pk))

    assert row[3] == "The strike was unlawful."
