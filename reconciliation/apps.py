from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    name = "reconciliation"
    verbose_name = _("Tatulasu portal")

    def ready(self) -> None:
        from . import log_redaction

        log_redaction.install()
        _harden_third_party_admins()


def _harden_third_party_admins() -> None:
    """Give the admins of other packages (accounts, lockouts, second factors) our changelists,
    which answer crafted query strings without a server error. Ours derive from ScopedAdmin.

    The admin registers every ModelAdmin in its own ready(), which runs before this one.
    """
    from django.contrib import admin

    from centers.admin import SafeQueryStrings

    for model, model_admin in list(admin.site._registry.items()):
        if not isinstance(model_admin, SafeQueryStrings):
            admin_class = type(model_admin)
            admin.site.unregister(model)
            admin.site.register(model, type(admin_class.__name__, (SafeQueryStrings, admin_class), {}))
