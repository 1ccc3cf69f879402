"""The back office asks for a second factor: who must have one, where, and the only way in.

Every sign-in goes through allauth, which asks for the second factor of an account that has
one (`/admin/login/` only sends people there). People of the back office who have none yet
are sent to set one up (TOTP and recovery codes) before they see any back-office page.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from centers.access import AnyUser, group_names

# Every URL prefix of the back office, in one place: a new back-office area adds its own.
PATH_PREFIXES: tuple[str, ...] = ("/admin/",)
# The ways out and in, which a person without a second factor must still reach.
_OPEN_URL_NAMES = ("admin:login", "admin:logout")


def requires_second_factor(user: AnyUser) -> bool:
    """Whether this account must sign in with a second factor: everyone who works in the back office.

    The operator (superuser), staff accounts, and every member of a role group (center staff,
    mediators, oversight officials). Citizens may add one, but are not made to.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or group_names(user))


def has_second_factor(user: AnyUser) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def is_back_office_path(path: str) -> bool:
    return path.startswith(PATH_PREFIXES)


class SecondFactorMiddleware:
    """Send people of the back office without a second factor to set one up before any back-office page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            is_back_office_path(request.path_info)
            and request.path_info not in {reverse(name) for name in _OPEN_URL_NAMES}
            and requires_second_factor(request.user)
            and not has_second_factor(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Stands in for the admin's own sign-in, which takes a password alone.

    Anonymous visitors go to allauth's sign-in (password, then the second factor) and come
    back; a signed-in person is never signed in again here as someone else.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    if admin.site.has_permission(request):
        return redirect(next_url)
    raise PermissionDenied
