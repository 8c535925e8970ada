"""Seed the specialty list: the demo articles' specialties and every specialty an article
already has (its working copy's and its shown revision's), spelled exactly as written, so
no article loses or changes its specialty; admins merge or rename them afterwards. Each
row gets its history record, as every later change to the list does."""

from django.db import migrations
from django.utils import timezone

# The specialties of articles/demo/*.md (load_demo imports them).
DEMO = ["Musculoskeletal medicine", "Primary care"]


def seed(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Specialty = apps.get_model("articles", "Specialty")
    History = apps.get_model("articles", "HistoricalSpecialty")
    names = set(DEMO)
    for field in ("specialty", "public_specialty"):
        names |= set(Article.objects.exclude(**{field: ""}).values_list(field, flat=True))
    now = timezone.now()
    for name in sorted(names):
        specialty, created = Specialty.objects.get_or_create(name=name)
        if created:
            History.objects.create(
                id=specialty.pk,
                name=name,
                history_date=now,
                history_type="+",
                history_change_reason="Seeded from the demo and existing articles",
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_specialties")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
