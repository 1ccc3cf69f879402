"""Root URLs. No language prefix: the language comes from the cookie or the browser."""

from django.contrib import admin
from django.urls import include, path

from . import back_office, views

# The admin's own sign-in takes a password alone; every way into the back office goes
# through allauth's, which asks for the second factor.
admin.site.login = back_office.admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("centers/", include("centers.urls")),
    path("", include("cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
