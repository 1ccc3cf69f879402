"""Root URLs. No language prefix: the language comes from the cookie or the browser."""

from django.contrib import admin
from django.urls import include, path

from . import accounts, back_office, views

# The admin's own sign-in takes a password alone; every way into the back office goes
# through allauth's, which asks for the second factor.
admin.site.login = back_office.admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("centers/", include("centers.urls")),
    path("", include("cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: the same pages, keeping what was typed when the language changes.
    path("accounts/login/", accounts.login, name="account_login"),
    path("accounts/signup/", accounts.signup, name="account_signup"),
    path("accounts/password/reset/", accounts.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", include("oversight.urls")),
    path("admin/", admin.site.urls),
]
