"""Signed links that let a respondent answer the invitation to mediation without an account.

A token signs the respondent's party id together with the moment they were invited, so
a link cannot be guessed or forged, stops working after RESPONDENT_INVITATION_DAYS, and
an older link stops working when the respondent is invited again.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Party

SALT = "cases.respondent-invitation"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class InvitationInvalid(Exception):
    """The link was not made by us (tampered, truncated, or for no respondent)."""


class InvitationExpired(InvitationInvalid):
    """The link is authentic but no longer valid: too old, or replaced by a newer invitation."""

    def __init__(self, party: Party) -> None:
        super().__init__("invitation expired")
        self.party = party


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def _stamp(moment: datetime) -> str:
    # Whole microseconds since a fixed epoch: exact, unlike float timestamps.
    return signing.b62_encode((moment - _EPOCH) // timedelta(microseconds=1))


def validity() -> timedelta:
    return timedelta(days=settings.RESPONDENT_INVITATION_DAYS)


def answer_by(party: Party) -> datetime | None:
    """The moment after which the respondent's link no longer works."""
    return party.invited_at + validity() if party.invited_at else None


def make_token(party: Party) -> str:
    """A signed, expiring token for an invited respondent."""
    if party.role != Party.Role.RESPONDENT or party.invited_at is None:
        raise ValueError("only an invited respondent gets an invitation token")
    return _signer().sign(f"{signing.b62_encode(party.pk)}.{_stamp(party.invited_at)}")


def invitation_url(party: Party) -> str:
    """The absolute link sent to the respondent."""
    return settings.SITE_URL + reverse("respond", kwargs={"token": make_token(party)})


def invitation_context(party: Party) -> dict[str, Any]:
    """What the invitation message needs, computed when it is sent: the signed link, the deadline, who applies."""
    applicants = party.dispute.parties.filter(role=Party.Role.APPLICANT).values_list("name", flat=True)
    return {
        "invitation_url": invitation_url(party),
        "answer_by": answer_by(party),
        "applicant_names": ", ".join(applicants),
    }


def party_for_token(token: str) -> Party:
    """The respondent a token was made for; InvitationInvalid or InvitationExpired otherwise."""
    signer = _signer()
    expired = False
    try:
        value = signer.unsign(token, max_age=validity())
    except signing.SignatureExpired:
        # The signature is ours, only old: still find the party to show its center's contacts.
        value = signer.unsign(token)
        expired = True
    except signing.BadSignature:
        raise InvitationInvalid from None
    pk_part, _, stamp = value.partition(".")
    try:
        pk = signing.b62_decode(pk_part)
    except (ValueError, IndexError):
        raise InvitationInvalid from None
    party = Party.objects.select_related("dispute__center").filter(pk=pk, role=Party.Role.RESPONDENT).first()
    if party is None or party.invited_at is None:
        raise InvitationInvalid
    if expired or stamp != _stamp(party.invited_at) or timezone.now() > answer_by(party):
        raise InvitationExpired(party)
    return party
