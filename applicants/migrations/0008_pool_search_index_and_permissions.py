"""The pool's text search index, its backfill, and reservations for Talent Acquisition.

The search text (fields of study and institutions) gets a GIN trigram index on the very
expression Django's `icontains` uses, as in 0006. Entries built before this migration get
their search text and work-area keys here. The Talent Acquisition group gets every
permission on the new models (0004 gave it those that existed then).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INDEX = "applicants_poolentry_search_text_trgm"


def backfill(apps, schema_editor):
    PoolEntry = apps.get_model("applicants", "PoolEntry")
    for entry in PoolEntry.objects.iterator(chunk_size=1000):
        entry.search_text = f"{entry.fields_of_study} | {entry.institutions}"
        titles = [area.get("en", "") for area in entry.work_areas or []]
        entry.work_area_keys = "".join(f"|{title}" for title in titles) + "|" if titles else ""
        entry.save(update_fields=["search_text", "work_area_keys"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "applicants_poolentry" '
        'USING gin (UPPER("search_text"::text) gin_trgm_ops)'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


def grant(apps, schema_editor):
    app_config = apps.get_app_config("applicants")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Talent Acquisition").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="applicants",
                content_type__model__in=["reservation", "reservationchange"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0007_pool_search_and_reservations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
