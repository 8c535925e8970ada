"""A translation's source is not itself a translation and is in another language, the
source revision it translates belongs to that source, and an article with translations
does not become one: rules across rows, so the database holds them with a trigger."""

from django.db import migrations

MESSAGE = (
    "A translation needs a source article that is not itself a translation, in another "
    "language, and a revision of that source."
)

BROKEN = """NEW.translation_of_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM articles_article s WHERE s.id = NEW.translation_of_id
            AND (s.translation_of_id IS NOT NULL OR s.language = NEW.language))
    OR EXISTS (SELECT 1 FROM articles_article t WHERE t.translation_of_id = NEW.id)
    OR NOT EXISTS (SELECT 1 FROM articles_revision r WHERE r.id = NEW.source_revision_id
                   AND r.article_id = NEW.translation_of_id)
)"""

SQLITE_UP = [
    f"""
CREATE TRIGGER articles_article_translation_{event.lower()}
BEFORE {event} ON articles_article FOR EACH ROW
WHEN {BROKEN}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
    for event in ("INSERT", "UPDATE")
]

POSTGRES_UP = [
    f"""
CREATE FUNCTION articles_article_translation() RETURNS trigger AS $$
BEGIN
    IF {BROKEN} THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
""",
    """
CREATE TRIGGER articles_article_translation
BEFORE INSERT OR UPDATE ON articles_article FOR EACH ROW
EXECUTE FUNCTION articles_article_translation();
""",
]

DOWN = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS articles_article_translation_insert;",
        "DROP TRIGGER IF EXISTS articles_article_translation_update;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS articles_article_translation ON articles_article;",
        "DROP FUNCTION IF EXISTS articles_article_translation();",
    ],
}


def up(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(
        schema_editor.connection.vendor
    )
    if statements is None:
        raise RuntimeError("Only SQLite and PostgreSQL are supported.")
    for sql in statements:
        schema_editor.execute(sql)


def down(apps, schema_editor):
    for sql in DOWN[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_translations")]
    operations = [migrations.RunPython(up, down)]
