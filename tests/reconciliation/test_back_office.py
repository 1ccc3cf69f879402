"""The back office asks for a second factor on every way in; citizens are not made to have one."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY

from reconciliation.back_office import PATH_PREFIXES, requires_second_factor

from ..factories import UserFactory, add_totp, totp_code, with_verified_email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

PASSWORD = "correct horse battery staple"


def _sign_in_with_password(client, user, next_url="/admin/"):  # type: ignore[no-untyped-def]
    return client.post(f"/accounts/login/?next={next_url}", {"login": user.email, "password": PASSWORD})


@pytest.fixture
def staff(staff_a):  # type: ignore[no-untyped-def]
    return with_verified_email(staff_a)


@pytest.mark.parametrize(
    ("who", "required"),
    [("staff_a", True), ("staff_b", True), ("mediator_user", True), ("official", True), ("citizen", False)],
)
def test_everyone_of_the_back_office_and_no_citizen_must_have_a_second_factor(request, who, required):
    assert requires_second_factor(request.getfixturevalue(who)) is required


def test_the_operator_must_have_one_too():
    assert requires_second_factor(UserFactory(is_superuser=True))
    assert requires_second_factor(UserFactory(is_staff=True))


class TestAdminLogin:
    def test_it_sends_visitors_to_the_sign_in_that_asks_for_the_second_factor(self, client):
        response = client.get("/admin/login/?next=/admin/cases/dispute/")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/admin/cases/dispute/"

    def test_a_password_posted_to_it_signs_nobody_in(self, client, staff):
        response = client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert SESSION_KEY not in client.session
        assert client.get("/admin/").status_code == 302

    def test_it_never_signs_a_signed_in_person_in_as_someone_else(self, client, staff, official):
        with_verified_email(official)
        client.force_login(staff)

        response = client.post("/admin/login/", {"username": official.username, "password": PASSWORD})

        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(staff.pk)

    def test_a_signed_in_citizen_is_refused_rather_than_sent_round_in_circles(self, client, citizen):
        client.force_login(citizen)

        assert client.get("/admin/login/?next=/admin/").status_code == 403

    def test_it_ignores_a_next_address_on_another_site(self, client, staff):
        client.force_login(staff)

        response = client.get("/admin/login/?next=https://evil.example/")

        assert response["Location"] == "/admin/"


class TestSignInWithSecondFactor:
    def test_the_password_alone_gives_no_session_that_reaches_the_admin(self, client, staff):
        response = _sign_in_with_password(client, staff)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        assert SESSION_KEY not in client.session
        admin = client.get("/admin/")
        assert admin.status_code == 302
        assert admin["Location"].startswith("/admin/login/")

    def test_the_password_and_the_authenticator_code_open_the_admin(self, client, staff):
        secret = add_totp(staff)
        _sign_in_with_password(client, staff)

        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert client.session[SESSION_KEY] == str(staff.pk)
        assert client.get("/admin/").status_code == 200

    def test_a_wrong_code_opens_nothing(self, client, staff):
        secret = add_totp(staff)
        _sign_in_with_password(client, staff)
        wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

        response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

        assert response.status_code == 200
        assert SESSION_KEY not in client.session

    def test_a_recovery_code_opens_the_admin_once(self, client, staff):
        code = RecoveryCodes.activate(staff).generate_codes()[0]
        _sign_in_with_password(client, staff)
        assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
        assert client.get("/admin/").status_code == 200

        client.logout()
        _sign_in_with_password(client, staff)
        client.post("/accounts/2fa/authenticate/", {"code": code})

        assert SESSION_KEY not in client.session

    def test_back_office_people_land_in_the_admin_when_no_page_was_asked_for(self, client, staff):
        secret = add_totp(staff)
        client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})

        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

        assert response["Location"] == "/admin/"


class TestSetUp:
    @pytest.fixture
    def newcomer(self, groups, center_a):  # type: ignore[no-untyped-def]
        """Center staff without a second factor yet, as a new account is."""
        from centers.access import STAFF_GROUP

        user = UserFactory(username="newcomer", is_staff=True, second_factor=False)
        user.groups.add(groups[STAFF_GROUP])
        center_a.staff.add(user)
        return with_verified_email(user)

    @pytest.mark.parametrize("path", [prefix + "cases/dispute/" for prefix in PATH_PREFIXES] + list(PATH_PREFIXES))
    def test_back_office_pages_send_them_to_set_one_up_first(self, client, newcomer, path):
        _sign_in_with_password(client, newcomer)
        assert client.session[SESSION_KEY] == str(newcomer.pk)  # signed in with the password alone

        response = client.get(path)

        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"

    def test_once_set_up_the_admin_opens_and_the_recovery_codes_are_shown(self, client, newcomer):
        _sign_in_with_password(client, newcomer)
        # allauth asks for the password again before a second factor is added (a left-open session is not enough).
        asked = client.get("/accounts/2fa/totp/activate/")
        assert asked["Location"].startswith("/accounts/reauthenticate/")
        assert client.post(asked["Location"], {"password": PASSWORD})["Location"] == "/accounts/2fa/totp/activate/"
        page = client.get("/accounts/2fa/totp/activate/")
        assert page.status_code == 200
        secret = client.session[SECRET_SESSION_KEY]

        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/recovery-codes/"
        codes_page = client.get(response["Location"]).content.decode()
        codes = RecoveryCodes(Authenticator.objects.get(user=newcomer, type="recovery_codes")).generate_codes()
        assert all(code in codes_page for code in codes)
        assert 'href="/admin/"' in codes_page  # the way on to the back office
        assert client.get("/admin/").status_code == 200

    def test_they_may_sign_out_without_one(self, client, newcomer):
        _sign_in_with_password(client, newcomer)

        response = client.post("/admin/logout/")

        assert response.status_code == 200
        assert SESSION_KEY not in client.session

    def test_they_cannot_remove_the_second_factor_they_have(self, client, staff):
        add_totp(staff)
        client.force_login(staff)
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})

        response = client.post("/accounts/2fa/totp/deactivate/")

        assert response.status_code == 200
        assert Authenticator.objects.filter(user=staff, type="totp").exists()


class TestCitizens:
    def test_they_sign_in_with_a_password_and_are_not_made_to_add_a_factor(self, client, citizen):
        with_verified_email(citizen)

        response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})

        assert response.status_code == 302
        assert response["Location"] == "/my/"
        assert client.get("/my/").status_code == 200

    def test_one_who_added_a_factor_is_asked_for_it(self, client, citizen):
        secret = add_totp(with_verified_email(citizen))
        client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
        assert SESSION_KEY not in client.session

        client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

        assert client.session[SESSION_KEY] == str(citizen.pk)
        assert re.search(r"no-store", client.get("/my/")["Cache-Control"])
