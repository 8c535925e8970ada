"""The editorial policy, medical disclaimer and corrections pages exist from the first
migration on, so links to them never 404; admins edit them as flat pages."""

from django.conf import settings
from django.db import migrations

PAGES = {
    "/editorial-policy/": (
        "Editorial policy",
        """<p>Every article answers one question that readers ask. Editors draft it as short
statements (claims), and every claim cites the sources it rests on. Articles may be drafted
with the help of AI tools; when they are, the article says so.</p>
<h2>Medical review</h2>
<p>No change reaches readers as <strong>Approved</strong> until members of our Medical
Advisory Board have reviewed that exact text and signed it. Reviewers never approve changes
they wrote themselves. While a change is being reviewed, readers keep seeing the last
approved version.</p>
<h2>Sources</h2>
<p>We cite clinical practice guidelines, systematic reviews, primary studies and official
drug labels, numbered in the order they first appear. Retracted sources are never cited;
superseded guidelines are replaced at the next review.</p>
<h2>Review dates</h2>
<p>Each article shows when it was last updated, when it was last reviewed and when its next
review is due. Articles are reviewed at least every 12 months, and sooner when the evidence
changes.</p>
<h2>Corrections</h2>
<p>If you find an error, use the follow-up question box on the article or see our
<a href="/corrections/">corrections page</a>.</p>""",
    ),
    "/medical-disclaimer/": (
        "Medical disclaimer",
        """<p>The content of this site is for education and information only. It is not a
substitute for professional medical advice, diagnosis or treatment. Always ask your doctor or
another qualified health professional about a medical condition, and never disregard
professional advice or delay seeking it because of something you read here.</p>
<p>In an emergency, call your local emergency number straight away.</p>""",
    ),
    "/corrections/": (
        "Corrections",
        """<p>When we correct a factual error, the article's "What changed" list records the
correction with its date, and the corrected text goes through medical review like any other
change.</p>
<p>To report an error, send a follow-up question from the article's page and say what you
believe is wrong.</p>""",
    ),
}


def create_pages(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "localhost", "name": settings.SITE_NAME}
    )
    for url, (title, content) in PAGES.items():
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content}
        )
        page.sites.add(site)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_revision_content_immutable"),
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
