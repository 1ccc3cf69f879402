import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import invitations, notifications, workflow
from cases.models import Notification, Party, Status

from ..factories import DisputeFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(staff_a):
    dispute = DisputeFactory(
        center=staff_a.staffed_centers.get(), summary="Unpaid wages for three months", category="labour"
    )
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name="Aliya Applicant", language="en")
    party = PartyFactory(
        dispute=dispute, role=Party.Role.RESPONDENT, kind=Party.Kind.ORGANISATION, name="TOO Employer", language="en"
    )
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    party.refresh_from_db()
    return party


@pytest.fixture
def url(respondent):
    return reverse("respond", kwargs={"token": invitations.make_token(respondent)})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_it_explains_mediation_and_the_dispute(client, respondent, url):
    response = client.get(url)
    assert response.status_code == 200
    page = _text(response)
    for expected in [
        "Invitation to mediation",
        "It is not a court",
        "It is voluntary",
        "It is free of charge",
        "It is confidential",
        "Center A invites you",
        "Unpaid wages for three months",
        "Labour",
        "Aliya Applicant",
        respondent.dispute.center.email,
    ]:
        assert expected in page, expected
    applicant = respondent.dispute.parties.get(role=Party.Role.APPLICANT)
    assert applicant.identifier not in page


def test_its_pages_are_not_stored_and_send_no_referrer(client, url):
    for response in [client.get(url), client.get(reverse("respond", kwargs={"token": "garbage"}))]:
        assert "no-store" in response["Cache-Control"]
        assert response["Pragma"] == "no-cache"
        # same-origin, not no-referrer: the answer's POST must carry a real Origin for the CSRF check.
        assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_speaks_the_respondents_language(client, respondent, url, language):
    Party.objects.filter(pk=respondent.pk).update(language=language)
    response = client.get(url)
    assert f'<html lang="{language}"' in response.content.decode()
    assert response["Content-Language"] == language


def test_the_language_switcher_still_wins(client, respondent, url):
    Party.objects.filter(pk=respondent.pk).update(language="ru")
    client.cookies["tatulasu_language"] = "en"
    response = client.get(url)
    assert '<html lang="en"' in response.content.decode()


def test_agreeing_first_shows_what_the_respondent_agrees_to_and_records_nothing(client, respondent, url):
    response = client.post(url, {"decision": "agree"})

    assert response.status_code == 200
    page = _text(response)
    assert "Confirm that you agree to mediation" in page
    for term in ("voluntary", "confidential", "free of charge", "either party may stop the mediation at any time"):
        assert term in page, term
    assert 'name="confirmed" value="True"' in page
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING
    assert respondent.dispute.status == Status.AWAITING_RESPONDENT


def test_agreeing_moves_the_case_to_scheduling_and_tells_the_applicant(client, respondent, url):
    response = client.post(url, {"decision": "agree", "confirmed": "True"})
    assert response.status_code == 302
    assert response["Location"] == url
    respondent.refresh_from_db()
    respondent.dispute.refresh_from_db()
    assert respondent.response == Party.Response.AGREED
    assert respondent.dispute.status == Status.SCHEDULING
    applicant = respondent.dispute.parties.get(role=Party.Role.APPLICANT)
    rows = Notification.objects.filter(party=applicant, kind="respondent_agreed")
    assert {row.channel for row in rows} == {"email", "sms"}

    mail.outbox.clear()
    notifications.send_due()
    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "the other side agreed to mediation" in message.subject
    assert respondent.dispute.number in message.body
    assert "not a court hearing" in message.body

    page = _text(client.get(url))
    assert "Thank you. Your answer has been recorded" in page
    assert "you agreed to mediation" in page


def test_declining_with_a_reason_closes_the_case_as_declined(client, respondent, url):
    response = client.post(url, {"decision": "decline", "reason": "We already paid in full."})
    assert response.status_code == 302
    respondent.refresh_from_db()
    respondent.dispute.refresh_from_db()
    assert (respondent.response, respondent.response_reason) == (Party.Response.DECLINED, "We already paid in full.")
    assert respondent.dispute.status == Status.DECLINED
    applicant = respondent.dispute.parties.get(role=Party.Role.APPLICANT)
    assert Notification.objects.filter(party=applicant, kind="respondent_declined").exists()
    notifications.send_due()
    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "keep the right to go to court" in message.body


