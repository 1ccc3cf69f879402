"""Filing a dispute: the rules a submission must meet and the one service that records it."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.choices import Language
from centers.contacts import mask_email, mask_phone
from centers.validators import validate_bin, validate_iin

from . import notifications
from .attachments import remove_files, store_attachment
from .errors import CaseError
from .events import Action, record_event
from .models import Dispute, Party, hash_access_code, new_access_code
from .numbering import next_dispute_number
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)


class AlreadyFiled(CaseError):
    """This instance of the intake form has already filed a dispute: `dispute`."""

    def __init__(self, dispute: Dispute) -> None:
        super().__init__(_("This form has already been sent: the dispute is filed."), code="already_filed")
        self.dispute = dispute


PARTY_FIELDS = ("kind", "name", "identifier", "email", "phone", "address", "language")
DISPUTE_FIELDS = ("category", "center", "summary", "description", "claim_amount", "language")


PHONE_INVALID = _("Enter a valid phone number, e.g. +7 (701) 234-56-78.")


def validate_kazakh_phone(value: Any) -> None:
    """A valid number of Kazakhstan's plan: +7 is shared with Russia, so the region must be KZ."""
    if not isinstance(value, phonenumbers.PhoneNumber):
        try:
            value = phonenumbers.parse(str(value), "KZ")
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(PHONE_INVALID, code="phone") from exc
    if not phonenumbers.is_valid_number(value):
        raise ValidationError(PHONE_INVALID, code="phone")
    if phonenumbers.region_code_for_number(value) != "KZ":
        raise ValidationError(
            _("Enter a phone number of Kazakhstan (+7 6xx or +7 7xx); numbers of other countries are not accepted."),
            code="phone_not_kz",
        )


def validate_party(*, role: str, data: Mapping[str, Any]) -> None:
    """The cross-field rules of a party; ValidationError keyed by field.

    The applicant gives an IIN or BIN and an e-mail or phone (the access code must reach
    them); the respondent's IIN/BIN is optional, but there must be a way to reach them.
    """
    errors: dict[str, ValidationError] = {}
    identifier = data.get("identifier") or ""
    organisation = data.get("kind") == Party.Kind.ORGANISATION
    if identifier:
        try:
            (validate_bin if organisation else validate_iin)(identifier)
        except ValidationError as exc:
            errors["identifier"] = exc
    elif role == Party.Role.APPLICANT:
        errors["identifier"] = ValidationError(
            _("Enter your organisation's BIN.") if organisation else _("Enter your IIN."), code="required"
        )
    email, phone, address = data.get("email"), data.get("phone"), data.get("address")
    if phone:
        try:
            validate_kazakh_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc
    if role == Party.Role.APPLICANT and not (email or phone):
        errors["email"] = ValidationError(
            _("Give an e-mail address or a phone number, so that we can send you the case number and access code."),
            code="no_contact",
        )
    if role == Party.Role.RESPONDENT and not (email or phone or address):
        errors["email"] = ValidationError(
            _("Give at least one way to reach the other side: an e-mail address, a phone number or an address."),
            code="no_contact",
        )
    if errors:
        raise ValidationError(errors)


def _first_message(exc: ValidationError) -> str:
    return next(iter(exc.messages), str(_("The submission is not valid.")))


def _build_party(*, dispute: Dispute, role: str, data: Mapping[str, Any], default_language: str) -> Party:
    try:
        validate_party(role=role, data=data)
    except ValidationError as exc:
        raise CaseError(_first_message(exc), code="party_invalid") from exc
    party = Party(
        dispute=dispute,
        role=role,
        kind=data.get("kind") or Party.Kind.INDIVIDUAL,
        name=(data.get("name") or "").strip(),
        identifier=data.get("identifier") or "",
        email=data.get("email") or "",
        phone=data.get("phone") or "",
        address=(data.get("address") or "").strip(),
        language=data.get("language") or default_language,
    )
    try:
        party.full_clean(exclude=["dispute"])
    except ValidationError as exc:
        raise CaseError(_first_message(exc), code="party_invalid") from exc
    return party


