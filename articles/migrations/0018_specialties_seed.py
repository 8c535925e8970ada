"""Seed the specialty list: the demo articles' specialties and every specialty an article
already has (its working copy's and its shown revision's), spelled exactly as written, so
no article loses or changes its specialty; admins merge or rename them afterwards.
Their history starts with the first change an admin makes."""

from django.db import migrations

# The specialties of articles/demo/*.md (load_demo imports them).
DEMO = ["Musculoskeletal medicine", "Primary care"]


def seed(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Specialty = apps.get_model("articles", "Specialty")
    names = set(DEMO)
    for field in ("specialty", "public_specialty"):
        names |= set(Article.objects.exclude(**{field: ""}).values_list(field, flat=True))
    for name in sorted(names):
        Specialty.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_specialties")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
