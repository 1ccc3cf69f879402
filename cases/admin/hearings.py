"""Admin for hearings."""

from django.contrib import admin

from .. import access
from ..models import Hearing
from .records import ByDisputeHistoryAdmin

# Scheduling owns a hearing's status (held, cancelled); ByDisputeAdmin keeps its dispute.
HEARING_SERVICE_FIELDS = ["status"]


@admin.register(Hearing)
class HearingAdmin(ByDisputeHistoryAdmin):
    choice_scopes = {"dispute": access.disputes_for, "mediator": access.mediators_for, "room": access.rooms_for}
    list_display = ["dispute", "start", "end", "mediator", "room", "status"]
    list_filter = ["status", "room__center__region"]
    list_select_related = ["dispute", "mediator", "room__center"]  # a room's name includes its center
    search_fields = ["dispute__number", "mediator__full_name"]
    date_hierarchy = "start"
    service_owned_fields = HEARING_SERVICE_FIELDS
