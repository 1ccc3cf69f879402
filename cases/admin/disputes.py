"""Admin for disputes. Status changes only through workflow actions."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centers.admin import ScopedHistoryAdmin, ScopedStackedInline, ScopedTabularInline

from .. import access, workflow
from ..errors import CaseError
from ..models import (
    Attachment,
    CaseEvent,
    Dispute,
    Hearing,
    Party,
)
from .hearings import HEARING_SERVICE_FIELDS
from .records import PARTY_SERVICE_FIELDS, download_link

# What intake and the workflow's steps write on a dispute; the admin only shows them.
DISPUTE_SERVICE_FIELDS = [
    "number", "status", "mediator", "filed_by", "submitted_at", "accepted_at", "deadline", "deadline_extension_reason",
    "closed_at", "mediable_confirmed", "outcome_note", "rejection_reason",
]  # fmt: skip


class PartyInline(ScopedStackedInline):
    model = Party
    extra = 0
    service_owned_fields = [name for name in PARTY_SERVICE_FIELDS if name != "dispute"]  # the page's own
    service_created = True


class HearingInline(ScopedTabularInline):
    model = Hearing
    choice_scopes = {"mediator": access.mediators_for, "room": access.rooms_for}
    extra = 0
    fields = ["start", "end", "mediator", "room", "online_url", "status"]
    service_owned_fields = HEARING_SERVICE_FIELDS


class AttachmentInline(ScopedTabularInline):
    """The case's files with their download links; a file is added, and shared, on the
    attachment page, through the upload checks and the services that write the timeline."""

    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "shared_with_parties", "uploaded_at", "download"]
    readonly_fields = fields
    read_only = True
    download = staticmethod(download_link)


class CaseEventInline(ScopedTabularInline):
    model = CaseEvent
    extra = 0
    fields = ["created_at", "action", "actor", "actor_role", "is_public", "data"]
    readonly_fields = fields
    read_only = True


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
class DisputeAdmin(ScopedHistoryAdmin):
    scope = staticmethod(access.disputes_for)
    choice_scopes = {"center": access.centers_for}
    list_display = ["number", "summary", "category", "center", "status", "mediator", "submitted_at", "deadline"]
    list_filter = ["status", "category", "language", "center__region"]
    list_select_related = ["center", "mediator"]
    search_fields = ["number", "summary"]
    date_hierarchy = "submitted_at"
    service_owned_fields = DISPUTE_SERVICE_FIELDS
    # A dispute is born only through the intake service: it gives the number, the access
    # code, the parties' consent and the first event in one transaction.
    service_created = True
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

    def get_actions(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        actions = super().get_actions(request)
        if not access.may_write(request.user):
            actions.clear()
        return actions
