"""Admin for disputes and their records. Status changes only through workflow actions."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from centers.admin import ScopedAdmin, ScopedChoices

from . import access, workflow
from .errors import CaseError
from .models import (
    Attachment,
    CaseEvent,
    Dispute,
    Feedback,
    Hearing,
    Notification,
    NumberSequence,
    Party,
    SettlementAgreement,
)


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    exclude = ["consent_at", "consent_version"]
    readonly_fields = ["invited_at", "response", "response_reason", "responded_at"]


class HearingInline(ScopedChoices, admin.TabularInline):
    model = Hearing
    choice_scopes = {"mediator": access.mediators_for, "room": access.rooms_for}
    extra = 0
    fields = ["start", "end", "mediator", "room", "online_url", "status"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "shared_with_parties", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "actor_role", "is_public", "data"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


def _run_for_each(modeladmin, request, queryset, step, done_message):  # type: ignore[no-untyped-def]
    done = 0
    for dispute in queryset:
        try:
            step(dispute)
            done += 1
        except CaseError as error:
            modeladmin.message_user(request, f"{dispute.number}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(Dispute)
class DisputeAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(access.disputes_for)
    choice_scopes = {"center": access.centers_for, "mediator": access.mediators_for}
    list_display = ["number", "summary", "category", "center", "status", "mediator", "submitted_at", "deadline"]
    list_filter = ["status", "category", "language", "center__region"]
    list_select_related = ["center", "mediator"]
    search_fields = ["number", "summary"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "number", "status", "submitted_at", "accepted_at", "deadline", "closed_at", "filed_by", "rejection_reason",
    ]  # fmt: skip
    inlines = [PartyInline, HearingInline, AttachmentInline, CaseEventInline]
    actions = ["accept_as_mediable", "invite_respondents"]

    @admin.action(description=_("Accept for review: may be mediated"))
    def accept_as_mediable(self, request: HttpRequest, queryset: QuerySet[Dispute]) -> None:
        _run_for_each(
            self, request, queryset,
            lambda d: workflow.accept_for_review(dispute=d, by=request.user, mediable=True),
            lambda n: ngettext("%d dispute accepted for review.", "%d disputes accepted for review.", n) % n,
        )  # fmt: skip

    @admin.action(description=_("Invite the respondent to mediation"))
    def invite_respondents(self, request: HttpRequest, queryset: QuerySet[Dispute]) -> None:
        _run_for_each(
            self, request, queryset,
            lambda d: workflow.invite_respondent(dispute=d, by=request.user),
            lambda n: ngettext("%d respondent invited.", "%d respondents invited.", n) % n,
        )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A dispute is born only through the intake service: it gives the number, the
        # access code, the parties' consent and the first event in one transaction.
        return False

    def get_actions(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        actions = super().get_actions(request)
        if not access.may_write(request.user):
            actions.clear()
        return actions


class _ByDisputeAdmin(ScopedAdmin):
    choice_scopes = {"dispute": access.disputes_for}
    list_select_related = ["dispute"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).filter(dispute__in=access.disputes_for(request.user))


@admin.register(Party)
class PartyAdmin(_ByDisputeAdmin, SimpleHistoryAdmin):
    list_display = ["dispute", "role", "kind", "name", "language", "response"]
    list_filter = ["role", "kind", "response", "language"]
    search_fields = ["dispute__number", "name", "email"]
    readonly_fields = ["consent_at", "consent_version", "invited_at", "responded_at"]


@admin.register(Hearing)
class HearingAdmin(_ByDisputeAdmin, SimpleHistoryAdmin):
    choice_scopes = {"dispute": access.disputes_for, "mediator": access.mediators_for, "room": access.rooms_for}
    list_display = ["dispute", "start", "end", "mediator", "room", "status"]
    list_filter = ["status", "room__center__region"]
    list_select_related = ["dispute", "mediator", "room__center"]  # a room's name includes its center
    search_fields = ["dispute__number", "mediator__full_name"]
    date_hierarchy = "start"


@admin.register(Attachment)
class AttachmentAdmin(_ByDisputeAdmin):
    list_display = ["original_name", "dispute", "content_type", "size", "shared_with_parties", "uploaded_at"]
    list_filter = ["content_type", "shared_with_parties"]
    search_fields = ["dispute__number", "original_name"]
    readonly_fields = ["file", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(CaseEvent)
class CaseEventAdmin(_ByDisputeAdmin):
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
class NotificationAdmin(_ByDisputeAdmin):
    choice_scopes = {"dispute": access.disputes_for, "party": _parties_for, "hearing": _hearings_for}
    list_display = ["created_at", "dispute", "kind", "channel", "language", "state", "due_at", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind", "language"]
    search_fields = ["dispute__number", "kind"]
    readonly_fields = ["recipient", "context", "dedupe_key", "claimed_until", "attempts", "sent_at", "last_error"]
    date_hierarchy = "created_at"


@admin.register(SettlementAgreement)
class SettlementAgreementAdmin(_ByDisputeAdmin):
    list_display = ["dispute", "signed_on", "created_at"]
    search_fields = ["dispute__number"]
    raw_id_fields = ["document"]
    readonly_fields = ["created_by"]  # set by the service; a picker would list every account


@admin.register(Feedback)
class FeedbackAdmin(_ByDisputeAdmin):
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
