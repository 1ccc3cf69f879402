"""The dashboard link in the site's and the admin's navigation, for those who may open it."""

from django.http import HttpRequest
from django.urls import reverse

from .access import may_see_dashboard


def dashboard_link(request: HttpRequest) -> dict[str, str]:
    # is_staff is read first inside may_see_dashboard: citizens' pages cost no query for this.
    user = getattr(request, "user", None)
    if user is None or not may_see_dashboard(user):
        return {}
    return {"dashboard_url": reverse("oversight:dashboard")}