def test_a_reason_is_stored_without_bidi_or_escape_characters(client, respondent, url):
    client.post(url, {"decision": "decline", "reason": "Paid \u202egnp.exe\u202c in \x1b[31mfull\x1b[0m."})

    respondent.refresh_from_db()
    assert respondent.response_reason == "Paid gnp.exe in [31mfull[0m."


def test_a_reason_longer_than_1000_characters_is_refused(client, respondent, url):
    response = client.post(url, {"decision": "decline", "reason": "x" * 1001})
    assert response.status_code == 400
    assert "at most 1000 characters" in _text(response)
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING


def test_an_unknown_decision_changes_nothing(client, respondent, url):
    response = client.post(url, {"decision": "maybe"})
    assert response.status_code == 400
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING


def test_the_link_answers_only_once(client, respondent, url):
    client.post(url, {"decision": "agree", "confirmed": "True"})
    response = client.post(url, {"decision": "decline", "reason": "changed my mind"})
    assert response.status_code == 200  # the "already answered" page, not a form
    page = _text(response)
    assert "You have answered this invitation" in page
    assert "cannot be changed through this link" in page
    respondent.refresh_from_db()
    respondent.dispute.refresh_from_db()
    assert respondent.response == Party.Response.AGREED
    assert respondent.dispute.status == Status.SCHEDULING


def test_a_withdrawn_case_no_longer_asks_for_an_answer(client, respondent, url):
    workflow.withdraw(dispute=respondent.dispute)
    response = client.get(url)
    assert "This invitation is no longer open" in _text(response)
    response = client.post(url, {"decision": "agree"})
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING


@pytest.mark.parametrize("token", ["garbage", "1.2:3:4", "a" * 500, "Ünïcödé", "..", "1:2"])
def test_a_broken_link_gives_a_friendly_404(client, token):
    client.cookies["tatulasu_language"] = "en"  # no party is known, so the visitor's language applies
    response = client.get(reverse("respond", kwargs={"token": token}))
    assert response.status_code == 404
    assert "This link does not work" in _text(response)
    response = client.post(reverse("respond", kwargs={"token": token}), {"decision": "agree"})
    assert response.status_code == 404


def test_an_expired_link_gives_410_with_the_centers_contacts(client, respondent, url, settings):
    settings.RESPONDENT_INVITATION_DAYS = 14
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(url)
        assert response.status_code == 410
        page = _text(response)
        assert "This invitation link has expired" in page
        assert respondent.dispute.center.email in page
        client.post(url, {"decision": "agree", "confirmed": "True"})
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING


def test_an_expired_link_of_an_answered_invitation_shows_the_answer(client, respondent, url):
    client.post(url, {"decision": "agree", "confirmed": "True"})
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        response = client.get(url)
    assert response.status_code == 200
    assert "you agreed to mediation" in _text(response)


def test_refused_links_are_not_written_to_the_log(client, respondent, url, caplog, settings):
    settings.RESPONDENT_INVITATION_DAYS = 14
    token = url.strip("/").rsplit("/", 1)[1]
    with caplog.at_level("DEBUG"):
        client.get(reverse("respond", kwargs={"token": token[:-3]}))
        client.post(url, {"decision": "decline", "reason": "x" * 1001})
        with time_machine.travel(timezone.now() + timedelta(days=15)):
            client.get(url)
    assert caplog.records
    assert not [r for r in caplog.records if token[:20] in r.getMessage()]


def test_changing_language_keeps_the_reason_being_typed(client, respondent, url):
    html = client.get(url).content.decode()
    assert 'form="decline-form"' in html and 'id="decline-form"' in html

    switched = client.post(
        f"{reverse('switch_language')}?next={url}",
        {"decision": "decline", "reason": "Біз толық төледік.", "language": "kk"},
    )

    assert switched["Location"] == url
    page = client.get(url).content.decode()
    assert '<html lang="kk"' in page and "Біз толық төледік.</textarea>" in page
    respondent.refresh_from_db()
    assert respondent.response == Party.Response.PENDING
