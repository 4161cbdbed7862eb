"""Node labels (panel lists, review mails, event history) end at a word, with "…"."""

from legalmap.maps.labels import shorten
from legalmap.maps.models import Node


def test_a_long_label_ends_at_a_word_with_an_ellipsis():
    text = "The strikes were unlawful because no armed conflict exists with the cartels at all"
    assert shorten(text, 40) == "The strikes were unlawful because no…"
    assert len(shorten(text, 40)) <= 40


def test_a_short_label_is_left_as_it_is_apart_from_its_whitespace():
    assert shorten("Only  Congress\ncan declare war.", 80) == "Only Congress can declare war."


def test_a_passage_label_quotes_its_shortened_text():
    node = Node(kind=Node.Kind.PASSAGE, quote="We have to protect our country and we're "
                "going to keep doing it, the president said on Thursday evening.")
    assert node.label == "“We have to protect our country and we're going to keep…”"


def test_a_quote_that_opens_with_quotation_marks_is_not_quoted_twice():
    node = Node(kind=Node.Kind.PASSAGE, quote="“Earlier this morning, on President Trump’s "
                "orders,” Hegseth announced.")
    assert node.label.startswith("“Earlier this morning")
