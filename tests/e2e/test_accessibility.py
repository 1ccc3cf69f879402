"""axe-core in real Chromium: the citizen's pages have no WCAG 2 A/AA violation, in kk, ru and en.

One test per language walks the pages in the order a person meets them, sharing one
browser page; the data the walk does not create itself comes from factories and services.
"""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases import invitations, workflow
from cases.consent import CONSENT_VERSION
from cases.intake import submit_dispute
from cases.models import Party

from ..factories import CenterFactory, UserFactory, make_bin, make_iin
from .conftest import axe_violations
from .steps import choose_language, fill_intake_form, minimal_pdf, send_intake_form

pytestmark = pytest.mark.django_db(transaction=True)


def _filed_dispute(center):  # type: ignore[no-untyped-def]
    """A dispute filed through the intake service, its respondent invited; with its access code."""
    dispute, code = submit_dispute(
        applicant={"kind": "individual", "name": "Ерлан Болатұлы", "identifier": make_iin(), "phone": "+77012345678"},
        respondent={
            "kind": "organisation",
            "name": "«Алатау Сервис» ЖШС",
            "identifier": make_bin(),
            "address": "Астана",
        },
        dispute={
            "category": "labour",
            "center": center,
            "summary": "Unpaid overtime",
            "description": "Overtime in March and April was never paid.",
        },
        files=[],
        consent_version=CONSENT_VERSION,
        language="kk",
    )
    staff = UserFactory(is_staff=True)
    workflow.accept_for_review(dispute=dispute, by=staff, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff)
    return dispute, code


def _report(found: dict[str, list[dict]]) -> str:
    return "\n".join(f"{page}: {json.dumps(violations, ensure_ascii=False)}" for page, violations in found.items())


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_citizens_pages_have_no_wcag_violations(live_server, context, page, language, tmp_path):
    center = CenterFactory(slug="astana-center")
    dispute, code = _filed_dispute(center)
    respondent = dispute.parties.get(role=Party.Role.RESPONDENT)
    respond_url = reverse("respond", kwargs={"token": invitations.make_token(respondent)})
    choose_language(context, live_server.url, language)
    found: dict[str, list[dict]] = {}
    langs: dict[str, str | None] = {}

    def check(name: str) -> None:
        langs[name] = page.locator("html").get_attribute("lang")
        if violations := axe_violations(page):
            found[name] = violations

    def visit(name: str, url: str) -> None:
        page.goto(live_server.url + url)
        check(name)

    def submit(selector: str = "main form button[type=submit]") -> None:
        with page.expect_navigation():
            page.locator(selector).first.click()

    visit("home", reverse("home"))
    visit("centers directory", reverse("centers"))
    visit("center page", reverse("center_detail", kwargs={"slug": center.slug}))
    visit("intake form", reverse("file_dispute"))

    send_intake_form(page)
    assert page.locator("#error-summary").is_visible(), "the empty form was not refused"
    check("intake form with errors")

    fill_intake_form(
        page, center_id=center.pk, region_code=center.region.code, attachment=minimal_pdf(tmp_path / "a.pdf")
    )
    page.fill("#id_applicant-identifier", "123")
    send_intake_form(page)
    assert page.locator(".kept-files input[type=checkbox]").count() == 1
    check("intake form with a kept file")

    fill_intake_form(page, center_id=center.pk, region_code=center.region.code)
    send_intake_form(page)
    assert page.url.endswith(reverse("dispute_filed"))
    check("success page")
    visit("success page, reloaded", reverse("dispute_filed"))

    visit("tracking form", reverse("track"))
    page.fill("#id_number", dispute.number)
    page.fill("#id_access_code", "WRONG")
    submit()
    check("tracking form, not found")
    page.fill("#id_access_code", code)
    submit()
    assert page.url.endswith(reverse("track_case"))
    check("tracking case page")

    visit("respondent page", respond_url)
    submit("main form button.btn-primary")
    check("respondent confirmation")
    submit("main form button[type=submit]")
    check("respondent answered")
    visit("respondent, broken link", reverse("respond", kwargs={"token": "broken"}))

    visit("sign in", reverse("account_login"))
    page.fill("input[name=login]", "nobody@example.kz")
    page.fill("input[name=password]", "wrong")
    submit()
    check("sign in refused")
    visit("sign up", reverse("account_signup"))
    page.fill("input[name=email]", "nobody@example.kz")
    page.fill("input[name=password1]", "1")
    page.fill("input[name=password2]", "2")
    submit()
    check("sign up refused")
    visit("password reset", reverse("account_reset_password"))
    visit("password reset sent", reverse("account_reset_password_done"))
    visit("page not found", "/no-such-page/")

    citizen = UserFactory()
    signed_in = Client()
    signed_in.force_login(citizen)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    visit("my disputes, empty", reverse("my_disputes"))
    visit("claim a case", reverse("claim_dispute"))
    page.fill("#id_number", dispute.number)
    page.fill("#id_access_code", code)
    submit()
    check("my disputes")

    assert set(langs.values()) == {language}, langs
    assert not found, f"axe found WCAG 2 A/AA violations ({language}):\n{_report(found)}"


def test_axe_reports_what_it_must_catch(live_server, page):
    """A canary: the check above means something only if axe runs and sees contrast and labels."""
    page.goto(live_server.url + reverse("home"))
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const faint = document.createElement("p");
            faint.textContent = "Pale grey text on a white background";
            faint.style.color = "#bbbbbb";
            faint.style.background = "#ffffff";
            main.append(faint, document.createElement("input"));
        }"""
    )
    assert {violation["id"] for violation in axe_violations(page)} == {"color-contrast", "label"}
