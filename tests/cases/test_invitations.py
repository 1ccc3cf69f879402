from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import resolve
from django.utils import timezone

from cases import invitations, workflow
from cases.models import Party

from ..factories import DisputeFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(staff_a):
    dispute = DisputeFactory(center=staff_a.staffed_centers.get())
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name="Aliya Applicant")
    party = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, name="TOO Employer")
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    party.refresh_from_db()
    return party


def test_it_finds_the_respondent_of_a_valid_token(respondent):
    assert invitations.party_for_token(invitations.make_token(respondent)) == respondent


def test_it_makes_links_to_the_respond_page_on_the_public_site(respondent, settings):
    settings.SITE_URL = "https://tatulasu.example.kz"
    url = invitations.invitation_url(respondent)
    assert url.startswith("https://tatulasu.example.kz/respond/")
    match = resolve(url.removeprefix("https://tatulasu.example.kz"))
    assert match.url_name == "respond"
    assert invitations.party_for_token(match.kwargs["token"]) == respondent


def test_two_invitations_never_share_a_token(respondent):
    other = PartyFactory(dispute=respondent.dispute, role=Party.Role.RESPONDENT, invited_at=respondent.invited_at)
    assert invitations.make_token(respondent) != invitations.make_token(other)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: ("Y" if t[0] == "Z" else "Z") + t[1:],  # payload changed
        lambda t: t[:-5],  # truncated
        lambda t: t.replace(":", "", 1),
        lambda t: "",
        lambda t: "not-a-token",
    ],
)
def test_it_rejects_a_tampered_token(respondent, tamper):
    with pytest.raises(invitations.InvitationInvalid) as raised:
        invitations.party_for_token(tamper(invitations.make_token(respondent)))
    assert not isinstance(raised.value, invitations.InvitationExpired)


def test_a_token_cannot_be_moved_to_another_party(respondent):
    other = PartyFactory(dispute=respondent.dispute, role=Party.Role.RESPONDENT, invited_at=respondent.invited_at)
    token = invitations.make_token(respondent)
    value, stamp, signature = token.split(":")
    forged = ":".join([signing.b62_encode(other.pk) + value[value.index(".") :], stamp, signature])
    with pytest.raises(invitations.InvitationInvalid):
        invitations.party_for_token(forged)


def test_a_token_signed_for_another_purpose_is_refused(respondent):
    value = invitations.make_token(respondent).rsplit(":", 2)[0]
    foreign = signing.TimestampSigner(salt="something.else").sign(value)
    with pytest.raises(invitations.InvitationInvalid):
        invitations.party_for_token(foreign)


def test_a_token_expires_after_the_invitation_period(respondent, settings):
    settings.RESPONDENT_INVITATION_DAYS = 14
    token = invitations.make_token(respondent)
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert invitations.party_for_token(token) == respondent
    with (
        time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)),
        pytest.raises(invitations.InvitationExpired) as raised,
    ):
        invitations.party_for_token(token)
    assert raised.value.party == respondent  # so the page can show the center's contacts


def test_the_deadline_counts_from_the_invitation_not_from_the_sending(respondent, settings):
    settings.RESPONDENT_INVITATION_DAYS = 14
    # A message that went out late (retries) still stops working 14 days after the invitation.
    with time_machine.travel(respondent.invited_at + timedelta(days=10)):
        token = invitations.make_token(respondent)
    with (
        time_machine.travel(respondent.invited_at + timedelta(days=14, minutes=1)),
        pytest.raises(invitations.InvitationExpired),
    ):
        invitations.party_for_token(token)
    assert invitations.answer_by(respondent) == respondent.invited_at + timedelta(days=14)


def test_inviting_again_replaces_the_old_link(respondent):
    old = invitations.make_token(respondent)
    respondent.invited_at = timezone.now() + timedelta(seconds=1)
    respondent.save()
    with pytest.raises(invitations.InvitationExpired):
        invitations.party_for_token(old)
    assert invitations.party_for_token(invitations.make_token(respondent)) == respondent


def test_only_invited_respondents_get_a_token(respondent):
    applicant = respondent.dispute.parties.get(role=Party.Role.APPLICANT)
    applicant.invited_at = timezone.now()
    with pytest.raises(ValueError):
        invitations.make_token(applicant)
    respondent.invited_at = None
    with pytest.raises(ValueError):
        invitations.make_token(respondent)


def test_a_token_for_a_party_that_became_an_applicant_is_refused(respondent):
    token = invitations.make_token(respondent)
    Party.objects.filter(pk=respondent.pk).update(role=Party.Role.APPLICANT)
    with pytest.raises(invitations.InvitationInvalid):
        invitations.party_for_token(token)


def test_the_message_context_has_the_link_the_deadline_and_the_applicant(respondent):
    context = invitations.invitation_context(respondent)
    assert context["applicant_names"] == "Aliya Applicant"
    assert context["answer_by"] == invitations.answer_by(respondent)
    token = context["invitation_url"].rstrip("/").rsplit("/", 1)[1]
    assert invitations.party_for_token(token) == respondent
