"""The citizen's path in real Chromium, in Kazakh: file a dispute with a document, track it, the respondent agrees."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases import invitations, workflow
from cases.models import Attachment, Dispute, Party, Status
from cases.tracking import STATUS_EXPLANATIONS

from .steps import fill_intake_form, in_language, minimal_pdf, send_intake_form

pytestmark = pytest.mark.django_db(transaction=True)

KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)


# The browser asks for English: the page turns Kazakh only through the switcher.
@pytest.mark.browser_context_args(locale="en-US")
def test_it_files_tracks_and_gets_the_respondents_agreement_in_kazakh(
    live_server, page, new_context, center_a, staff_a, tmp_path
):
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.get_by_role("button", name="Қазақша").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("button", name="Қазақша")).to_have_attribute("aria-current", "true")

    # a) File the dispute from the home page's call to action.
    file_link = page.get_by_role("main").get_by_role("link", name=in_language("kk", "File a dispute"), exact=True)
    with page.expect_navigation():
        file_link.first.click()
    assert page.url == live_server.url + reverse("file_dispute")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(in_language("kk", "File a dispute"))
    # Translated, not the English msgid: letters only the Kazakh alphabet has.
    assert KAZAKH_LETTERS.search(heading.inner_text()), heading.inner_text()

    fill_intake_form(
        page,
        center_id=center_a.pk,
        region_code=center_a.region.code,
        attachment=minimal_pdf(tmp_path / "enbek-sharty.pdf"),
    )
    send_intake_form(page)

    assert page.url == live_server.url + reverse("dispute_filed")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    number = page.locator("#case-number").inner_text().strip()
    access_code = page.locator("#access-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{3}-\d{4}-\d{6}", number)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", access_code)

    dispute = Dispute.objects.get(number=number)
    assert dispute.status == Status.SUBMITTED
    assert dispute.center == center_a
    assert dispute.language == "kk"
    assert dispute.summary == "Үш айлық жалақы төленбеді"
    attachment = Attachment.objects.get(dispute=dispute)
    assert (attachment.original_name, attachment.content_type) == ("enbek-sharty.pdf", "application/pdf")
    applicant = dispute.parties.get(role=Party.Role.APPLICANT)
    assert applicant.language == "kk" and applicant.consent_at is not None

    # b) Track it with the number and the code read from the success page.
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=in_language("kk", "Track my case"), exact=True).click()
    page.fill("#id_number", number)
    page.fill("#id_access_code", access_code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url == live_server.url + reverse("track_case")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator(".page-intro strong")).to_have_text(in_language("kk", Status.SUBMITTED.label))
    # The code travelled only in the POST body.
    assert access_code not in page.url

    # c) Staff accept the dispute and invite the respondent (the admin is not under test here).
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    respondent = dispute.parties.get(role=Party.Role.RESPONDENT)
    link = live_server.url + reverse("respond", kwargs={"token": invitations.make_token(respondent)})

    # The respondent opens the link in their own browser, which asks for English: the page
    # speaks the language the applicant gave for them.
    respondent_page = new_context().new_page()
    respondent_page.goto(link)
    expect(respondent_page.locator("html")).to_have_attribute("lang", "kk")
    expect(respondent_page.get_by_role("main")).to_contain_text(number)
    expect(respondent_page.get_by_role("main")).to_contain_text("Үш айлық жалақы төленбеді")
    with respondent_page.expect_navigation():
        respondent_page.get_by_role("button", name=in_language("kk", "I agree to mediation"), exact=True).click()
    # A second step says what they agree to, before anything is recorded.
    expect(respondent_page.get_by_role("heading", level=1)).to_have_text(
        in_language("kk", "Confirm that you agree to mediation")
    )
    assert dispute.parties.get(role=Party.Role.RESPONDENT).response == Party.Response.PENDING
    with respondent_page.expect_navigation():
        respondent_page.get_by_role("button", name=in_language("kk", "Yes, I agree to mediation"), exact=True).click()

    expect(respondent_page.get_by_role("status")).to_have_text(
        in_language("kk", "Thank you. Your answer has been recorded and the center informed.")
    )
    expect(respondent_page.get_by_role("heading", level=1)).to_have_text(
        in_language("kk", "You have answered this invitation")
    )
    # The link works once for the decision: no answer buttons any more.
    expect(respondent_page.locator("input[name=decision]")).to_have_count(0)
    dispute.refresh_from_db()
    respondent.refresh_from_db()
    assert dispute.status == Status.SCHEDULING
    assert respondent.response == Party.Response.AGREED

    page.reload()
    expect(page.locator(".page-intro strong")).to_have_text(in_language("kk", Status.SCHEDULING.label))
    expect(page.get_by_role("main")).to_contain_text(in_language("kk", STATUS_EXPLANATIONS[Status.SCHEDULING]))


def test_it_files_a_dispute_with_javascript_turned_off(live_server, new_context, center_a):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("file_dispute"))
    # site.js did not run: the page still carries the no-JS marker.
    expect(page.locator("html")).to_have_class(re.compile(r"\bno-js\b"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")

    fill_intake_form(page, center_id=center_a.pk, region_code=center_a.region.code)
    send_intake_form(page)

    assert page.url == live_server.url + reverse("dispute_filed")
    number = page.locator("#case-number").inner_text().strip()
    assert Dispute.objects.filter(number=number, center=center_a, status=Status.SUBMITTED).exists()
    expect(page.locator("#access-code")).not_to_be_empty()
