"""The respondent's answer to the invitation to mediation, through a signed link.

The page speaks the respondent's language (Party.language) unless this browser chose one
with the language switcher. The token is in the path, so these pages send no Referer to
other sites and are never stored by caches.
"""

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from centers.plaintext import PlainTextFormField

from .. import drafts, invitations, workflow
from ..errors import CaseError
from ..models import Party, Status
from .tracking import no_store

logger = logging.getLogger(__name__)


class AnswerForm(forms.Form):
    AGREE, DECLINE = "agree", "decline"

    decision = forms.ChoiceField(choices=[(AGREE, AGREE), (DECLINE, DECLINE)], widget=forms.HiddenInput)
    # Agreeing takes two steps: the first shows what the respondent agrees to, the second records it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = PlainTextFormField(
        label=_("Reason (optional)"),
        help_text=_("Only the center's staff read it. At most 1000 characters."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )


def _language(request: HttpRequest, party: Party | None) -> str:
    # A choice made with the switcher (the cookie) wins over the language the applicant gave for the respondent.
    if party is not None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        return party.language
    return translation.get_language()


def _page(
    request: HttpRequest,
    party: Party | None,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    language = _language(request, party)
    with translation.override(language):
        context = {"party": party, **(context or {})}
        if party is not None:
            dispute = party.dispute
            context |= {
                "dispute": dispute,
                "center": dispute.center,
                "applicants": [p.name for p in dispute.parties.all() if p.role == Party.Role.APPLICANT],
                "answer_by": invitations.answer_by(party),
            }
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    # Not "no-referrer": under it browsers send "Origin: null" with the answer's POST, which
    # Django's CSRF check refuses. "same-origin" still keeps the token from every other site.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if status >= 400:
        # django.request would log the path, token included, for a 4xx; we log without it.
        response._has_been_logged = True  # type: ignore[attr-defined]
        logger.info("respondent link refused (%s, party %s)", status, party.pk if party else "-")
    return response


@no_store
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invitation and take the respondent's answer: agree (after a confirmation), or decline with a reason."""
    try:
        party = invitations.party_for_token(token)
    except invitations.InvitationExpired as expired:
        if expired.party.response != Party.Response.PENDING:
            return _page(request, expired.party, "cases/respond_answered.html")
        return _page(request, expired.party, "cases/respond_invalid.html", {"expired": True}, status=410)
    except invitations.InvitationInvalid:
        return _page(request, None, "cases/respond_invalid.html", {"expired": False}, status=404)

    if party.response != Party.Response.PENDING:
        return _page(request, party, "cases/respond_answered.html")
    if party.dispute.status != Status.AWAITING_RESPONDENT:
        return _page(request, party, "cases/respond_closed.html")

    if request.method == "GET":
        form = AnswerForm(initial=drafts.initial_for(request, ["reason"]))
        return _page(request, party, "cases/respond.html", {"form": form})
    form = AnswerForm(request.POST)
    if form.is_valid() and form.cleaned_data["decision"] == AnswerForm.AGREE and not form.cleaned_data["confirmed"]:
        return _page(request, party, "cases/respond_confirm.html", {"form": form})
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == AnswerForm.AGREE:
                workflow.respondent_agrees(party=party)
            else:
                workflow.respondent_declines(party=party, reason=form.cleaned_data["reason"])
        except CaseError:
            # Answered or closed in the meantime: the page now says which.
            return redirect("respond", token=token)
        logger.info("respondent %s answered the invitation of dispute %s", party.pk, party.dispute_id)
        with translation.override(_language(request, party)):
            messages.success(request, str(_("Thank you. Your answer has been recorded and the center informed.")))
        return redirect("respond", token=token)
    return _page(request, party, "cases/respond.html", {"form": form}, status=400)
