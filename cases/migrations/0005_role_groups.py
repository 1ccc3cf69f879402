"""The back-office role groups and their permissions, so every database has them (cases.roles)."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from cases.roles import ensure_role_groups

    ensure_role_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0004_seal_outbox_secrets"),
    ]

    # Going back leaves the groups: they may hold accounts, and a forward run updates them.
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop, elidable=False)]
