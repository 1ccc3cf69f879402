from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data only: depends on every other app, and none depends on it."""

    name = "demo"
    verbose_name = "Demo data"
