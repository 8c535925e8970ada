"""Signals the review workflow sends to the apps above it, which it never imports."""

from django.dispatch import Signal

# Sent by reviews.events.event_record inside the transaction that records the event, with
# event= (a saved WorkflowEvent). A receiver that acts outside the database must wait for
# the commit (transaction.on_commit): a rolled-back transition leaves no event behind, and
# whatever the receiver wrote in the same transaction is rolled back with it. The webhooks
# app receives it (webhooks/receivers.py).
workflow_event_recorded = Signal()
