"""Admin for disputes. Status changes only through workflow actions."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from centers.admin import ScopedAdmin, ScopedChoices

from .. import access, workflow
from ..errors import CaseError
from ..models import (
    Attachment,
    CaseEvent,
    Dispute,
    Hearing,
    Party,
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
