"""The database cache's table comes with the migrations: `migrate` alone gives a working site.

The embedded default keeps rate limits and login lockouts in it, and with Redis it is the
cache while Redis does not answer (reconciliation/cache.py). createcachetable skips a table
that exists, so running it as well does no harm.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):  # type: ignore[no-untyped-def]
    from reconciliation.cache import database_cache_tables

    for table in database_cache_tables():
        call_command("createcachetable", table, database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
