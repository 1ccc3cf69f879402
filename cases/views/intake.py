"""Filing a dispute: the one-page form, and the page that shows the case number and code.

The form is one instance across every time it is sent (cases.submissions): files that
passed their checks stay with it when something else must be corrected, a change of
language keeps everything typed (cases.drafts), and however often it is sent it files one
dispute. Two rate limits per client address: every post counts against the looser
INTAKE_POST_RATE_LIMIT, and only disputes filed count against INTAKE_RATE_LIMIT, so
people behind one address (a carrier's NAT) who make mistakes do not lock each other out.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from centers.models import Center, Region

from .. import drafts, ratelimit, submissions
from ..consent import CONSENT_VERSION, consent_paragraphs
from ..errors import CaseError
from ..forms import IntakeForm, current_language
from ..intake import DISPUTE_FIELDS, PARTY_FIELDS, AlreadyFiled, code_destinations, submit_dispute
from ..models import Dispute

logger = logging.getLogger(__name__)

# What the success page shows: the case number, where the code was sent, and the code
# itself until the page has shown it once.
FILED_SESSION_KEY = "intake_filed"
_TOKEN_FIELD = "dispute-form_token"  # noqa: S105 (a field name, not a secret)


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
        "kept_files": [row for row, ticked in form.dispute.kept_choices() if ticked],
    }
    return render(request, "cases/intake.html", context, status=status)


def _show_filed(request: HttpRequest, dispute: Dispute, access_code: str | None) -> HttpResponse:
    filed = {"dispute": dispute.pk, "number": dispute.number, "sent_to": code_destinations(dispute)}
    request.session[FILED_SESSION_KEY] = filed | ({"access_code": access_code} if access_code else {})
    return redirect("dispute_filed")


def _keep_passed_files(form: IntakeForm, token: str) -> None:
    """Keep the new files that passed their checks, within the limit of files per dispute; drop unticked ones."""
    dispute_form = form.dispute
    ticked = [str(value) for value in (dispute_form["keep"].value() or [])]
    submissions.discard(row for row in dispute_form.kept if str(row.pk) not in ticked)
    room = settings.ATTACHMENT_MAX_FILES - len(ticked)
    if dispute_form.passed_uploads and len(dispute_form.passed_uploads) <= room:
        kept = submissions.keep(token_digest=token, uploads=dispute_form.passed_uploads)
        # Shown ticked on the page that comes back.
        dispute_form.data.setlist(dispute_form.add_prefix("keep"), ticked + [str(row.pk) for row in kept])
    dispute_form.kept = submissions.kept_files(token)
    dispute_form.fields["keep"].choices = [(str(row.pk), row.original_name) for row in dispute_form.kept]


@require_http_methods(["GET", "POST"])
def file_dispute(request: HttpRequest) -> HttpResponse:
    """The intake form; a valid submission is recorded and the browser sent to the success page."""
    if request.method == "GET":
        draft = drafts.pop(request, request.path)
        token = (draft or {}).get(_TOKEN_FIELD, "")
        token_digest = submissions.digest(token)
        if token_digest is None:
            token = submissions.new_token()
        form = IntakeForm(**_preselection(request), kept=submissions.kept_files(token_digest), token=token, draft=draft)
        return _render_form(request, form)

    posted = ratelimit.hit(request, scope="intake-post", rate=settings.INTAKE_POST_RATE_LIMIT)
    if not posted.allowed:
        return _limited(request, posted.retry_after)

    data = request.POST.copy()
    token_digest = submissions.digest(data.get(_TOKEN_FIELD, ""))
    # A double click, or the same form sent again: the dispute it filed.
    if (earlier := submissions.filed_with(token_digest)) is not None:
        return _show_filed(request, earlier, None)
    if token_digest is None:
        # No token, or a forged one: this post starts a new instance of the form.
        data[_TOKEN_FIELD] = submissions.new_token()
        token_digest = submissions.digest(data[_TOKEN_FIELD]) or ""
    form = IntakeForm(data, request.FILES, kept=submissions.kept_files(token_digest))
    valid = form.is_valid()

    if (language := drafts.chosen_language(request)) is not None:
        # The language switcher sent the form along: keep everything, files too, and show it again.
        _keep_passed_files(form, token_digest)
        drafts.save(request, path=request.path, data=form.dispute.data)
        return drafts.switch_language(request, language=language, next_url=request.get_full_path())
    if not valid:
        if form.dispute.has_error(NON_FIELD_ERRORS, code="rejected"):
            logger.info("intake form refused: honeypot filled")
        _keep_passed_files(form, token_digest)
        return _render_form(request, form)

    filing = ratelimit.peek(key=ratelimit.client_key(request, "intake"), rate=settings.INTAKE_RATE_LIMIT)
    if not filing.allowed:
        _keep_passed_files(form, token_digest)
        form.add_error(_too_many_filed(filing.retry_after))
        response = _render_form(request, form, status=429)
        response["Retry-After"] = str(filing.retry_after)
        return response

    kept = form.dispute.kept_to_file()
    files = [submissions.as_checked(row) for row in kept] + form.dispute.cleaned_data["attachments"]
    try:
        dispute, access_code = submit_dispute(
            applicant={key: form.applicant.cleaned_data[key] for key in PARTY_FIELDS},
            respondent={key: form.respondent.cleaned_data[key] for key in PARTY_FIELDS},
            dispute={key: form.dispute.cleaned_data[key] for key in DISPUTE_FIELDS},
            files=files,
            consent_version=CONSENT_VERSION,
            language=current_language(),
            user=request.user,
            intake_token=token_digest,
        )
    except AlreadyFiled as already:
        return _show_filed(request, already.dispute, None)
    except CaseError as exc:
        form.add_error(exc.message)
        _keep_passed_files(form, token_digest)
        return _render_form(request, form)
    finally:
        for upload in files:
            upload.file.close()
    ratelimit.count(key=ratelimit.client_key(request, "intake"), rate=settings.INTAKE_RATE_LIMIT)
    submissions.discard(submissions.kept_files(token_digest))
    return _show_filed(request, dispute, access_code)


def _too_many_filed(retry_after: int) -> str:
    minutes = max(1, -(-retry_after // 60))
    return ngettext(
        "Too many disputes were filed from this device or network. Your form is kept as it is: "
        "send it again in %(minutes)d minute.",
        "Too many disputes were filed from this device or network. Your form is kept as it is: "
        "send it again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _limited(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "cases/intake_limited.html", {"retry_minutes": -(-retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@require_GET
def dispute_filed(request: HttpRequest) -> HttpResponse:
    """The new case's number, its documents and where the code was sent; the code itself only the first time."""
    filed = request.session.get(FILED_SESSION_KEY)
    access_code = None
    if isinstance(filed, dict) and "access_code" in filed:
        access_code = filed.pop("access_code")
        request.session[FILED_SESSION_KEY] = filed
    dispute = None
    if isinstance(filed, dict):
        dispute = Dispute.objects.filter(pk=filed.get("dispute")).select_related("center").first()
    context = {
        "dispute": dispute,
        "sent_to": filed.get("sent_to", []) if dispute else [],
        "access_code": access_code if dispute else None,
        "documents": list(dispute.attachments.filter(from_applicant=True)) if dispute else [],
    }
    response = render(request, "cases/filed.html", context)
    add_never_cache_headers(response)
    return response
