"""One instance of the intake form, across all the times it is sent: its token and the files it keeps.

The page carries a signed one-time token. Its digest is stored with the dispute it files
(Dispute.intake_token, unique), so a double click or four parallel posts of the same form
file one dispute; and files that passed their checks on a post that was sent back for
corrections are kept against it (KeptUpload), so the person does not attach them again.

Kept files are bounded: at most ATTACHMENT_MAX_FILES per form (the same limit as a
dispute), each already checked against ATTACHMENT_MAX_BYTES, and kept for KEEP_FOR at most
(cases.tasks removes older ones every hour). Every post that can keep files counts against
INTAKE_POST_RATE_LIMIT, so one address can keep only so much.
"""

import hashlib
import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from .attachments import remove_files
from .models import Dispute, KeptUpload
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)

SALT = "cases.intake-form"
# How long files kept for a form live. The token itself does not expire: a form left open
# for days and then sent twice still files once.
KEEP_FOR = timedelta(hours=24)


def new_token() -> str:
    """A signed one-time token for a new instance of the intake form."""
    return signing.dumps(secrets.token_urlsafe(18), salt=SALT, compress=False)


def digest(token: str) -> str | None:
    """The stored form of a token the page sent back, or None when it is not one of ours."""
    try:
        nonce = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(nonce, str):
        return None
    return hashlib.sha256(nonce.encode()).hexdigest()


def filed_with(token_digest: str | None) -> Dispute | None:
    """The dispute this form instance already filed, if any."""
    if not token_digest:
        return None
    return Dispute.objects.filter(intake_token=token_digest).first()


# --- Files kept between posts ------------------------------------------------------------------


def kept_files(token_digest: str | None) -> list[KeptUpload]:
    """The files kept for this form instance, oldest first; none once they expired."""
    if not token_digest:
        return []
    return list(KeptUpload.objects.filter(form_token=token_digest, created_at__gt=timezone.now() - KEEP_FOR))


def keep(*, token_digest: str, uploads: Sequence[CheckedUpload]) -> list[KeptUpload]:
    """Store files that passed their checks for this form instance; the caller keeps the count within limits."""
    kept = []
    for upload in uploads:
        row = KeptUpload(form_token=token_digest, **upload.facts)
        upload.file.seek(0)
        row.file.save(f"kept{upload.extension}", upload.file, save=False)
        try:
            row.save()
        except BaseException:
            remove_files([row.file.name])
            raise
        kept.append(row)
    return kept


def as_checked(row: KeptUpload) -> CheckedUpload:
    """A kept file in the shape submit_dispute takes (it was checked when it was uploaded)."""
    return CheckedUpload(
        file=row.file.open("rb"),
        original_name=row.original_name,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
    )


def discard(rows: Iterable[KeptUpload]) -> None:
    """Remove kept files (filed with a dispute now, or removed by the person), rows and files alike."""
    rows = list(rows)
    if not rows:
        return
    names = [row.file.name for row in rows]
    KeptUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    # The files go only once the rows' removal is committed.
    transaction.on_commit(lambda: remove_files(names))


def remove_expired() -> int:
    """Remove files kept longer than KEEP_FOR; how many. Run every hour by a beat task."""
    expired = list(KeptUpload.objects.filter(created_at__lte=timezone.now() - KEEP_FOR)[:1000])
    discard(expired)
    if expired:
        logger.info("removed %s expired kept intake file(s)", len(expired))
    return len(expired)
