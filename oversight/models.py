"""The dashboard's summary tables: disputes counted by filing month, center, category and language.

Rows with an empty (NULL) category or language are roll-ups over every category or
language: a selection with no such filter reads them, and only them.

The figures of a period come from these tables, not from a million dispute rows: they hold
a few rows per center and month, and Celery beat rebuilds them every few minutes
(oversight.summary). Nothing but that rebuild writes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from mediators.models import Mediator


class Cell(models.Model):
    """The month disputes were filed in, their center, category and language (NULL: all of them)."""

    month = models.DateField(_("month filed"))
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=12, null=True)
    language = models.CharField(max_length=2, null=True)

    class Meta:
        abstract = True


class CohortTally(Cell):
    """Disputes filed in one month at one center, of one category and language, now in one status."""

    status = models.CharField(max_length=20)
    disputes = models.PositiveIntegerField()
    # Sum of whole days from filing to closure, over the closed ones (for the mean).
    days_total = models.PositiveBigIntegerField(db_default=0)
    feedback_count = models.PositiveIntegerField(db_default=0)
    feedback_total = models.PositiveIntegerField(db_default=0)

    class Meta:
        verbose_name = _("dispute tally")
        verbose_name_plural = _("dispute tallies")
        indexes = [models.Index(fields=["language", "category", "month"], name="cohort_slice")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.center_id} {self.category} {self.language} {self.status}: {self.disputes}"


class ClosureTally(Cell):
    """Closed disputes of one month, center, category and language that took `days` whole days.

    A histogram: the median and 90th percentile of any selection are read from it exactly.
    """

    days = models.PositiveIntegerField()
    disputes = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("closure tally")
        verbose_name_plural = _("closure tallies")
        indexes = [models.Index(fields=["language", "category", "month"], name="closure_slice")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.center_id} {self.category} {self.language} {self.days} d: {self.disputes}"


class MediatorTally(models.Model):
    """Disputes of one mediator, filed in one month, now settled or not settled."""

    month = models.DateField(_("month filed"))
    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    disputes = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("mediator tally")
        verbose_name_plural = _("mediator tallies")
        indexes = [models.Index(fields=["mediator", "month"], name="mediator_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.mediator_id} {self.status}: {self.disputes}"


class TallyRefresh(models.Model):
    """When the summary tables were last rebuilt, and how long it took (one row, rewritten by each rebuild)."""

    finished_at = models.DateTimeField(_("refreshed at"))
    seconds = models.FloatField(_("seconds taken"))

    class Meta:
        verbose_name = _("summary refresh")
        verbose_name_plural = _("summary refreshes")
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} ({self.seconds:.1f} s)"
