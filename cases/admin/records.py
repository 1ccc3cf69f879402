"""Admin for the records around a dispute: parties, files, events, messages, agreements, feedback."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from centers.admin import ScopedAdmin

from .. import access
from ..models import (
    Attachment,
    CaseEvent,
    Feedback,
    Hearing,
    Notification,
    NumberSequence,
    Party,
    SettlementAgreement,
)


class ByDisputeAdmin(ScopedAdmin):
    choice_scopes = {"dispute": access.disputes_for}
    list_select_related = ["dispute"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).filter(dispute__in=access.disputes_for(request.user))


@admin.register(Party)
class PartyAdmin(ByDisputeAdmin, SimpleHistoryAdmin):
    list_display = ["dispute", "role", "kind", "name", "language", "response"]
    list_filter = ["role", "kind", "response", "language"]
    search_fields = ["dispute__number", "name", "email"]
    readonly_fields = ["consent_at", "consent_version", "invited_at", "responded_at"]


@admin.register(Attachment)
class AttachmentAdmin(ByDisputeAdmin):
    list_display = ["original_name", "dispute", "content_type", "size", "shared_with_parties", "uploaded_at"]
    list_filter = ["content_type", "shared_with_parties"]
    search_fields = ["dispute__number", "original_name"]
    readonly_fields = ["file", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(CaseEvent)
class CaseEventAdmin(ByDisputeAdmin):
    list_display = ["created_at", "dispute", "action", "actor", "actor_role", "is_public"]
    list_filter = ["action", "is_public"]
    list_select_related = ["dispute", "actor"]
    search_fields = ["dispute__number", "action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the timeline is an audit trail: entries come from the services only

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # the timeline is an audit trail

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


def _parties_for(user):  # type: ignore[no-untyped-def]
    return Party.objects.filter(dispute__in=access.disputes_for(user))


def _hearings_for(user):  # type: ignore[no-untyped-def]
    return Hearing.objects.filter(dispute__in=access.disputes_for(user))


@admin.register(Notification)
class NotificationAdmin(ByDisputeAdmin):
    choice_scopes = {"dispute": access.disputes_for, "party": _parties_for, "hearing": _hearings_for}
    list_display = ["created_at", "dispute", "kind", "channel", "language", "state", "due_at", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind", "language"]
    search_fields = ["dispute__number", "kind"]
    readonly_fields = ["recipient", "context", "dedupe_key", "claimed_until", "attempts", "sent_at", "last_error"]
    date_hierarchy = "created_at"


@admin.register(SettlementAgreement)
class SettlementAgreementAdmin(ByDisputeAdmin):
    list_display = ["dispute", "signed_on", "created_at"]
    search_fields = ["dispute__number"]
    raw_id_fields = ["document"]
    readonly_fields = ["created_by"]  # set by the service; a picker would list every account


@admin.register(Feedback)
class FeedbackAdmin(ByDisputeAdmin):
    choice_scopes = {"dispute": access.disputes_for, "party": _parties_for}
    list_display = ["dispute", "party", "rating", "would_recommend", "created_at"]
    list_filter = ["rating", "would_recommend"]
    list_select_related = ["dispute", "party"]
    search_fields = ["dispute__number"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]
    list_filter = ["year"]
    readonly_fields = ["prefix", "year", "last"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
