"""Admin for the mediator roster."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from centers.access import centers_for
from centers.admin import ScopedAdmin

from .access import mediators_for
from .models import Availability, Mediator, TimeOff, TrainingRecord


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(Mediator)
class MediatorAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(mediators_for)
    choice_scopes = {"center": centers_for}
    list_display = ["full_name", "center", "kind", "certificate_number", "capacity", "is_active"]
    list_filter = ["is_active", "kind", "center__region"]
    list_select_related = ["center"]
    search_fields = ["full_name", "certificate_number", "register_entry", "user__email"]
    raw_id_fields = ["user"]
    inlines = [AvailabilityInline, TimeOffInline, TrainingInline]


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
