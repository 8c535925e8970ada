"""Workflow events and signatures are append-only: the database refuses updates and
deletes, whatever code (or admin) asks. The hash chain still detects changes made by
someone who drops these triggers."""

from django.db import migrations

TABLES = ("reviews_workflowevent", "reviews_signature")


def _sqlite(table):
    return [
        f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, 'The review record is append-only.'); END;"""
        for op in ("UPDATE", "DELETE")
    ]


def _postgres(table):
    return [
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION reviews_append_only();"""
    ]


POSTGRES_FUNCTION = """
CREATE FUNCTION reviews_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The review record is append-only.'
        USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [s for t in TABLES for s in _sqlite(t)]
    elif vendor == "postgresql":
        statements = [POSTGRES_FUNCTION] + [s for t in TABLES for s in _postgres(t)]
    else:
        raise RuntimeError("Only SQLite and PostgreSQL are supported.")
    for statement in statements:
        schema_editor.execute(statement)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS reviews_append_only();")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
