import django.contrib.postgres.search
from django.db import migrations


def index_vector(apps, schema_editor):
    """On PostgreSQL, fill the stored vector and index it instead of the expression."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")
    schema_editor.execute(
        "UPDATE articles_article SET search_vector = "
        "to_tsvector('english'::regconfig, COALESCE(search_document, ''))"
    )
    schema_editor.execute(
        "CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector)"
    )


def unindex_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_vector, unindex_vector),
    ]
