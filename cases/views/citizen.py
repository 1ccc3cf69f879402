"""A signed-in citizen's pages: the list of their disputes and claiming one filed without an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import claims, drafts, ratelimit
from ..access import own_disputes
from ..errors import CaseError
from ..forms import CaseCredentialsForm

TOO_MANY_ATTEMPTS = _("Too many attempts. Wait a while and try again.")


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
        form = CaseCredentialsForm(initial=drafts.initial_for(request, CaseCredentialsForm.base_fields))
        return render(request, "cases/claim.html", {"form": form})
    # Both limits count every attempt, before the code is checked.
    by_address = ratelimit.hit(request, scope="claim", rate=settings.CLAIM_IP_RATE_LIMIT)
    by_account = _hit_account(request.user.pk)
    if not (by_address.allowed and by_account.allowed):
        response = render(
            request, "cases/claim.html", {"form": CaseCredentialsForm(), "error": TOO_MANY_ATTEMPTS}, status=429
        )
        response["Retry-After"] = str(max(v.retry_after for v in (by_address, by_account) if not v.allowed))
        return response
    form = CaseCredentialsForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/claim.html", {"form": form})
    try:
        dispute = claims.claim_dispute(
            user=request.user, number=form.cleaned_data["number"], access_code=form.cleaned_data["access_code"]
        )
    except CaseError as error:
        # The same page for a wrong number and a wrong code, with what was typed kept to fix.
        return render(request, "cases/claim.html", {"form": form, "error": error.message})
    messages.success(request, _("Case %(number)s is now in your disputes.") % {"number": dispute.number})
    return redirect("my_disputes")
