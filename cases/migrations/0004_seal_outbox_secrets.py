"""Access codes in the outbox: sealed while a row is pending, gone from every other row.

Rows written before this kept the code in the clear, and failed rows kept it for ever.
"""

from django.db import migrations, models


def seal_or_drop_access_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cases.sealing import seal

    Notification = apps.get_model("cases", "Notification")
    for row in Notification.objects.filter(context__has_key="access_code").only("pk", "state", "context"):
        context = dict(row.context)
        code = context.pop("access_code")
        if row.state == "pending":
            context["access_code"] = seal(code)
        Notification.objects.filter(pk=row.pk).update(context=context)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_dispute_newest_first_index"),
    ]

    operations = [
        migrations.RunPython(seal_or_drop_access_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state", "pending"), models.Q(("context__has_key", "access_code"), _negated=True), _connector="OR"
                ),
                name="notification_secret_only_while_pending",
            ),
        ),
    ]
