from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    name = "reconciliation"
    verbose_name = _("Tatulasu portal")

    def ready(self) -> None:
        from . import log_redaction

        log_redaction.install()
