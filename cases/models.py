"""Disputes and everything that happens to them.

Status changes go through cases.workflow only; these models keep data, constraints and
small derived properties.
"""

import hashlib
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from centers.choices import DisputeCategory, Language
from centers.models import Center, Room
from centers.plaintext import PlainCharField, PlainTextField
from centers.validators import mask_identifier
from mediators.models import Mediator


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    AWAITING_RESPONDENT = "awaiting_respondent", _("Awaiting the respondent")
    SCHEDULING = "scheduling", _("Scheduling")
    IN_MEDIATION = "in_mediation", _("In mediation")
    SETTLED = "settled", _("Settled")
    NOT_SETTLED = "not_settled", _("Not settled")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined by the respondent")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.AWAITING_RESPONDENT,
    Status.SCHEDULING,
    Status.IN_MEDIATION,
)


# Access codes are typed by hand from a receipt, an e-mail or an SMS: twelve characters in
# three groups of four ("K7Q2-M9XR-T4HP"), from an alphabet without 0/O and 1/I/L.
#
# Strength, sized to the rate limits of the pages that take a code: /track/ allows
# TRACKING_RATE_LIMIT = 20 tries an hour per client address and claiming CLAIM_IP_RATE_LIMIT
# = 30, so one address gets at most 50 guesses an hour. Each guess names one case number
# and is right with probability 1 / 31**12 = 1 / 7.9e17 (59.5 bits). A botnet of 100,000
# addresses guessing for a whole year makes 50 * 24 * 365 * 100,000 = 4.4e10 guesses and
# opens any case with probability 4.4e10 / 7.9e17 = 5.6e-8, about one in 18 million.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 12
ACCESS_CODE_GROUP = 4
_ACCESS_CODE_SALT = "cases.access-code"


def format_access_code(raw: str) -> str:
    """Characters of a code in groups of four, as issued: 'K7Q2M9XRT4HP' -> 'K7Q2-M9XR-T4HP'."""
    return "-".join(raw[i : i + ACCESS_CODE_GROUP] for i in range(0, len(raw), ACCESS_CODE_GROUP))


def new_access_code() -> str:
    """A new random access code (59.5 bits: see the arithmetic above)."""
    return format_access_code("".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH)))


def hash_access_code(code: str, *, secret: str | None = None) -> str:
    """The stored form of an access code: an HMAC keyed by SECRET_KEY.

    A short code hashed without a key could be found from a copy of the database by trying
    all 7.9e17 codes; keyed, that copy alone gives nothing to try guesses against.
    """
    return salted_hmac(_ACCESS_CODE_SALT, code.strip(), secret=secret, algorithm="sha256").hexdigest()


def _legacy_hash(code: str) -> str:
    # Codes issued before 2026-12 (33 characters, 163 bits) were stored as a bare SHA-256.
    return hashlib.sha256(code.strip().encode()).hexdigest()


def access_code_matches(stored: str, code: str) -> bool:
    """Whether `code` (as issued) is the one `stored` was made from, under the current or an older key.

    Every candidate is computed and compared, so the time taken does not depend on which matched.
    """
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    candidates = [hash_access_code(code, secret=key) for key in keys] + [_legacy_hash(code)]
    results = [secrets.compare_digest(stored, candidate) for candidate in candidates]
    return any(results)


