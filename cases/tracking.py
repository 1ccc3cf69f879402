"""What a party following a case may see, and which cases this browser session follows.

A case is followed after its number and access code were given (or after its owner opened
it from their account); the session keeps the dispute ids, never the code. Everything
shown to a party comes from the selectors here: public events only, documents shared with
the parties only, identifiers masked.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import events
from .models import (
    Attachment,
    CaseEvent,
    Dispute,
    Hearing,
    Party,
    Status,
    access_code_matches,
    format_access_code,
)

SESSION_KEY = "tracked_disputes"
MAX_TRACKED = 10

# Compared against when no dispute has the number, so a wrong number costs the same
# hash and comparison as a wrong code.
_DUMMY_HASH = secrets.token_hex(32)

STATUS_EXPLANATIONS: dict[str, Promise] = {
    Status.SUBMITTED: _(
        "The center has received the dispute. Its staff will check that it can be settled by mediation "
        "and will contact you."
    ),
    Status.UNDER_REVIEW: _(
        "The center is reviewing the dispute. If it can be mediated, the other party will be invited to mediation."
    ),
    Status.AWAITING_RESPONDENT: _(
        "The other party has been invited to mediation and is asked to answer. Mediation is voluntary: "
        "nothing is scheduled until they agree."
    ),
    Status.SCHEDULING: _(
        "The other party agreed to mediation. The center will choose a mediator and a time for the first "
        "meeting and let you know."
    ),
    Status.IN_MEDIATION: _(
        "Mediation is under way. Come to the meetings shown on this page; the mediator helps both parties "
        "look for an agreement."
    ),
    Status.SETTLED: _("The parties signed an agreement on the results of mediation. The case is closed."),
    Status.NOT_SETTLED: _(
        "Mediation ended without an agreement. The case is closed; you keep the right to go to court."
    ),
    Status.REJECTED: _(
        "The center cannot settle this dispute by mediation. The case is closed; you keep the right to go to court."
    ),
    Status.DECLINED: _(
        "The other party declined mediation. Mediation is voluntary, so the case is closed; you keep the right "
        "to go to court."
    ),
    Status.WITHDRAWN: _("The dispute was withdrawn. The case is closed."),
}

# Cyrillic letters that look like the Latin ones of numbers and codes, typed on a Kazakh
# or Russian keyboard layout.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУавекмнорстху", "ABEKMHOPCTXYABEKMHOPCTXY")


def normalise_number(number: str) -> str:
    """A case number as typed, in the stored form: no spaces, Latin upper case."""
    return re.sub(r"\s+", "", (number or "")[:60]).translate(_LOOKALIKES).upper()[:40]


# Codes issued before 2026-12: eight groups of four and one more character.
_LEGACY_CODE_LENGTH = 33


def normalise_access_code(code: str) -> str:
    """The access code as issued (groups of four, upper case), however it was typed.

    Spaces, dashes and case do not matter, nor letters typed on a Cyrillic layout.
    """
    raw = re.sub(r"[^0-9A-Za-z]", "", (code or "")[:200].translate(_LOOKALIKES)).upper()[:64]
    if len(raw) == _LEGACY_CODE_LENGTH:
        return format_access_code(raw[:32]) + raw[32:]
    return format_access_code(raw)


def find_dispute(*, number: str, access_code: str) -> Dispute | None:
    """The dispute with this number and access code, or None; the same work happens either way."""
    # A bare tuple rather than a model keeps the found / not-found paths close in cost.
    row = Dispute.objects.filter(number=normalise_number(number)).values_list("pk", "access_code_hash").first()
    pk, stored = row if row is not None else (None, _DUMMY_HASH)
    matches = access_code_matches(stored, normalise_access_code(access_code))
    # Only a success, which answers differently anyway, costs a second query.
    return Dispute.objects.get(pk=pk) if pk is not None and matches else None


# --- The session's list of followed cases -------------------------------------------------


def tracked_ids(request: HttpRequest) -> list[int]:
    """Ids of the disputes this session follows, the one shown last."""
    value = request.session.get(SESSION_KEY, [])
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def remember_tracked_dispute(request: HttpRequest, dispute: Dispute) -> None:
    """Let this session follow `dispute` and show it now. Call only after checking the right to see it."""
    ids = [pk for pk in tracked_ids(request) if pk != dispute.pk] + [dispute.pk]
    if SESSION_KEY not in request.session:
        # First case in this session: a fresh session key defeats session fixation.
        request.session.cycle_key()
    request.session[SESSION_KEY] = ids[-MAX_TRACKED:]


def show_tracked_dispute(request: HttpRequest, pk: int) -> bool:
    """Make an already followed dispute the one shown; False when this session does not follow it."""
    ids = tracked_ids(request)
    if pk not in ids:
        return False
    request.session[SESSION_KEY] = [other for other in ids if other != pk] + [pk]
    return True


def forget_tracked_disputes(request: HttpRequest) -> None:
    """Stop following every case in this session."""
    request.session.pop(SESSION_KEY, None)


# --- What the tracking page shows ----------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    description: Promise


@dataclass(frozen=True)
class CaseOverview:
    dispute: Dispute
    explanation: Promise
    timeline: list[TimelineEntry]
    next_hearing: Hearing | None
    documents: list[Attachment]  # shared with the parties by the center
    own_documents: list[Attachment]  # the applicant's, attached when filing
    parties: list[Party]
    others: list[Dispute]  # other followed cases, to switch to


def current_overview(request: HttpRequest) -> CaseOverview | None:
    """The case this session shows now, with everything a party may see of it; None when none is followed."""
    ids = tracked_ids(request)
    if not ids:
        return None
    dispute = (
        Dispute.objects.filter(pk=ids[-1])
        .select_related("center")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.filter(is_public=True).order_by("created_at", "pk")),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(Q(shared_with_parties=True) | Q(from_applicant=True)),
            ),
            Prefetch("parties", queryset=Party.objects.order_by("role", "pk")),
        )
        .first()
    )
    if dispute is None:  # deleted since: stop following it
        request.session[SESSION_KEY] = ids[:-1]
        return current_overview(request) if ids[:-1] else None
    next_hearing = (
        Hearing.objects.filter(dispute=dispute, status=Hearing.Status.SCHEDULED, end__gte=timezone.now())
        .select_related("room")
        .order_by("start")
        .first()
    )
    others = list(Dispute.objects.filter(pk__in=ids[:-1]).only("pk", "number").order_by("number"))
    return CaseOverview(
        dispute=dispute,
        explanation=STATUS_EXPLANATIONS.get(dispute.status, events.UNKNOWN),
        timeline=[TimelineEntry(at=e.created_at, description=events.describe(e.action)) for e in dispute.events.all()],
        next_hearing=next_hearing,
        documents=[a for a in dispute.attachments.all() if a.shared_with_parties and not a.from_applicant],
        own_documents=[a for a in dispute.attachments.all() if a.from_applicant],
        parties=list(dispute.parties.all()),
        others=others,
    )


def shared_attachment(request: HttpRequest, pk: int) -> Attachment:
    """A document of a case this session follows, shared with the parties or the applicant's own; 404 otherwise."""
    attachment = (
        Attachment.objects.filter(pk=pk, dispute_id__in=tracked_ids(request))
        .filter(Q(shared_with_parties=True) | Q(from_applicant=True))
        .only("pk", "file", "original_name", "content_type", "dispute_id")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment
