"""A respondent's live link never reaches a log line or the error e-mail, not even when its page fails."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from cases import invitations, workflow
from cases.models import Party
from reconciliation.log_redaction import REDACTED, redact

from ..factories import DisputeFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(staff_a):  # type: ignore[no-untyped-def]
    dispute = DisputeFactory(center=staff_a.staffed_centers.get())
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT)
    respondent = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, language="en")
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    respondent.refresh_from_db()
    return reverse("respond", kwargs={"token": invitations.make_token(respondent)})


def test_a_500_inside_the_respondents_page_logs_and_mails_no_token(client, link, settings, caplog, tmp_path):
    token = link.split("/")[2]
    settings.ADMINS = [("Operator", "operator@example.kz")]
    # The page's template is gone: the view itself fails, as any bug in it would.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    client.raise_request_exception = False

    with caplog.at_level(logging.INFO):
        response = client.get(link)

    assert response.status_code == 500
    assert token not in caplog.text
    assert f"/respond/{REDACTED}/" in caplog.text  # the error is still reported, without the secret
    (report,) = mail.outbox
    assert report.to == ["operator@example.kz"]
    assert token not in report.subject + report.body
    assert "TemplateDoesNotExist" in report.body


def test_a_refused_link_is_logged_without_its_token(client, link, caplog):
    token = link.split("/")[2]
    with caplog.at_level(logging.DEBUG):
        client.get(link.replace(token, token[:-3] + "xyz"))  # tampered: 404

    assert token[:-3] not in caplog.text


@pytest.mark.parametrize(
    "line",
    [
        '"GET /respond/AbC.1xY:1wXyZa:q3Bf-9Kz/ HTTP/1.1" 200 5120',
        "Internal Server Error: /respond/AbC.1xY:1wXyZa:q3Bf-9Kz/",
        "/accounts/password/reset/key/4-cd3f2a1b/ /accounts/confirm-email/MTI:1wXy:abc/?next=/my/",
    ],
)
def test_every_secret_in_a_path_is_redacted(line):
    assert "1wXy" not in redact(line) and "cd3f2a1b" not in redact(line)
    assert REDACTED in redact(line)
