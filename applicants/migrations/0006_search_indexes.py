"""Trigram indexes for TA's search (name, e-mail, reference), on PostgreSQL.

Django's `icontains` is `UPPER(column::text) LIKE UPPER('%term%')`: a GIN trigram index on
that very expression answers it without reading the table. pg_trgm is a trusted extension
(PostgreSQL 13+): the database owner may create it. The embedded SQLite mode gets none and
scans, which is fine at its size.
"""

from django.db import migrations

INDEXES = [
    ("applicants_candidate_last_name_trgm", "applicants_candidate", "last_name"),
    ("applicants_candidate_first_name_trgm", "applicants_candidate", "first_name"),
    ("applicants_application_reference_trgm", "applicants_application", "reference"),
    ("auth_user_email_trgm", "auth_user", "email"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0005_list_score_and_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, drop)]