def submit_dispute(
    *,
    applicant: Mapping[str, Any],
    respondent: Mapping[str, Any],
    dispute: Mapping[str, Any],
    files: Sequence[CheckedUpload],
    consent_version: str,
    language: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    intake_token: str | None = None,
) -> tuple[Dispute, str]:
    """Record a new dispute with its two parties and files; return it and its access code.

    All or nothing: the rows are written in one transaction, and files already written
    are deleted if anything fails. The access code is returned once and stored only hashed;
    the applicant's acknowledgement (with the code) is queued in the outbox.
    `language` is the one the consent text was shown in. `intake_token` (the digest of the
    form's one-time token) is consumed in the same transaction: AlreadyFiled when the form
    already filed a dispute, however many copies of it arrive at once.
    """
    if not consent_version:
        raise CaseError(_("The applicant must consent to the processing of personal data."), code="no_consent")
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise CaseError(_("Too many files are attached."), code="too_many_files")
    if any(not isinstance(upload, CheckedUpload) for upload in files):
        raise TypeError("files must be checked with cases.uploads.check_upload first")
    if language not in Language.values:
        language = Language.KAZAKH
    filer = user if user is not None and user.is_authenticated else None
    code = new_access_code()
    written: list[str] = []
    try:
        with transaction.atomic():
            center = dispute.get("center")
            if center is None:
                raise CaseError(_("Choose a reconciliation center."), code="no_center")
            if intake_token and (earlier := Dispute.objects.filter(intake_token=intake_token).first()):
                raise AlreadyFiled(earlier)
            record = Dispute(
                number=next_dispute_number(center=center),
                category=dispute.get("category"),
                summary=(dispute.get("summary") or "").strip(),
                description=(dispute.get("description") or "").strip(),
                claim_amount=dispute.get("claim_amount"),
                language=dispute.get("language") or language,
                center=center,
                filed_by=filer,
                access_code_hash=hash_access_code(code),
                intake_token=intake_token or None,
            )
            try:
                record.full_clean(exclude=["number", "intake_token"])
            except ValidationError as exc:
                raise CaseError(_first_message(exc), code="dispute_invalid") from exc
            # The unique intake_token makes a second copy of the form wait here for the first
            # transaction, then fail: one form, one dispute.
            record.save()
            applicant_party = _build_party(
                dispute=record, role=Party.Role.APPLICANT, data=applicant, default_language=language
            )
            applicant_party.consent_at = timezone.now()
            applicant_party.consent_version = consent_version
            applicant_party.save()
            respondent_party = _build_party(
                dispute=record, role=Party.Role.RESPONDENT, data=respondent, default_language=record.language
            )
            respondent_party.save()
            for upload in files:
                store_attachment(dispute=record, upload=upload, by=filer, written=written, from_applicant=True)
            record_event(
                dispute=record,
                action=Action.DISPUTE_SUBMITTED,
                by=filer,
                actor_role="applicant",
                data={"attachments": len(files), "consent_version": consent_version, "consent_language": language},
                public=True,
            )
            notifications.queue(
                kind="dispute_received",
                party=applicant_party,
                dispute=record,
                context={"access_code": code},
                dedupe_key=f"dispute_received:{record.pk}",
            )
    except IntegrityError:
        remove_files(written)
        earlier = Dispute.objects.filter(intake_token=intake_token).first() if intake_token else None
        if earlier is not None:
            raise AlreadyFiled(earlier) from None
        raise
    except BaseException:
        remove_files(written)
        raise
    logger.info("dispute %s filed at center %s with %s attachment(s)", record.number, center.pk, len(files))
    return record, code


def code_destinations(dispute: Dispute) -> list[str]:
    """Where the applicant's acknowledgement with the access code goes, masked: ['a*****m@example.kz', ...]."""
    applicant = dispute.parties.filter(role=Party.Role.APPLICANT).only("email", "phone").first()
    if applicant is None:
        return []
    masked = [mask_email(applicant.email)] if applicant.email else []
    return masked + ([mask_phone(applicant.phone)] if applicant.phone else [])
