"""Case tracking: a number and access code open the case's page for this browser session.

The number and code travel only in a POST body and are never logged; the session then
remembers the dispute id. Every response is marked no-store so a shared computer's cache
keeps nothing.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, drafts, ratelimit, tracking
from ..forms import CaseCredentialsForm
from .files import attachment_response

logger = logging.getLogger(__name__)


def no_store(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark every response of `view` as not to be stored by any cache, old HTTP/1.0 ones included."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response

    return wrapped


def _posted_id(request: HttpRequest) -> int:
    value = request.POST.get("dispute", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


def _limited(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(
        request, "cases/track_limited.html", {"retry_minutes": max(1, (retry_after + 59) // 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


@no_store
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The form asking for a case number and access code."""
    not_found = False
    if request.method == "POST":
        verdict = ratelimit.hit(request, scope="tracking", rate=settings.TRACKING_RATE_LIMIT)
        if not verdict.allowed:
            logger.warning("tracking rate limit reached")
            return _limited(request, verdict.retry_after)
        form = CaseCredentialsForm(request.POST)
        if form.is_valid():
            dispute = tracking.find_dispute(
                number=form.cleaned_data["number"], access_code=form.cleaned_data["access_code"]
            )
            if dispute is not None:
                tracking.remember_tracked_dispute(request, dispute)
                logger.info("dispute %s opened for tracking", dispute.pk)
                return redirect("track_case")
            # The same page for a wrong number and a wrong code: it shows back what was typed
            # (to fix one wrong character) and nothing about which of the two was wrong.
            not_found = True
    else:
        form = CaseCredentialsForm(initial=drafts.initial_for(request, CaseCredentialsForm.base_fields))
    context = {"form": form, "not_found": not_found, "following": bool(tracking.tracked_ids(request))}
    return render(request, "cases/track.html", context)


@no_store
@require_GET
def track_case(request: HttpRequest) -> HttpResponse:
    """The followed case: status, what happens next, timeline, next meeting, documents."""
    overview = tracking.current_overview(request)
    if overview is None:
        return redirect("track")
    return render(request, "cases/track_case.html", {"overview": overview, "dispute": overview.dispute})


@no_store
@require_POST
def track_switch(request: HttpRequest) -> HttpResponse:
    """Show another case this session already follows."""
    tracking.show_tracked_dispute(request, _posted_id(request))
    return redirect("track_case")


@no_store
@login_required
@require_POST
def track_open(request: HttpRequest) -> HttpResponse:
    """Open a dispute the signed-in citizen owns, without its access code."""
    dispute = access.own_disputes(request.user).filter(pk=_posted_id(request)).first()
    if dispute is None:
        raise Http404
    tracking.remember_tracked_dispute(request, dispute)
    return redirect("track_case")


@no_store
@require_POST
def track_forget(request: HttpRequest) -> HttpResponse:
    """Stop following every case on this device."""
    tracking.forget_tracked_disputes(request)
    messages.info(request, _("You have signed out of your case on this device."))
    return redirect("track")


@no_store
@require_GET
def track_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Download a document shared with the parties of a followed case."""
    attachment = tracking.shared_attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("attachment %s has no file in storage", attachment.pk)
        raise Http404 from None
    return attachment_response(attachment, handle)
