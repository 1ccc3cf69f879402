"""How allauth fits the portal: the client's address, where people land, sign-up, second factors, languages."""

from typing import Any

from allauth.account import views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from cases import drafts
from cases.ratelimit import client_address

from .back_office import requires_second_factor


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # The same rule as our limits and django-axes (TRUSTED_PROXY_COUNT).
        return client_address(request)

    def format_email_subject(self, subject: str) -> str:
        # The portal's name in the language of the message: «Татуласу» in Kazakh and Russian.
        return f"[{gettext('Tatulasu')}] {subject}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Citizens want their disputes; people of the back office work there.
        if requires_second_factor(request.user):
            return reverse("admin:index")
        return super().get_login_redirect_url(request)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, doing the same work whether the e-mail has an account or not.

    A new account costs a password hash, an existing one only an e-mail ("you already have
    an account"): the difference in time told anyone which addresses have accounts. Both
    paths now hash the password once and send one e-mail.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the hash a new account would cost
        return super().try_save(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The back office cannot be entered without a second factor, so its people keep theirs.
        return not requires_second_factor(authenticator.user)


# --- Sign-in, sign-up and password reset keep what was typed when the language changes ------------
# (cases.drafts). Passwords are never kept; the e-mail address is.


class _KeepsTypedValues:
    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()  # type: ignore[misc]
        if self.request.method == "GET":  # type: ignore[attr-defined]
            initial.update(drafts.initial_for(self.request))  # type: ignore[attr-defined]
        return initial


class LoginView(_KeepsTypedValues, views.LoginView):
    pass


class SignupView(_KeepsTypedValues, views.SignupView):
    pass


class PasswordResetView(_KeepsTypedValues, views.PasswordResetView):
    pass


login = LoginView.as_view()
signup = SignupView.as_view()
password_reset = PasswordResetView.as_view()
