"""Admin for the mediator roster."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from centers.access import centers_for
from centers.admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from centers.choices import DisputeCategory, Language

from .access import mediators_for
from .models import Availability, Mediator, TimeOff, TrainingRecord


class AvailabilityInline(ScopedTabularInline):
    model = Availability
    extra = 0


class TimeOffInline(ScopedTabularInline):
    model = TimeOff
    extra = 0


class TrainingInline(ScopedTabularInline):
    model = TrainingRecord
    extra = 0


class MediatorForm(forms.ModelForm):
    """Languages and specialisations are picked from their lists, not typed as JSON: an empty
    set of boxes is an empty list (a blank JSON box would be NULL, which the column refuses)."""

    languages = forms.MultipleChoiceField(
        label=Mediator._meta.get_field("languages").verbose_name,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    specialisations = forms.MultipleChoiceField(
        label=Mediator._meta.get_field("specialisations").verbose_name,
        choices=DisputeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Mediator
        fields = "__all__"  # noqa: DJ007 - which fields is the admin's to say; this form, how two are picked


@admin.register(Mediator)
class MediatorAdmin(ScopedHistoryAdmin):
    form = MediatorForm
    scope = staticmethod(mediators_for)
    choice_scopes = {"center": centers_for}
    list_display = ["full_name", "center", "kind", "certificate_number", "capacity", "is_active"]
    list_filter = ["is_active", "kind", "center__region"]
    list_select_related = ["center"]
    search_fields = ["full_name", "certificate_number", "register_entry", "user__email"]
    raw_id_fields = ["user"]
    inlines = [AvailabilityInline, TimeOffInline, TrainingInline]
    # The account a mediator signs in with: a picker would list every account of the portal.
    operator_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A mediator cannot exist without an account, and only the operator links one.
        return request.user.is_superuser and super().has_add_permission(request)


class _ByMediatorAdmin(ScopedAdmin):
    choice_scopes = {"mediator": mediators_for}
    list_select_related = ["mediator"]
    search_fields = ["mediator__full_name"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).filter(mediator__in=mediators_for(request.user))


@admin.register(Availability)
class AvailabilityAdmin(_ByMediatorAdmin):
    list_display = ["mediator", "weekday", "start_time", "end_time"]
    list_filter = ["weekday"]


@admin.register(TimeOff)
class TimeOffAdmin(_ByMediatorAdmin):
    list_display = ["mediator", "start", "end", "reason"]
    date_hierarchy = "start"


@admin.register(TrainingRecord)
class TrainingRecordAdmin(_ByMediatorAdmin):
    list_display = ["mediator", "course", "hours", "completed_on", "certificate_number"]
    search_fields = ["mediator__full_name", "course", "certificate_number"]
