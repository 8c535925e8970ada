"""The editors' desk at /editor/ (docs/editor.md).

Every page and form needs a login; each article is reached through
articles.access.article_for, the one place that says who may read or change it. Every
change is a POST form that works without JavaScript, calls one service from
articles.services (or, for submit and withdraw in workflow.py, reviews.workflow) and
comes back to the place it was made (the claim's anchor).
"""
