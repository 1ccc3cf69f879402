from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _apply_roles(sender, app_config, using, apps=global_apps, **kwargs):  # type: ignore[no-untyped-def]
    """After every migrate (and flush), the role groups hold what cases.roles says, new models included."""
    from . import roles

    roles.ensure_role_groups(apps=apps, using=using)


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks

        # Sent for this app after Django created its permissions; centers and mediators,
        # listed before it in INSTALLED_APPS, have theirs by then.
        post_migrate.connect(_apply_roles, sender=self, dispatch_uid="cases.roles")
