"""Signals the reference library sends to the apps above it, which it never imports."""

from django.dispatch import Signal

# Sent inside the transaction that marks a reference retracted or superseded, with
# reference=, reason=, actor= and problems= (what was just found: "retracted", "concern",
# "superseded"). Each receiver returns a list of what it flagged (the
# articles app: every article whose live revision cites the reference, made due for
# re-review; articles.apps connects it).
reference_problem_found = Signal()
