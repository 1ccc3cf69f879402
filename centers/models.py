"""Regions, trade-union associations, reconciliation centers and their hearing rooms."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Language
from .plaintext import PlainCharField
from .validators import validate_bin, validate_languages


def default_languages() -> list[str]:
    return [Language.KAZAKH, Language.RUSSIAN]


class Region(models.Model):
    """One of the 20 top-level units: 17 oblasts and 3 cities of republican significance."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region (oblast)")
        CITY = "city", _("City of republican significance")

    code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    # Three letters that begin every dispute number filed in the region: AST-2026-000123.
    prefix = models.CharField(_("case number prefix"), max_length=3, unique=True)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    administrative_center = models.CharField(_("administrative center"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["region", "city"]), name="region_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class TradeUnionAssociation(models.Model):
    """The FPRK territorial association of a region, which hosts its centers."""

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="association"
    )
    name = PlainCharField(_("name"), max_length=200)
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    address = PlainCharField(_("address"), max_length=300, blank=True)
    phone = PlainCharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("trade-union association")
        verbose_name_plural = _("trade-union associations")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name


class Center(models.Model):
    """A reconciliation center, run by a trade-union association."""

    association = models.ForeignKey(
        TradeUnionAssociation, verbose_name=_("association"), on_delete=models.PROTECT, related_name="centers"
    )
    # Denormalised from the association: every dashboard and the intake form group by it.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="centers")
    name = PlainCharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    address = PlainCharField(_("address"), max_length=300)
    phone = PlainCharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = PlainCharField(_("working hours"), max_length=200, blank=True)
    languages = models.JSONField(_("languages served"), default=default_languages, validators=[validate_languages])
    invite_respondent_automatically = models.BooleanField(
        _("invite the respondent automatically"),
        default=False,
        help_text=_("Send the respondent's invitation as soon as a dispute is accepted for review."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="staffed_centers", blank=True
    )

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["region", "is_active"], name="center_region_active")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.association_id and self.region_id and self.association.region_id != self.region_id:
            raise ValidationError({"region": _("The center's region must be its association's region.")})

    @property
    def language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]


class Room(models.Model):
    """A hearing room of a center."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="rooms")
    name = PlainCharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=6)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="room_unique_name_per_center"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.center} — {self.name}"
