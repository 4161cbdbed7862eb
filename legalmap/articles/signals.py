"""Signals the articles app sends; apps above it react without articles importing them."""

from django.dispatch import Signal

# Sent inside the transaction that stored a new article or a new revision of its text
# (``article``: the Article). The analysis app queues its suggestions from it.
article_text_saved = Signal()
