"""A signed-in citizen's pages: the list of their disputes and claiming one filed without an account."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import claims, ratelimit
from ..access import own_disputes
from ..errors import CaseError

TOO_MANY_ATTEMPTS = _("Too many attempts. Wait a while and try again.")


class ClaimForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("For example AST-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=100,
        help_text=_("The code you received when you filed the dispute."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


def _hit_account(user_pk: int) -> ratelimit.Verdict:
    """Count one claim attempt of this account: an account moving between addresses is held too."""
    return ratelimit.count(key=f"claim-account:{user_pk}", rate=settings.CLAIM_RATE_LIMIT)


@login_required
@require_GET
def my_disputes(request: HttpRequest) -> HttpResponse:
    """The disputes this account filed or claimed, the most recently changed first."""
    disputes = own_disputes(request.user).select_related("center").order_by("-updated_at", "-pk")
    return render(request, "cases/my_disputes.html", {"disputes": disputes})


@login_required
@require_http_methods(["GET", "POST"])
def claim_dispute(request: HttpRequest) -> HttpResponse:
    """Add a dispute to this account with its case number and access code."""
    if request.method != "POST":
        return render(request, "cases/claim.html", {"form": ClaimForm()})
    # Both limits count every attempt, before the code is checked.
    by_address = ratelimit.hit(request, scope="claim", rate=settings.CLAIM_IP_RATE_LIMIT)
    by_account = _hit_account(request.user.pk)
    if not (by_address.allowed and by_account.allowed):
        response = render(request, "cases/claim.html", {"form": ClaimForm(), "error": TOO_MANY_ATTEMPTS}, status=429)
        response["Retry-After"] = str(max(v.retry_after for v in (by_address, by_account) if not v.allowed))
        return response
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/claim.html", {"form": form})
    try:
        dispute = claims.claim_dispute(
            user=request.user, number=form.cleaned_data["number"], access_code=form.cleaned_data["access_code"]
        )
    except CaseError as error:
        # Echo nothing back: a wrong number and a wrong code must give the same page.
        return render(request, "cases/claim.html", {"form": ClaimForm(), "error": error.message})
    messages.success(request, _("Case %(number)s is now in your disputes.") % {"number": dispute.number})
    return redirect("my_disputes")
