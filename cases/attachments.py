"""Files of a case: stored under names of ours, added, shared and downloaded through services.

Every file reaches a case through `cases.uploads.check_upload` (content, size, virus
scan), whoever sends it; the back office's uploads, downloads and sharing are each
written to the case's timeline.
"""

import logging
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from centers.access import is_center_staff, is_mediator, is_oversight

from .events import Action, record_event
from .models import Attachment, Dispute, attachment_path
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)


def store_attachment(
    *,
    dispute: Dispute,
    upload: CheckedUpload,
    by: AbstractBaseUser | None,
    written: list[str],
    shared: bool = False,
    from_applicant: bool = False,
) -> Attachment:
    """Write one checked file under a server-chosen name and its row; `written` collects the
    paths to remove should the surrounding transaction fail. `from_applicant`: filed with the dispute."""
    attachment = Attachment(
        dispute=dispute, shared_with_parties=shared, uploaded_by=by, from_applicant=from_applicant, **upload.facts
    )
    name = attachment_path(attachment, f"upload{upload.extension}")
    # Recorded before the write: a write that fails half-way may leave a partial file.
    written.append(name)
    stored = default_storage.save(name, upload.file)
    if stored != name:
        written.append(stored)
    attachment.file.name = stored
    attachment.save()
    return attachment


def remove_files(names: Iterable[str]) -> None:
    """Delete stored files (written by a failed transaction, or kept no longer); a failure is logged, not raised."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("could not remove a stored file")


def _actor_role(user: AbstractBaseUser) -> str:
    if is_center_staff(user) or user.is_superuser:
        return "staff"
    if is_mediator(user):
        return "mediator"
    return "oversight" if is_oversight(user) else "staff"


def add_attachment(
    *, dispute: Dispute, upload: CheckedUpload, by: AbstractBaseUser, shared: bool = False
) -> Attachment:
    """A back-office user adds a checked file to a case; the upload (and the sharing) is on the timeline."""
    if not isinstance(upload, CheckedUpload):
        raise TypeError("upload must be checked with cases.uploads.check_upload first")
    written: list[str] = []
    try:
        with transaction.atomic():
            attachment = store_attachment(dispute=dispute, upload=upload, by=by, written=written, shared=shared)
            record_event(
                dispute=dispute,
                action=Action.DOCUMENT_UPLOADED,
                by=by,
                actor_role=_actor_role(by),
                data={"attachment": attachment.pk, "content_type": upload.content_type, "size": upload.size},
            )
            if shared:
                record_event(
                    dispute=dispute,
                    action=Action.DOCUMENT_SHARED,
                    by=by,
                    data={"attachment": attachment.pk},
                    public=True,
                )
    except BaseException:
        remove_files(written)
        raise
    logger.info("attachment %s added to dispute %s", attachment.pk, dispute.pk)
    return attachment


def share_attachment(*, attachment: Attachment, shared: bool, by: AbstractBaseUser) -> Attachment:
    """Let the parties download a file when they track the case, or stop; each change is on the timeline."""
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().select_related("dispute").get(pk=attachment.pk)
        if attachment.shared_with_parties == shared:
            return attachment
        attachment.shared_with_parties = shared
        attachment.save(update_fields=["shared_with_parties"])
        record_event(
            dispute=attachment.dispute,
            action=Action.DOCUMENT_SHARED if shared else Action.DOCUMENT_UNSHARED,
            by=by,
            data={"attachment": attachment.pk},
            public=shared,
        )
    return attachment


def open_for_download(*, attachment: Attachment, by: AbstractBaseUser) -> File:
    """Open a case file for a back-office user who may see it; the download is on the timeline.

    FileNotFoundError when the file is missing from storage (nothing is recorded then).
    """
    handle = attachment.file.open("rb")
    record_event(
        dispute=attachment.dispute,
        action=Action.DOCUMENT_DOWNLOADED,
        by=by,
        actor_role=_actor_role(by),
        data={"attachment": attachment.pk},
    )
    return handle
