"""The table of the shared database cache (`dashboard.web.cache`), so `migrate` alone prepares
an installation: it is created whichever cache is configured now, ready for the day Redis goes."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "quayside_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_token_per_sign_in"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
