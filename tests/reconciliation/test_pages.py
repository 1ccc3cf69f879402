"""The public site shell: home page, languages, the layout every page shares, and the account pages."""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ..factories import CenterFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
ACCOUNT_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


def _get(client, url: str, language: str):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def _assert_site_shell(html: str, language: str) -> None:
    assert f'<html lang="{language}"' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert f'action="{reverse("set_language")}"' in html
    for code, name in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")):
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert name in html
    assert f'value="{language}" lang="{language}" class="btn btn-sm" aria-current="true"' in html


def _assert_csp_safe(html: str) -> None:
    """No inline script or style: the policy allows only the site's own files."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


class TestHomePage:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_it_renders_in_each_language_with_the_shell(self, client, language):
        response = _get(client, reverse("home"), language)
        assert response.status_code == 200
        html = response.content.decode()
        _assert_site_shell(html, language)
        _assert_csp_safe(html)

    def test_it_explains_the_service_and_offers_the_main_actions(self, client):
        html = _get(client, reverse("home"), "en").content.decode()
        for text in ("voluntary", "Free of charge", "Confidential", "out of court"):
            assert text.lower() in html.lower()
        for category in ("Labour", "Family", "Housing", "Consumer", "Property", "Neighbour"):
            assert category in html
        for step in (
            "You file a dispute",
            "The center reviews it",
            "The other side agrees",
            "A hearing with a mediator",
            "An agreement",
        ):
            assert step in html
        assert f'class="btn btn-light btn-lg" href="{reverse("file_dispute")}"' in html
        assert f'class="btn btn-outline-light btn-lg" href="{reverse("track")}"' in html
        assert f'href="{reverse("centers")}"' in html

    def test_its_footer_says_mediation_is_not_court(self, client):
        html = _get(client, reverse("home"), "en").content.decode()
        footer = html[html.index("<footer") :]
        assert "voluntary, free and confidential" in footer
        assert "does not handle court cases" in footer
        assert f'href="{reverse("centers")}"' in footer

    def test_its_navigation_offers_sign_in_to_visitors(self, client):
        html = _get(client, reverse("home"), "en").content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        for name in ("home", "centers", "file_dispute", "track", "account_login", "account_signup"):
            assert f'href="{reverse(name)}"' in nav
        assert reverse("my_disputes") not in nav
        assert 'aria-current="page">Home<' in nav

    def test_its_navigation_offers_my_disputes_and_sign_out_when_signed_in(self, client, citizen):
        client.force_login(citizen)
        html = _get(client, reverse("home"), "en").content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        assert f'href="{reverse("my_disputes")}"' in nav
        assert f'action="{reverse("account_logout")}"' in nav
        assert f'href="{reverse("account_login")}"' not in nav


class TestLanguageSwitcher:
    def test_it_stores_the_choice_in_the_language_cookie_and_returns_to_the_page(self, client):
        response = client.post(reverse("set_language"), {"language": "ru", "next": reverse("centers")})
        assert response.status_code == 302
        assert response["Location"] == reverse("centers")
        cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert cookie.value == "ru"
        assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
        # The test client keeps the cookie: the next page comes in Russian, at the same URL.
        html = client.get(reverse("centers")).content.decode()
        assert '<html lang="ru"' in html

    def test_urls_carry_no_language_prefix(self, client):
        assert reverse("centers") == "/centers/"
        assert client.get("/ru/centers/").status_code == 404

    def test_it_defaults_to_kazakh(self, client):
        assert '<html lang="kk"' in client.get(reverse("home")).content.decode()

    def test_it_follows_the_browser_when_no_choice_was_made(self, client):
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").content.decode()
        assert '<html lang="ru"' in html

    def test_it_refuses_to_send_the_visitor_to_another_site(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
        assert response["Location"] == "/"


class TestPublicPagesShareTheShell:
    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("name", ["centers", "center_detail", *ACCOUNT_PAGES])
    def test_it_renders(self, client, name, language):
        if name == "center_detail":
            CenterFactory(slug="astana")
            url = reverse(name, args=["astana"])
        else:
            url = reverse(name)
        response = _get(client, url, language)
        assert response.status_code == 200
        html = response.content.decode()
        _assert_site_shell(html, language)
        _assert_csp_safe(html)
        assert html.count("<h1") == 1


class TestAccountPages:
    def test_sign_in_shows_labelled_fields_in_the_site_style(self, client):
        html = _get(client, reverse("account_login"), "en").content.decode()
        assert re.search(r'<label\s+for="id_login"', html)
        assert re.search(r'<label\s+for="id_password"', html)
        assert "form-control" in html
        assert 'class="btn btn-primary btn-lg"' in html
        assert f'href="{reverse("account_reset_password")}"' in html
        assert f'href="{reverse("account_signup")}"' in html

    @pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
    def test_account_management_pages_use_the_site_layout(self, client, citizen, name):
        client.force_login(citizen)
        response = _get(client, reverse(name), "en")
        assert response.status_code == 200
        html = response.content.decode()
        _assert_site_shell(html, "en")
        assert 'aria-label="Account menu"' in html
        assert html.count("<h1") == 1


class TestSignUpFlow:
    PASSWORD = "Steppe-wind-2026!"

    @pytest.fixture(autouse=True)
    def _unique_email(self):  # type: ignore[no-untyped-def]
        # django-axes keeps its failure counts in a cache object it bound once, outside the
        # per-test key prefix: an address of its own keeps each test's failures apart.
        self.EMAIL = f"aigerim-{uuid.uuid4().hex[:12]}@example.kz"

    def _sign_up(self, client):  # type: ignore[no-untyped-def]
        return client.post(
            reverse("account_signup"), {"email": self.EMAIL, "password1": self.PASSWORD, "password2": self.PASSWORD}
        )

    def _confirmation_path(self) -> str:
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [self.EMAIL]
        match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
        assert match, message.body
        return match.group(1)

    def _sign_in(self, client):  # type: ignore[no-untyped-def]
        return client.post(reverse("account_login"), {"login": self.EMAIL, "password": self.PASSWORD})

    def test_sign_up_then_confirm_then_sign_in(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self._sign_up(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert get_user_model().objects.filter(email=self.EMAIL).exists()
        assert "Confirm your e-mail address" in mail.outbox[0].subject
        assert mail.outbox[0].subject.startswith("[Tatulasu] ")
        confirm = self._confirmation_path()

        page = client.get(confirm)
        assert page.status_code == 200
        assert self.EMAIL in page.content.decode()
        response = client.post(confirm)
        assert response.status_code == 302
        client.logout()

        response = self._sign_in(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("my_disputes")
        assert client.get(reverse("my_disputes")).status_code == 200

    def test_an_unconfirmed_account_cannot_sign_in(self, client):
        self._sign_up(client)
        client.logout()
        response = self._sign_in(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert client.get(reverse("my_disputes")).status_code == 302  # still signed out

    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_the_email_subject_names_the_portal_in_cyrillic_on_kazakh_and_russian(self, client, language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        self._sign_up(client)
        assert mail.outbox[0].subject.startswith("[Татуласу] ")

    def test_the_confirmation_email_comes_in_the_visitors_language(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self._sign_up(client)
        body = mail.outbox[0].body
        assert "Reconciliation Centers" in body
        assert "It is not a court notice." in body

    def test_an_address_already_taken_cannot_sign_up_again(self, client):
        UserFactory(username="taken", email=self.EMAIL)
        self._sign_up(client)
        assert get_user_model().objects.filter(email__iexact=self.EMAIL).count() == 1

    def test_password_reset_sends_a_link_that_opens_the_new_password_form(self, client):
        user = UserFactory(username="reset", email=self.EMAIL)
        user.emailaddress_set.create(email=self.EMAIL, verified=True, primary=True)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(reverse("account_reset_password"), {"email": self.EMAIL})
        assert response["Location"] == reverse("account_reset_password_done")
        assert len(mail.outbox) == 1
        link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
        assert link, mail.outbox[0].body
        # allauth swaps the key for a session token and redirects to the form.
        page = client.get(link.group(1), follow=True)
        assert page.status_code == 200
        assert "Choose a new password" in page.content.decode()

    def test_failed_sign_ins_are_limited_per_address(self, client, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,3/5m/key"}
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        pages = [
            client.post(reverse("account_login"), {"login": self.EMAIL, "password": "wrong"}).content.decode()
            for _ in range(4)
        ]
        assert not any("Too many failed login attempts" in page for page in pages[:3])
        assert "Too many failed login attempts" in pages[3]

    def test_failures_on_other_accounts_do_not_lock_out_an_account_at_the_same_address(self, client):
        user = UserFactory(username=f"owner-{uuid.uuid4().hex[:8]}", email=self.EMAIL)
        user.set_password(self.PASSWORD)
        user.save()
        user.emailaddress_set.create(email=self.EMAIL, verified=True, primary=True)
        # Six failed sign-ins by other people behind the same address (a carrier's NAT).
        for n in range(6):
            other = f"someone-{n}-{uuid.uuid4().hex[:8]}@example.kz"
            client.post(reverse("account_login"), {"login": other, "password": "wrong"})
        response = self._sign_in(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("my_disputes")

    def test_sign_in_attempts_are_limited_per_client(self, client, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
        statuses = [
            client.post(reverse("account_login"), {"login": f"{n}-{self.EMAIL}", "password": "x"}).status_code
            for n in range(3)
        ]
        assert statuses == [200, 200, 429]

    def test_allauth_counts_in_the_shared_cache(self):
        backend = settings.CACHES["default"]["BACKEND"]
        assert backend in {
            "reconciliation.cache.RedisWithDatabaseFallback",
            "django.core.cache.backends.db.DatabaseCache",
        }


class TestErrorPages:
    def test_an_unknown_address_gets_the_sites_404_page(self, client):
        response = _get(client, "/no-such-page/", "en")
        assert response.status_code == 404
        html = response.content.decode()
        _assert_site_shell(html, "en")
        assert "Page not found" in html

    def test_the_500_page_renders_without_a_request(self):
        from django.template.loader import render_to_string
        from django.utils import translation

        with translation.override("ru"):
            html = render_to_string("500.html")
        assert '<html lang="ru">' in html
        _assert_csp_safe(html)


class TestSiteIcon:
    def test_it_is_served_where_browsers_look_for_it(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/vnd.microsoft.icon"
        assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
        assert "max-age" in response["Cache-Control"]

    @pytest.mark.parametrize("name", ["home", "file_dispute", "track", "account_login"])
    def test_every_page_names_it(self, client, name):
        html = _get(client, reverse(name), "kk").content.decode()
        assert re.search(r'<link rel="icon" href="/static/favicon\.ico"', html)


class TestDatesAndTimes:
    """dd.mm.yyyy and the 24-hour clock in every language; <time datetime> values HTML accepts."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_dates_read_day_month_year_and_times_use_24_hours(self, language):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from django.template import Context, Template
        from django.utils import translation

        moment = datetime(2026, 12, 1, 17, 5, 9, 123456, tzinfo=ZoneInfo("Asia/Almaty"))
        template = Template(
            "{% load timestamps %}{{ m|date:'DATE_FORMAT' }}|{{ m|date:'DATETIME_FORMAT' }}|{{ m|time }}"
            "|{{ m|date:'SHORT_DATE_FORMAT' }}|{{ m|machine_datetime }}"
        )
        with translation.override(language):
            text = template.render(Context({"m": moment}))
        assert text == "01.12.2026|01.12.2026 17:05|17:05|01.12.2026|2026-12-01T17:05:09+05:00"

    def test_my_disputes_shows_the_date_without_a_fraction_in_the_machine_value(self, client, citizen):
        from ..factories import DisputeFactory

        DisputeFactory(filed_by=citizen)
        client.force_login(citizen)
        html = _get(client, reverse("my_disputes"), "kk").content.decode()
        values = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
        assert values
        for machine, shown in values:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00", machine), machine
            assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", shown), shown
