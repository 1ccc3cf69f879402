"""Admin for the records around a dispute: parties, files, events, messages, agreements, feedback."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from centers.admin import ScopedAdmin, ScopedHistoryAdmin

from .. import access, attachments, uploads
from ..models import (
    Attachment,
    CaseEvent,
    Feedback,
    Notification,
    NumberSequence,
    Party,
    SettlementAgreement,
)
from ..views.files import attachment_response

# What intake, the respondent's answer and the workflow write on a party; the dispute a
# row belongs to never changes by hand either.
PARTY_SERVICE_FIELDS = [
    "dispute", "role", "consent_at", "consent_version", "invited_at", "response", "response_reason", "responded_at",
]  # fmt: skip


class ByDisputeAdmin(ScopedAdmin):
    """Rows of a dispute: seen by those who see the dispute; the link to it is set once."""

    list_select_related = ["dispute"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        queryset = super().get_queryset(request)
        if access.sees_everything(request.user):
            return queryset  # rows of no dispute too (the operator watches the outbox)
        return queryset.filter(dispute__in=access.disputes_for(request.user))

    def get_readonly_fields(self, request: HttpRequest, obj=None):  # type: ignore[no-untyped-def]
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "dispute" not in readonly:
            readonly.append("dispute")
        return readonly


class ByDisputeHistoryAdmin(ByDisputeAdmin, ScopedHistoryAdmin):
    pass


@admin.register(Party)
class PartyAdmin(ByDisputeHistoryAdmin):
    list_display = ["dispute", "role", "kind", "name", "language", "response"]
    list_filter = ["role", "kind", "response", "language"]
    search_fields = ["dispute__number", "name", "email"]
    service_owned_fields = PARTY_SERVICE_FIELDS
    service_created = True  # intake writes both parties, with the applicant's consent


@admin.display(description=_("file"))
def download_link(attachment: Attachment) -> str:
    """The admin's link to a case file: the download view, never the storage."""
    url = reverse("admin:cases_attachment_download", args=[attachment.pk])
    return format_html('<a href="{}">{}</a>', url, _("Download"))


class AttachmentUploadForm(forms.ModelForm):
    """A file added in the back office, through the same checks as a citizen's (content, size, virus scan)."""

    upload = forms.FileField(
        label=_("file"), widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})
    )

    class Meta:
        model = Attachment
        fields = ["dispute", "shared_with_parties"]

    def clean_upload(self) -> uploads.CheckedUpload:
        return uploads.check_upload(self.cleaned_data["upload"])


@admin.register(Attachment)
class AttachmentAdmin(ByDisputeAdmin):
    list_display = [
        "original_name",
        "dispute",
        "content_type",
        "size",
        "shared_with_parties",
        "uploaded_at",
        "download",
    ]
    list_filter = ["content_type", "shared_with_parties"]
    search_fields = ["dispute__number", "original_name"]
    # What the upload service learnt from the file; `file` itself is reached only through
    # the download view, which checks access and writes the download to the timeline.
    exclude = ["file"]
    service_owned_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "download"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        if obj is None:
            kwargs["form"] = AttachmentUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return ["dispute", "upload", "shared_with_parties"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return []  # the upload form: nothing to show yet
        return super().get_readonly_fields(request, obj)

    def save_form(self, request, form, change):  # type: ignore[no-untyped-def]
        if change:
            return super().save_form(request, form, change)
        return attachments.add_attachment(
            dispute=form.cleaned_data["dispute"],
            upload=form.cleaned_data["upload"],
            by=request.user,
            shared=form.cleaned_data["shared_with_parties"],
        )

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change and "shared_with_parties" in form.changed_data:
            attachments.share_attachment(attachment=obj, shared=obj.shared_with_parties, by=request.user)
        # A new file was stored by add_attachment in save_form; nothing else is editable.

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        if change:
            super().save_related(request, form, formsets, change)

    download = staticmethod(download_link)

    def get_urls(self):  # type: ignore[no-untyped-def]
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="cases_attachment_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, object_id: str) -> FileResponse:
        """The file of a case, for those who may see the case; each download is on its timeline."""
        if request.method not in ("GET", "HEAD") or not self.has_view_permission(request):
            raise PermissionDenied
        attachment = self.get_object(request, unquote(object_id))
        if attachment is None:
            raise Http404
        try:
            handle = attachments.open_for_download(attachment=attachment, by=request.user)
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        return attachment_response(attachment, handle)


@admin.register(CaseEvent)
class CaseEventAdmin(ByDisputeAdmin):
    list_display = ["created_at", "dispute", "action", "actor", "actor_role", "is_public"]
    list_filter = ["action", "is_public"]
    list_select_related = ["dispute", "actor"]
    search_fields = ["dispute__number", "action"]
    date_hierarchy = "created_at"
    read_only = True  # the timeline is an audit trail: entries come from the services only


@admin.register(Notification)
class NotificationAdmin(ByDisputeAdmin):
    list_display = ["created_at", "dispute", "kind", "channel", "language", "state", "due_at", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind", "language"]
    search_fields = ["dispute__number", "kind"]
    date_hierarchy = "created_at"
    # The outbox is written by the services and emptied by the workers. A row's context
    # holds what the message needs and the database does not (an access code): never shown.
    exclude = ["context"]
    read_only = True


@admin.register(SettlementAgreement)
class SettlementAgreementAdmin(ByDisputeAdmin):
    list_display = ["dispute", "signed_on", "created_at"]
    search_fields = ["dispute__number"]
    service_owned_fields = ["created_by"]
    service_created = True  # the settle step writes it, with the dispute's status and event

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change=change, **kwargs)
        if "document" in form.base_fields:
            # The signed document is a file of the same case, never one of another.
            visible = form.base_fields["document"].queryset
            form.base_fields["document"].queryset = visible.filter(dispute_id=obj.dispute_id if obj else None)
        return form


@admin.register(Feedback)
class FeedbackAdmin(ByDisputeAdmin):
    list_display = ["dispute", "party", "rating", "would_recommend", "created_at"]
    list_filter = ["rating", "would_recommend"]
    list_select_related = ["dispute", "party"]
    search_fields = ["dispute__number"]
    read_only = True  # the parties' own words and ratings, kept as they gave them


@admin.register(NumberSequence)
class NumberSequenceAdmin(ScopedAdmin):
    """The counters behind case numbers: for the operator's eyes only, changed only by numbering."""

    list_display = ["prefix", "year", "last"]
    list_filter = ["year"]
    read_only = True

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return request.user.is_superuser

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser
