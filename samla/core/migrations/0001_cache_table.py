"""The database cache's table ``samla_cache``, where the failure counters of code entry
and login live when no Redis is configured (settings: CACHES). Made the way
``manage.py createcachetable`` makes it, whatever the cache setting is now, so that turning
Redis off later needs no extra step; an existing table is left alone."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "samla_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
