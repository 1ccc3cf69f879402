"""Filing a dispute: the one-page form, and the page that shows the case number and code once."""

import logging
import re

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from centers.models import Center, Region

from .. import ratelimit
from ..consent import CONSENT_VERSION, consent_paragraphs
from ..errors import CaseError
from ..forms import IntakeForm, current_language
from ..intake import DISPUTE_FIELDS, PARTY_FIELDS, submit_dispute

logger = logging.getLogger(__name__)

# Where the new case's number and access code wait for the success page, which pops them.
FILED_SESSION_KEY = "intake_filed"


def _preselection(request: HttpRequest) -> dict[str, Region | Center | None]:
    """The center or region a link asked for (?center=slug from the directory, ?region=KZ-71)."""
    slug, code = request.GET.get("center", ""), request.GET.get("region", "")
    # Only well-formed values reach the database (PostgreSQL refuses some characters outright).
    slug = slug if re.fullmatch(r"[-a-zA-Z0-9_]{1,80}", slug) else ""
    code = code if re.fullmatch(r"KZ-[0-9]{2}", code) else ""
    center = Center.objects.filter(slug=slug, is_active=True).select_related("region").first() if slug else None
    region = Region.objects.filter(code=code).first() if code and center is None else None
    return {"center": center, "region": region}


def _render_form(request: HttpRequest, form: IntakeForm, *, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "consent_paragraphs": consent_paragraphs(),
        "consent_version": CONSENT_VERSION,
        "error_summary": form.error_summary() if form.is_bound else [],
    }
    return render(request, "cases/intake.html", context, status=status)


@require_http_methods(["GET", "POST"])
def file_dispute(request: HttpRequest) -> HttpResponse:
    """The intake form; a valid submission is recorded and the browser sent to the success page."""
    if request.method == "GET":
        return _render_form(request, IntakeForm(**_preselection(request)))

    verdict = ratelimit.hit(request, scope="intake", rate=settings.INTAKE_RATE_LIMIT)
    if not verdict.allowed:
        response = render(
            request, "cases/intake_limited.html", {"retry_minutes": -(-verdict.retry_after // 60)}, status=429
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response

    form = IntakeForm(request.POST, request.FILES)
    if not form.is_valid():
        if form.dispute.has_error(NON_FIELD_ERRORS, code="rejected"):
            logger.info("intake form refused: honeypot filled")
        return _render_form(request, form)
    try:
        dispute, access_code = submit_dispute(
            applicant={key: form.applicant.cleaned_data[key] for key in PARTY_FIELDS},
            respondent={key: form.respondent.cleaned_data[key] for key in PARTY_FIELDS},
            dispute={key: form.dispute.cleaned_data[key] for key in DISPUTE_FIELDS},
            files=form.dispute.cleaned_data["attachments"],
            consent_version=CONSENT_VERSION,
            language=current_language(),
            user=request.user,
        )
    except CaseError as exc:
        form.add_error(exc.message)
        return _render_form(request, form)
    request.session[FILED_SESSION_KEY] = {"number": dispute.number, "access_code": access_code}
    return redirect("dispute_filed")


@require_GET
def dispute_filed(request: HttpRequest) -> HttpResponse:
    """Show the new case's number and access code, once: a reload finds them gone."""
    filed = request.session.pop(FILED_SESSION_KEY, None)
    response = render(request, "cases/filed.html", {"filed": filed})
    add_never_cache_headers(response)
    return response