class NumberSequence(models.Model):
    """The last number given to a dispute for a prefix and year; rows are locked to hand out the next."""

    prefix = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Dispute(models.Model):
    """A dispute brought to a reconciliation center."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=12, choices=DisputeCategory.choices)
    summary = PlainCharField(_("summary"), max_length=200)
    description = PlainTextField(_("description"), max_length=10_000)
    claim_amount = models.DecimalField(_("claim amount, KZT"), max_digits=14, decimal_places=2, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="disputes")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    mediator = models.ForeignKey(
        Mediator,
        verbose_name=_("mediator"),
        on_delete=models.PROTECT,
        related_name="disputes",
        null=True,
        blank=True,
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        related_name="disputes",
        null=True,
        blank=True,
        help_text=_("The citizen account that filed or claimed the dispute."),
    )
    access_code_hash = models.CharField(max_length=64, editable=False)
    # A digest of the one-time token of the intake form that filed it: unique, so one
    # instance of the form files at most one dispute however often it is sent.
    intake_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    mediable_confirmed = models.BooleanField(
        _("may be mediated"),
        default=False,
        help_text=_("Staff confirmed no third party is affected and no party is declared incapable."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    deadline = models.DateTimeField(_("mediation deadline"), null=True, blank=True)
    deadline_extension_reason = PlainCharField(_("reason for extending the deadline"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome_note = PlainTextField(_("outcome"), blank=True)
    rejection_reason = PlainCharField(_("reason for rejection"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["access_code_hash", "intake_token", "updated_at"])

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["center", "status"], name="dispute_center_status"),
            models.Index(fields=["status", "submitted_at"], name="dispute_status_submitted"),
            # The back office lists newest first: a million rows sort on this index, not in memory.
            models.Index(fields=["-submitted_at", "-id"], name="dispute_newest_first"),
            models.Index(fields=["mediator", "status"], name="dispute_mediator_status"),
            models.Index(fields=["category", "submitted_at"], name="dispute_category_submitted"),
            models.Index(fields=["deadline"], name="dispute_deadline"),
            # The dashboard's open cases past their deadline: few rows among a million closed ones.
            models.Index(fields=["deadline"], condition=Q(status__in=OPEN_STATUSES), name="dispute_open_deadline"),
            # Hearings and messages of a selection (center, category, language) are joined to
            # their disputes through this index alone, without reading the wide dispute rows.
            models.Index(fields=["id"], include=["center", "category", "language"], name="dispute_selection"),
            models.Index(fields=["filed_by"], name="dispute_filed_by"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="dispute_status_valid"),
            models.CheckConstraint(condition=Q(category__in=DisputeCategory.values), name="dispute_category_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="dispute_language_valid"),
            models.CheckConstraint(
                condition=Q(claim_amount__isnull=True) | Q(claim_amount__gte=0), name="dispute_claim_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("submitted_at")),
                name="dispute_closed_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()

    def check_access_code(self, code: str) -> bool:
        """Whether `code`, written as issued, opens this dispute."""
        return access_code_matches(self.access_code_hash, code)


class Party(models.Model):
    """The applicant or the respondent of a dispute: a person (IIN) or an organisation (BIN)."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        ORGANISATION = "organisation", _("Organisation")

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        AGREED = "agreed", _("Agreed to mediation")
        DECLINED = "declined", _("Declined mediation")

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    name = PlainCharField(_("full name or organisation name"), max_length=200)
    identifier = models.CharField(_("IIN or BIN"), max_length=12, blank=True)
    representative = PlainCharField(
        _("representative"), max_length=200, blank=True, help_text=_("Name and power of attorney, if any.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="KZ")
    address = PlainCharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=10, choices=Response.choices, default=Response.PENDING)
    response_reason = PlainCharField(_("reason given"), max_length=1000, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dispute", "role", "pk"]
        indexes = [models.Index(fields=["dispute", "role"], name="party_dispute_role")]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["applicant", "respondent"]), name="party_role_valid"),
            models.CheckConstraint(condition=Q(kind__in=["individual", "organisation"]), name="party_kind_valid"),
            models.CheckConstraint(
                condition=Q(response__in=["pending", "agreed", "declined"]), name="party_response_valid"
            ),
            models.CheckConstraint(
                condition=Q(identifier="") | Q(identifier__regex=r"^[0-9]{12}$"), name="party_identifier_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def masked_identifier(self) -> str:
        return mask_identifier(self.identifier)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is ours: the uploader's name is kept only as data, never as a path.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class CheckedFile(models.Model):
    """What cases.uploads learnt about a file that passed its checks; the file itself is the subclass's."""

    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Attachment(CheckedFile):
    """A file in a case; stored outside the web root and served only to those allowed."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    shared_with_parties = models.BooleanField(
        _("shared with the parties"), default=False, help_text=_("Parties can download it when tracking the case.")
    )
    from_applicant = models.BooleanField(
        _("given by the applicant"),
        default=False,
        editable=False,
        help_text=_("Attached to the dispute when it was filed; the applicant sees it when tracking the case."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["dispute", "uploaded_at"]


def kept_upload_path(instance: "KeptUpload", filename: str) -> str:
    return f"kept/{timezone.now():%Y/%m/%d}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class KeptUpload(CheckedFile):
    """A file that passed its checks on an intake form that was sent back for corrections.

    Kept against the form's one-time token (a digest of it) until the form is filed, the
    person removes it, or it expires (cases.submissions); never part of a dispute by itself.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form_token = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to=kept_upload_path, max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("file kept for an unfinished form")
        verbose_name_plural = _("files kept for unfinished forms")
        ordering = ["created_at", "pk"]


class CaseEvent(models.Model):
    """One entry of a dispute's timeline: what happened, who did it, with a little data."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who acted when no user did: "applicant", "respondent", "system".
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown to the parties"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["dispute", "created_at"], name="event_dispute_time"),
            models.Index(fields=["action", "created_at"], name="event_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.action}"


class Hearing(models.Model):
    """A mediation session, in a room of the center or online."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="hearings")
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="hearings"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="hearings", null=True, blank=True
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = PlainTextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["mediator", "start"], name="hearing_mediator_start"),
            models.Index(fields=["room", "start"], name="hearing_room_start"),
            models.Index(fields=["status", "start"], name="hearing_status_start"),
            # The dashboard counts this week's hearings of a selection from the index alone.
            models.Index(fields=["start"], include=["dispute", "status"], name="hearing_start_dispute"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="hearing_end_after_start"),
            models.CheckConstraint(condition=Q(room__isnull=False) | ~Q(online_url=""), name="hearing_has_place"),
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "held", "cancelled"]), name="hearing_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispute} {self.start:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """The outbox: one row per message to send. The rows are the truth; workers only deliver them."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    dispute = models.ForeignKey(
        Dispute,
        verbose_name=_("dispute"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    hearing = models.ForeignKey(
        Hearing,
        verbose_name=_("hearing"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("message"), max_length=40)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # Values the message needs that are not in the database; a secret among them (an access
    # code shown once) is sealed (cases.sealing) and removed once the row is no longer pending.
    context = models.JSONField(default=dict, blank=True)
    # Guards against queuing the same message twice (e.g. one reminder per hearing and time).
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "due_at"], name="notification_state_due")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=["email", "sms"]), name="notification_channel_valid"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "failed", "cancelled"]), name="notification_state_valid"
            ),
            # A secret (cases.notifications.SECRET_CONTEXT_KEYS) leaves the row with its last attempt.
            models.CheckConstraint(
                condition=Q(state="pending") | ~Q(context__has_key="access_code"),
                name="notification_secret_only_while_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.channel}"


class SettlementAgreement(models.Model):
    """The written agreement on the results of a successful mediation."""

    dispute = models.OneToOneField(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="settlement"
    )
    terms = PlainTextField(_("terms"))
    signed_on = models.DateField(_("signed on"))
    document = models.ForeignKey(
        Attachment,
        verbose_name=_("signed document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement agreement")
        verbose_name_plural = _("settlement agreements")

    def __str__(self) -> str:
        return f"{self.dispute} ({self.signed_on})"


class Feedback(models.Model):
    """A party's short survey answer after the case closed."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="feedback")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), help_text=_("From 1 (poor) to 5 (excellent)."))
    would_recommend = models.BooleanField(_("would recommend"), null=True, blank=True)
    comment = PlainTextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "party"], name="feedback_once_per_party"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.rating}"
