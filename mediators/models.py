"""The mediator roster: mediators, weekly availability, time off and training."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.choices import DisputeCategory
from centers.models import Center, default_languages
from centers.plaintext import PlainCharField
from centers.validators import validate_languages


def validate_categories(value: list[str]) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(code not in DisputeCategory.values for code in value):
        raise ValidationError(_("Specialisations must be dispute categories."), code="categories")


class Mediator(models.Model):
    """A mediator (Law "On Mediation" No. 401-IV): professional or public."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional mediator")
        PUBLIC = "public", _("Public mediator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="mediator"
    )
    center = models.ForeignKey(
        Center, verbose_name=_("home center"), on_delete=models.PROTECT, related_name="mediators"
    )
    full_name = PlainCharField(_("full name"), max_length=200)
    phone = PlainCharField(_("phone"), max_length=30, blank=True)
    languages = models.JSONField(_("languages"), default=default_languages, validators=[validate_languages])
    specialisations = models.JSONField(_("specialisations"), default=list, blank=True, validators=[validate_categories])
    kind = models.CharField(_("status"), max_length=12, choices=Kind.choices, default=Kind.PROFESSIONAL)
    certificate_number = PlainCharField(_("certificate number"), max_length=50, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    register_entry = PlainCharField(
        _("register entry"),
        max_length=50,
        blank=True,
        help_text=_("Number in the register of professional mediators, or of public mediators."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("case capacity"), default=10, help_text=_("Open cases this mediator can carry at once.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["center", "is_active"], name="mediator_center_active")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["professional", "public"]), name="mediator_kind_valid"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mediator_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Availability(models.Model):
    """A weekly window in which a mediator can hold hearings (local time)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["mediator", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="availability_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class TimeOff(models.Model):
    """A period when a mediator takes no hearings."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.CASCADE, related_name="time_off"
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = PlainCharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        ordering = ["mediator", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="time_off_end_after_start")]

    def __str__(self) -> str:
        return f"{self.mediator}: {self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


class TrainingRecord(models.Model):
    """A course a mediator completed (the general course is at least 72 academic hours)."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.CASCADE, related_name="training"
    )
    course = PlainCharField(_("course"), max_length=200)
    provider = PlainCharField(_("provider"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    completed_on = models.DateField(_("completed on"))
    certificate_number = PlainCharField(_("certificate number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["mediator", "-completed_on"]
        constraints = [models.CheckConstraint(condition=Q(hours__gte=1), name="training_hours_positive")]

    def __str__(self) -> str:
        return f"{self.course} ({self.hours} h)"
