"""A revision's content is what reviewers signed; the database itself refuses to change it."""

from django.db import migrations

COLUMNS = ("content", "content_hash", "article_id", "number")

SQLITE_UP = """
CREATE TRIGGER articles_revision_content_immutable
BEFORE UPDATE ON articles_revision FOR EACH ROW
WHEN {changed}
BEGIN SELECT RAISE(ABORT, 'A revision''s content cannot change after it is created.'); END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS))

POSTGRES_UP = """
CREATE FUNCTION articles_revision_content_immutable() RETURNS trigger AS $$
BEGIN
    IF {changed} THEN
        RAISE EXCEPTION 'A revision''s content cannot change after it is created.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER articles_revision_content_immutable
BEFORE UPDATE ON articles_revision FOR EACH ROW
EXECUTE FUNCTION articles_revision_content_immutable();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in COLUMNS))

DOWN = {
    "sqlite": "DROP TRIGGER IF EXISTS articles_revision_content_immutable;",
    "postgresql": "DROP TRIGGER IF EXISTS articles_revision_content_immutable ON articles_revision;"
    " DROP FUNCTION IF EXISTS articles_revision_content_immutable();",
}


def up(apps, schema_editor):
    sql = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor)
    if sql is None:
        raise RuntimeError("Only SQLite and PostgreSQL are supported.")
    schema_editor.execute(sql)


def down(apps, schema_editor):
    schema_editor.execute(DOWN[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
