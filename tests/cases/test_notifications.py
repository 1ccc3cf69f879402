from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from cases import invitations, notifications, workflow
from cases.models import Notification, Party

from ..factories import DisputeFactory, PartyFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "notifications"
OWN_KINDS = ["respondent_invitation", "respondent_agreed", "respondent_declined", "dispute_rejected", "dispute_closed"]
# Every kind with templates, including those other modules add, must render in every language.
ALL_KINDS = sorted({path.name.split(".")[0] for path in TEMPLATES.glob("*.txt")} | set(OWN_KINDS))
LANGUAGES = [code for code, _name in settings.LANGUAGES]
GSM_SEGMENT = 160


@pytest.fixture
def case(staff_a):
    center = staff_a.staffed_centers.get()
    center.name_en = "Center A & Partners"
    center.save()
    dispute = DisputeFactory(center=center, number="AST-2026-000123", rejection_reason="A court already decided it.")
    applicant = PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name="Aliya Applicant", language="en")
    respondent = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, name='TOO "Employer"', language="en")
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    respondent.refresh_from_db()
    return dispute, applicant, respondent


def _notification(kind, party, channel, language="en"):
    return Notification(
        dispute=party.dispute,
        party=party,
        kind=kind,
        channel=channel,
        recipient=party.email if channel == "email" else str(party.phone),
        language=language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_in_every_language_on_both_channels(case, kind, language):
    dispute, applicant, respondent = case
    party = respondent if kind.startswith("respondent_invitation") else applicant
    subject, body = notifications.render(_notification(kind, party, "email", language))
    assert subject.strip() and "\n" not in subject
    assert len(body) > 40
    _, sms = notifications.render(_notification(kind, party, "sms", language))
    assert sms.strip() and "\n" not in sms


@pytest.mark.parametrize("kind", OWN_KINDS)
def test_every_message_names_the_service_and_says_how_to_stop(case, kind):
    dispute, applicant, respondent = case
    party = respondent if kind == "respondent_invitation" else applicant
    _, body = notifications.render(_notification(kind, party, "email"))
    _, sms = notifications.render(_notification(kind, party, "sms"))
    assert "Tatulasu" in body and "Tatulasu" in sms
    assert "to stop messages, contact the center" in body
    assert "To stop SMS, call +77172000000." in sms


@pytest.mark.parametrize("kind", OWN_KINDS)
def test_sms_stay_short(case, kind):
    dispute, applicant, respondent = case
    party = respondent if kind == "respondent_invitation" else applicant
    _, sms = notifications.render(_notification(kind, party, "sms"))
    # The invitation carries a ~90-character signed link, so it takes two segments; the rest take one
    # in Latin letters (Cyrillic SMS use 70-character segments: two to four of them).
    limit = 2 * 153 if kind == "respondent_invitation" else GSM_SEGMENT
    assert len(sms) <= limit, (len(sms), sms)


def test_the_invitation_says_mediation_not_court_and_carries_a_working_link(case, settings):
    settings.SITE_URL = "https://tatulasu.example.kz"
    dispute, applicant, respondent = case
    subject, body = notifications.render(_notification("respondent_invitation", respondent, "email"))
    assert subject == "Invitation to mediation (not a court hearing), case AST-2026-000123"
    assert "This is an invitation to mediation, not to a court hearing." in body
    assert "voluntary" in body and "free of charge" in body and "confidential" in body
    assert "Center A & Partners invites you" in body  # plain text: nothing HTML-escaped
    assert "brought by Aliya Applicant" in body
    assert applicant.identifier not in body
    deadline = timezone.localtime(invitations.answer_by(respondent))
    assert f"open this link by {deadline:%d.%m.%Y}" in body
    url = next(line for line in body.splitlines() if line.startswith("https://tatulasu.example.kz/respond/"))
    assert invitations.party_for_token(url.rstrip("/").rsplit("/", 1)[1]) == respondent
    _, sms = notifications.render(_notification("respondent_invitation", respondent, "sms"))
    assert "MEDIATION (not a court)" in sms and "https://tatulasu.example.kz/respond/" in sms


def test_the_link_is_signed_when_the_message_is_sent(case):
    dispute, applicant, respondent = case
    row = Notification.objects.filter(party=respondent, kind="respondent_invitation", channel="email").get()
    assert "invitation_url" not in row.context  # nothing secret waits in the outbox
    mail.outbox.clear()
    notifications.send_due()
    [message] = [m for m in mail.outbox if m.to == [respondent.email]]
    assert "/respond/" in message.body


def test_a_rejection_gives_the_reason(case, staff_a):
    dispute, applicant, respondent = case
    _, body = notifications.render(_notification("dispute_rejected", applicant, "email"))
    assert "A court already decided it." in body
    assert "keep the right to go to court" in body


def test_the_closing_message_follows_the_outcome(case):
    dispute, applicant, respondent = case
    dispute.status = "settled"
    subject, body = notifications.render(_notification("dispute_closed", applicant, "email"))
    assert "an agreement was reached" in subject
    assert "ended with an agreement" in body
    dispute.status = "not_settled"
    subject, body = notifications.render(_notification("dispute_closed", applicant, "email"))
    assert "no agreement was reached" in subject
    assert "You keep the right to go to court." in body
    _, sms = notifications.render(_notification("dispute_closed", applicant, "sms"))
    assert "You keep the right to go to court." in sms


def test_messages_are_rendered_in_the_recipients_language(case):
    dispute, applicant, respondent = case
    with translation.override("en"):
        notifications.render(_notification("respondent_agreed", applicant, "email", language="ru"))
        assert translation.get_language() == "en"  # the sender's language is left as it was
    # The category label of the dispute is translated in the recipient's language.
    with translation.override("ru"):
        expected = str(dispute.get_category_display())
    _, body = notifications.render(_notification("respondent_invitation", respondent, "email", language="ru"))
    assert expected in body
