"""Vocabularies shared by every app: the languages served and the dispute categories.

They live in the base app because mediators (specialisations) and cases (disputes) both
use them, and dependencies point one way: centers <- mediators <- cases.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class DisputeCategory(models.TextChoices):
    LABOUR = "labour", _("Labour")
    FAMILY = "family", _("Family")
    HOUSING = "housing", _("Housing")
    CONSUMER = "consumer", _("Consumer")
    PROPERTY = "property", _("Property")
    NEIGHBOUR = "neighbour", _("Neighbour")
    OTHER = "other", _("Other")
