"""The editors' workspace at /editor/ (docs/editor.md).

Every page and form needs a login; each article is reached through
access._get_article_for_editor, the one place that says who may read or change it. Every
change is a POST form that works without JavaScript, calls one service from
articles.services and comes back to the place it was made (the claim's anchor). Submitting
and withdrawing, and the history page with the review record, are in
reviews/views/editor_actions.py: they need the workflow, which this app never imports.
"""
