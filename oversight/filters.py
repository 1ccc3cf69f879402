"""The dashboard's filters: read from the URL (GET), so a view of the figures can be shared.

Every choice is scoped to what the user may see: center staff are offered their own
centers, regions and associations only. A value that is not a valid choice is reported
and ignored, never an error page; the scope applies whatever the URL says.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.access import AnyUser, centers_for, disputes_for
from cases.models import Dispute
from centers.choices import DisputeCategory, Language
from centers.models import Center, Region, TradeUnionAssociation

LOCAL = ZoneInfo(settings.TIME_ZONE)
DEFAULT_MONTHS = 12  # the period shown when none is chosen: this month and the eleven before
EARLIEST = date(2000, 1, 1)  # no dispute was filed before the centers opened in 2019


def month_start(day: date, months_later: int = 0) -> date:
    serial = day.year * 12 + day.month - 1 + months_later
    return date(serial // 12, serial % 12 + 1, 1)


class MonthField(forms.DateField):
    """A month written YYYY-MM (what <input type="month"> sends), as the date of its first day."""

    input_formats = ["%Y-%m"]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
        super().__init__(**kwargs)

    def to_python(self, value: object) -> date | None:
        day = super().to_python(value)
        if day is not None and not EARLIEST <= day <= date(9000, 1, 1):
            raise forms.ValidationError(_("Choose a month between 2000 and today."), code="month")
        return day


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs: QuerySet, value: date | None) -> QuerySet:
        return qs  # the period is applied by Selection, to disputes and to the summary alike


def _regions(request: HttpRequest | None) -> QuerySet[Region]:
    centers = centers_for(request.user if request else None)  # type: ignore[arg-type]
    return Region.objects.filter(centers__in=centers).distinct().order_by("code")


def _associations(request: HttpRequest | None) -> QuerySet[TradeUnionAssociation]:
    centers = centers_for(request.user if request else None)  # type: ignore[arg-type]
    return TradeUnionAssociation.objects.filter(centers__in=centers).distinct().order_by("region__code")


def _centers(request: HttpRequest | None) -> QuerySet[Center]:
    return centers_for(request.user if request else None).order_by("region__code", "name")  # type: ignore[arg-type]


class DashboardFilter(django_filters.FilterSet):
    start = MonthFilter(label=_("From (month filed)"))
    end = MonthFilter(label=_("To (month filed)"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=_regions, field_name="center__region", empty_label=_("All regions")
    )
    association = django_filters.ModelChoiceFilter(
        label=_("Trade-union association"),
        queryset=_associations,
        field_name="center__association",
        empty_label=_("All associations"),
    )
    center = django_filters.ModelChoiceFilter(label=_("Center"), queryset=_centers, empty_label=_("All centers"))
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=DisputeCategory.choices, empty_label=_("All categories")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("All languages")
    )

    class Meta:
        model = Dispute
        fields = ["start", "end", "region", "association", "center", "category", "language"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-control" if isinstance(field, MonthField) else "form-select"


@dataclass(frozen=True)
class Selection:
    """What the figures are about: the disputes filed in [start, end) at `centers`, of a category and language."""

    user: AnyUser
    start: date  # first day of the first month
    end: date  # first day of the month after the last
    center_ids: tuple[int, ...]  # of centers_for(user), narrowed by the region, association and center filters
    category: str
    language: str

    @property
    def start_moment(self) -> datetime:
        return datetime.combine(self.start, time(), tzinfo=LOCAL)

    @property
    def end_moment(self) -> datetime:
        return datetime.combine(self.end, time(), tzinfo=LOCAL)

    @property
    def last_month(self) -> date:
        return month_start(self.end, -1)

    def narrow(self, queryset: QuerySet, *, center: str = "center", prefix: str = "") -> QuerySet:
        """`queryset` limited to the selection's centers, category and language (not the period)."""
        queryset = queryset.filter(**{f"{center}__in": self.center_ids})
        if self.category:
            queryset = queryset.filter(**{f"{prefix}category": self.category})
        if self.language:
            queryset = queryset.filter(**{f"{prefix}language": self.language})
        return queryset

    @property
    def centers(self) -> QuerySet[Center]:
        return Center.objects.filter(pk__in=self.center_ids)

    def tallies(self, queryset: QuerySet, *, per_category: bool = False) -> QuerySet:
        """Rows of a summary table in the period, of the selection's centers, category and language.

        Without a category or language filter the roll-up rows (NULL there) are read, unless
        the figures are wanted per category.
        """
        queryset = queryset.filter(month__gte=self.start, month__lt=self.end, center__in=self.center_ids)
        if self.category:
            queryset = queryset.filter(category=self.category)
        else:
            queryset = queryset.filter(category__isnull=not per_category)
        if self.language:
            return queryset.filter(language=self.language)
        return queryset.filter(language__isnull=True)

    def disputes(self) -> QuerySet[Dispute]:
        """The user's disputes at the selection's centers, of its category and language, whenever filed."""
        return self.narrow(disputes_for(self.user))

    def of_disputes(self, queryset: QuerySet) -> QuerySet:
        """Rows of a model that belongs to a dispute (hearings, messages) of the selection's disputes.

        Joined rather than `dispute IN (…)`: PostgreSQL then walks the hearings by time and
        stops at the first twenty instead of reading every dispute first. The centers are
        those of centers_for(user), the scope disputes_for gives center staff and officials.
        """
        return self.narrow(queryset, center="dispute__center", prefix="dispute__")

    def filed(self) -> QuerySet[Dispute]:
        """The disputes of `disputes()` filed in the period."""
        return self.disputes().filter(submitted_at__gte=self.start_moment, submitted_at__lt=self.end_moment)


def read_selection(request: HttpRequest) -> tuple[DashboardFilter, Selection]:
    """The filter form bound to the URL, and the selection its valid values describe."""
    filterset = DashboardFilter(request.GET or None, request=request, queryset=Dispute.objects.none())
    values: dict = {}
    if filterset.is_bound:
        filterset.form.is_valid()  # what is valid of an invalid URL still applies, field by field
        values = {name: value for name, value in filterset.form.cleaned_data.items() if value not in (None, "")}
    this_month = month_start(timezone.localdate())
    end = month_start(values["end"], 1) if values.get("end") else month_start(this_month, 1)
    start = values.get("start") or month_start(end, -DEFAULT_MONTHS)
    if start >= end:
        start = month_start(end, -1)
    centers = centers_for(request.user)
    for name, lookup in (("region", "region"), ("association", "association"), ("center", "pk")):
        if values.get(name):
            centers = centers.filter(**{lookup: values[name].pk})
    selection = Selection(
        user=request.user,
        start=start,
        end=end,
        # Read once: a literal list of ids lets PostgreSQL estimate every query that uses it.
        center_ids=tuple(centers.values_list("pk", flat=True)),
        category=values.get("category") or "",
        language=values.get("language") or "",
    )
    return filterset, selection
