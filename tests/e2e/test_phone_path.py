"""The citizen's path on a 360-pixel phone, in Kazakh, as a newcomer walks it.

Mistakes and a PDF, a change of language half-way, corrections, filing, keeping the code,
tracking with a typo first: nothing typed or attached is lost, nothing reads in English.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Dispute

from ..factories import make_iin
from .steps import fill_intake_form, in_language, minimal_pdf, send_intake_form

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}  # locale kk-KZ (conftest)
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _value(page: Page, selector: str) -> str:
    return page.locator(selector).input_value()


def _switch_language(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator(".language-switcher").get_by_role("button", name=name).click()


def test_a_newcomer_files_and_tracks_a_dispute_on_a_phone_in_kazakh(live_server, new_context, center_a, tmp_path):
    context = new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    # The home page's check marks stand inside the screen, beside their text.
    page.goto(live_server.url + reverse("home"))
    marks = page.evaluate(
        """() => [...document.querySelectorAll(".principles li")].map(li => {
            const mark = getComputedStyle(li, "::before");
            return {content: mark.content, left: li.getBoundingClientRect().left, position: mark.position};
        })"""
    )
    assert len(marks) == 3 and all(
        m["content"] == '"✓"' and m["position"] == "absolute" and m["left"] >= 0 for m in marks
    )
    assert _fits_the_screen(page)

    page.goto(live_server.url + reverse("file_dispute"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    assert _fits_the_screen(page)

    # a) The form with three mistakes and a contract.
    fill_intake_form(
        page, center_id=center_a.pk, region_code=center_a.region.code, attachment=minimal_pdf(tmp_path / "шарт.pdf")
    )
    page.fill("#id_applicant-identifier", "880231300113")  # 31 February
    page.fill("#id_applicant-email", "aigul@")
    page.fill("#id_applicant-phone", "8 701 234 56 78")
    page.fill("#id_dispute-description", "Жалақы жоқ.")
    assert page.locator("#id_applicant-phone").get_attribute("inputmode") == "tel"
    send_intake_form(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(3)
    expect(summary).to_contain_text(in_language("kk", "Your IIN or BIN") + ":")
    expect(summary).to_contain_text(in_language("kk", "Your e-mail") + ":")
    expect(summary).to_contain_text(in_language("kk", "What happened") + ":")
    expect(page.locator("#kept-summary")).to_contain_text("шарт.pdf")
    expect(page.locator(".kept-files input[type=checkbox]")).to_be_checked()
    assert _value(page, "#id_applicant-phone") == "+7 (701) 234-56-78"
    assert _value(page, "#id_applicant-name") == "Айгүл Серікқызы Нұрланова"
    assert _fits_the_screen(page)

    # b) Half-way, a look at the Russian page and back: nothing is lost.
    _switch_language(page, "Русский")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert _value(page, "#id_applicant-email") == "aigul@"
    assert _value(page, "#id_dispute-description") == "Жалақы жоқ."
    expect(page.locator(".kept-files label")).to_contain_text("шарт.pdf")
    _switch_language(page, "Қазақша")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    assert _value(page, "#id_applicant-name") == "Айгүл Серікқызы Нұрланова"
    expect(page.locator(".kept-files input[type=checkbox]")).to_be_checked()

    # c) The mistakes fixed, the contract not attached again: filed.
    page.fill("#id_applicant-identifier", make_iin())
    page.fill("#id_applicant-email", "aigul@example.kz")
    page.fill("#id_dispute-description", "Жұмыс беруші тамыз айынан бері жалақымды төлемей келеді.")
    page.check("#id_dispute-consent")
    send_intake_form(page)

    assert page.url == live_server.url + reverse("dispute_filed")
    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#access-code").inner_text().strip()
    assert CODE.fullmatch(code)
    dispute = Dispute.objects.get(number=number)
    assert [a.original_name for a in dispute.attachments.all()] == ["шарт.pdf"]
    expect(page.locator("#filed-documents")).to_contain_text("шарт.pdf")
    expect(page.locator("#code-sent-to")).to_contain_text("a***l@example.kz")
    assert _fits_the_screen(page)

    # d) The code kept: copied with the button (JavaScript runs here), and printable.
    page.get_by_role("button", name=in_language("kk", "Copy the access code")).click()
    expect(page.locator("#copy-status")).to_have_text(in_language("kk", "The access code is copied."))
    assert page.evaluate("navigator.clipboard.readText()") == code
    expect(page.get_by_role("button", name=in_language("kk", "Print the receipt"))).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-navbar")).to_be_hidden()
    expect(page.locator("#access-code")).to_be_visible()
    page.emulate_media(media="screen")

    # A reload still tells the number and where the code went, never the code.
    page.reload()
    expect(page.locator("#case-number")).to_have_text(number)
    expect(page.locator("#code-sent-to")).to_contain_text("a***l@example.kz")
    expect(page.locator("#access-code")).to_have_count(0)
    assert code not in page.content()

    # e) Tracking: one wrong character keeps both fields as typed; then the case.
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=in_language("kk", "Track my case"), exact=True).click()
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    page.fill("#id_number", number)
    page.fill("#id_access_code", typo.lower())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#track-error")).to_be_visible()
    assert (_value(page, "#id_number"), _value(page, "#id_access_code")) == (number, typo.lower())
    page.fill("#id_access_code", code.replace("-", " ").lower())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url == live_server.url + reverse("track_case")
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator("#own-documents")).to_contain_text("шарт.pdf")
    assert _fits_the_screen(page)


def test_changing_language_mid_form_loses_nothing_without_javascript(live_server, new_context, center_a, tmp_path):
    context = new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("file_dispute"))
    fill_intake_form(
        page, center_id=center_a.pk, region_code=center_a.region.code, attachment=minimal_pdf(tmp_path / "хат.pdf")
    )
    typed = {
        selector: _value(page, selector)
        for selector in (
            "#id_applicant-name",
            "#id_applicant-identifier",
            "#id_applicant-email",
            "#id_respondent-name",
            "#id_respondent-identifier",
            "#id_dispute-summary",
            "#id_dispute-description",
            "#id_dispute-claim_amount",
        )
    }

    _switch_language(page, "English")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#error-summary")).to_have_count(0)
    assert {selector: _value(page, selector) for selector in typed} == typed
    assert _value(page, "#id_applicant-phone") == "+7 (701) 234-56-78"
    assert page.locator("#id_dispute-center").input_value() == str(center_a.pk)
    expect(page.locator("input[name='respondent-kind'][value='organisation']")).to_be_checked()
    expect(page.locator("#id_dispute-consent")).to_be_checked()
    expect(page.locator(".kept-files label")).to_contain_text("хат.pdf")

    send_intake_form(page)

    assert page.url == live_server.url + reverse("dispute_filed")
    dispute = Dispute.objects.get(number=page.locator("#case-number").inner_text().strip())
    assert dispute.summary == typed["#id_dispute-summary"]
    assert [a.original_name for a in dispute.attachments.all()] == ["хат.pdf"]
