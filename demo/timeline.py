"""Plans one demo dispute: who, what, and its life from filing up to now, in memory only.

Every dispute follows the real workflow: it is filed, accepted for review, the respondent
is invited and answers, a hearing is booked, and it ends settled or not; some are
rejected, declined or withdrawn on the way. The whole life is drawn first (the outcome
and how long each step takes) and then cut at `now`: the status is wherever the dispute
stands at that moment, so events, hearings and agreements always agree with it.

The first ten demo disputes are placed in time so that each status appears at least once.
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.conf import settings
from phonenumber_field.phonenumber import PhoneNumber

from cases.events import Action
from cases.models import ACCESS_CODE_ALPHABET, ACCESS_CODE_LENGTH, Party, Status, format_access_code
from centers.choices import DisputeCategory
from centers.validators import with_check_digit

from . import vocabulary as words
from .accounts import DEMO_DOMAIN
from .calendar import HEARING_LENGTH, LOCAL, SlotBook

# The marker that tells demo disputes from real ones (counted to top up to N).
DEMO_MARK = "[demo]"
SPAN_DAYS = 730  # demo disputes were filed over the last two years, more of them lately
CONSENT_VERSION = "2026-11-v1"  # the wording of cases.consent at the time of writing

SUBMITTED = Action.DISPUTE_SUBMITTED.value
ACCEPTED = Action.DISPUTE_ACCEPTED.value
REJECTED = Action.DISPUTE_REJECTED.value
INVITED = Action.RESPONDENT_INVITED.value
AGREED = Action.RESPONDENT_AGREED.value
DECLINED = Action.RESPONDENT_DECLINED.value
BOOKED = Action.HEARING_BOOKED.value
HELD = Action.HEARING_HELD.value
STARTED = Action.MEDIATION_STARTED.value
SETTLED = Action.DISPUTE_SETTLED.value
NOT_SETTLED = Action.DISPUTE_NOT_SETTLED.value
WITHDRAWN = Action.DISPUTE_WITHDRAWN.value

# Indices 0..9 take these statuses; 0–2 are the demo citizen's own disputes.
FORCED = (
    Status.IN_MEDIATION, Status.SETTLED, Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_RESPONDENT,
    Status.SCHEDULING, Status.NOT_SETTLED, Status.REJECTED, Status.DECLINED, Status.WITHDRAWN,
)  # fmt: skip
CITIZEN_INDICES = range(3)

OUTCOMES = (Status.SETTLED, Status.NOT_SETTLED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN)
OUTCOME_CUMULATIVE = list(accumulate((58, 15, 12, 8, 7)))
WITHDRAW_STAGES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_RESPONDENT, Status.SCHEDULING)
CATEGORIES = list(words.CATEGORY_SHARES)
CATEGORY_CUMULATIVE = list(accumulate(words.CATEGORY_SHARES.values()))
LANGUAGES = ("kk", "ru", "en")
LANGUAGE_CUMULATIVE = list(accumulate((55, 40, 5)))


@dataclass
class CenterInfo:
    """What planning needs to know of a center, read from the database once."""

    id: int
    code: str
    prefix: str
    city: dict[str, str]
    staff_id: int | None
    mediators: list[tuple[int, frozenset[str]]]
    room_ids: list[int]


@dataclass
class Plan:
    """One dispute and everything that belongs to it, ready to be turned into rows."""

    index: int
    center: CenterInfo
    dispute: dict[str, Any]
    applicant: dict[str, Any]
    respondent: dict[str, Any]
    events: list[tuple[datetime, str, int | None, str, dict[str, Any]]] = field(default_factory=list)
    hearing: dict[str, Any] | None = None
    settlement: dict[str, Any] | None = None
    feedback: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class CheckedPhone(PhoneNumber):
    """A number built valid: a million parties are not parsed and validated one by one on insert."""

    def __init__(self, national: str) -> None:
        super().__init__(country_code=7, national_number=int(national))
        self.e164 = f"+7{national}"

    def is_valid(self) -> bool:
        return True  # built from a known mobile prefix and seven digits

    def format_as(self, fmt: int) -> str:
        return self.e164 if fmt == self.format_map["E164"] else super().format_as(fmt)


def demo_access_code(*, seed: int, index: int) -> str:
    """The access code of demo dispute `index`: derived, so it can be printed again later. Demo only."""
    digest = hashlib.blake2b(f"tatulasu-demo:{seed}:{index}".encode(), digest_size=ACCESS_CODE_LENGTH).digest()
    return format_access_code("".join(ACCESS_CODE_ALPHABET[byte % len(ACCESS_CODE_ALPHABET)] for byte in digest))


def _hours(value: float) -> timedelta:
    return timedelta(hours=value)


def _iin(rng: random.Random, female: bool) -> str:
    while True:
        year = rng.randint(1955, 2005)
        century = (5 if year >= 2000 else 3) + (1 if female else 0)
        first = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{century}{rng.randint(0, 9999):04d}"
        if (value := with_check_digit(first)) is not None:
            return value


def _bin(rng: random.Random) -> str:
    while True:
        first = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 999_999):06d}"
        if (value := with_check_digit(first)) is not None:
            return value


def _person(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.5
    given = rng.choice(words.FEMALE_NAMES if female else words.MALE_NAMES)
    return f"{given} {rng.choice(words.SURNAMES)[1 if female else 0]}", female


def _phone(rng: random.Random) -> CheckedPhone:
    return CheckedPhone(f"{rng.choice(words.MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}")


def _address(center: CenterInfo, language: str, rng: random.Random) -> str:
    street = words.STREETS[rng.randrange(len(words.STREETS))][LANGUAGES.index(language)]
    number, flat = rng.randint(1, 200), rng.randint(1, 150)
    city = center.city[language]
    return {
        "kk": f"{city} қ., {street}, {number}, {flat}-пәтер",
        "ru": f"г. {city}, {street}, {number}, кв. {flat}",
        "en": f"{number} {street}, flat {flat}, {city}",
    }[language]


def _parties(index: int, center: CenterInfo, category: str, language: str, rng: random.Random):  # type: ignore[no-untyped-def]
    name, female = _person(rng)
    applicant = {
        "role": Party.Role.APPLICANT,
        "kind": Party.Kind.INDIVIDUAL,
        "name": name,
        "identifier": _iin(rng, female),
        "email": f"applicant{index}@example.com" if rng.random() < 0.7 else "",
        "phone": _phone(rng),
        "address": _address(center, language, rng),
        "language": language,
    }
    organisation = category in (DisputeCategory.LABOUR, DisputeCategory.CONSUMER) or (
        category == DisputeCategory.HOUSING and rng.random() < 0.5
    )
    if organisation:
        housing = category == DisputeCategory.HOUSING
        name = (
            rng.choice(words.HOUSING_BODIES)
            if housing
            else f"{rng.choice(words.COMPANY_FORMS)} «{rng.choice(words.COMPANY_NAMES)}»"
        )
        identifier, kind = _bin(rng), Party.Kind.ORGANISATION
    else:
        name, female = _person(rng)
        identifier, kind = _iin(rng, female), Party.Kind.INDIVIDUAL
    respondent = {
        "role": Party.Role.RESPONDENT,
        "kind": kind,
        "name": name,
        "identifier": identifier,
        "email": f"respondent{index}@example.com" if rng.random() < 0.6 else "",
        "phone": _phone(rng),
        "address": _address(center, language, rng),
        "language": language if rng.random() < 0.7 else rng.choice(("kk", "ru")),
    }
    return applicant, respondent


@dataclass
class World:
    """What planning draws on: the centers, the book of hearing slots, and the moment to stop at."""

    seed: int
    now: datetime
    centers: list[CenterInfo]
    center_cumulative: list[float]
    forced_center: CenterInfo
    citizen_id: int | None
    slots: SlotBook
    rng: random.Random = field(default_factory=random.Random)


@dataclass
class Life:
    """The drawn course of one dispute: its outcome and, in hours, when each step happens."""

    outcome: str
    withdraw_stage: str
    withdraw_share: float  # how far into its stage a withdrawal comes
    accept: float
    invite: float
    answer: float
    book: float
    lead: float  # from booking to the hearing
    reject: float  # from acceptance to rejection
    conclude: float  # from the hearing's end to the outcome
    early_mediator: bool
    in_person: bool


def _draw_life(rng: random.Random, forced: str | None) -> Life:
    outcome = rng.choices(OUTCOMES, cum_weights=OUTCOME_CUMULATIVE)[0]
    withdraw_stage = rng.choice(WITHDRAW_STAGES)
    if forced in OUTCOMES:
        outcome, withdraw_stage = forced, Status.AWAITING_RESPONDENT
    elif forced:
        outcome = Status.SETTLED
    accept = rng.uniform(2, 96)
    invite = accept + rng.uniform(1, 72)
    answer = invite + rng.uniform(6, 240)
    book = answer + rng.uniform(4, 96)
    return Life(
        outcome=outcome,
        withdraw_stage=withdraw_stage,
        withdraw_share=rng.random(),
        accept=accept,
        invite=invite,
        answer=answer,
        book=book,
        lead=rng.uniform(48, 336),
        reject=rng.uniform(24, 168),
        conclude=rng.uniform(0.2, 2) if outcome == Status.SETTLED else rng.uniform(1, 72),
        early_mediator=rng.random() < 0.5,
        in_person=rng.random() < 0.75,
    )


def _forced_age(life: Life, forced: str, rng: random.Random) -> float:
    """Hours since filing that put `now` in the middle of the forced status (well after, if closed)."""
    closing = {
        Status.REJECTED: life.accept + life.reject,
        Status.DECLINED: life.answer,
        Status.WITHDRAWN: life.invite + life.withdraw_share * (life.answer - life.invite),
    }.get(forced, life.book + life.lead + life.conclude + 24 * 7)  # a week of slack for finding a slot
    return {
        Status.SUBMITTED: life.accept / 2,
        Status.UNDER_REVIEW: (life.accept + life.invite) / 2,
        Status.AWAITING_RESPONDENT: (life.invite + life.answer) / 2,
        Status.SCHEDULING: (life.answer + life.book) / 2,
        Status.IN_MEDIATION: life.book + 1,
    }.get(forced, closing + 24 * rng.uniform(30, 90))


def plan_dispute(index: int, world: World) -> Plan:
    """Draw demo dispute `index` and its life up to `world.now` (the same index always draws the same)."""
    rng = world.rng
    rng.seed(world.seed * 1_000_000_007 + index)
    forced = FORCED[index] if index < len(FORCED) else None
    center = world.forced_center if forced else rng.choices(world.centers, cum_weights=world.center_cumulative)[0]
    category = rng.choices(CATEGORIES, cum_weights=CATEGORY_CUMULATIVE)[0]
    language = rng.choices(LANGUAGES, cum_weights=LANGUAGE_CUMULATIVE)[0]
    life = _draw_life(rng, forced)
    summary = words.SUMMARIES[category][language][rng.randrange(2)]
    claim = Decimal(rng.randrange(50, 5000) * 1000) if category in words.MONEY_CATEGORIES else None
    applicant, respondent = _parties(index, center, category, language, rng)
    # Filed over the span, a little more often lately (the centers grow); an hour old at least.
    age = _forced_age(life, forced, rng) if forced else 1 + (SPAN_DAYS * 24 - 1) * rng.random() ** 1.2
    submitted_at = world.now - _hours(age)

    dispute: dict[str, Any] = {
        "category": category,
        "summary": summary,
        "description": f"{summary}. {words.DESCRIPTION_TAIL[language]}\n\n{DEMO_MARK}",
        "claim_amount": claim,
        "language": language,
        "center_id": center.id,
        "status": Status.SUBMITTED,
        "mediator_id": None,
        "filed_by_id": world.citizen_id if index in CITIZEN_INDICES else None,
        "submitted_at": submitted_at,
    }
    applicant["consent_at"], applicant["consent_version"] = submitted_at, CONSENT_VERSION
    plan = Plan(index=index, center=center, dispute=dispute, applicant=applicant, respondent=respondent)
    submitted = {"attachments": 0, "consent_version": CONSENT_VERSION, "consent_language": language}
    plan.events.append((submitted_at, SUBMITTED, dispute["filed_by_id"], "applicant", submitted))
    _live(plan, world, life)
    dispute["updated_at"] = max(event[0] for event in plan.events)
    return plan


def _live(plan: Plan, world: World, life: Life) -> None:
    """Walk the dispute through the workflow until its life ends or reaches `now`."""
    dispute, center, respondent = plan.dispute, plan.center, plan.respondent
    language, t0, staff = dispute["language"], dispute["submitted_at"], center.staff_id
    now, outcome, rng = world.now, life.outcome, world.rng

    def move(at: datetime, action: str, to: str, actor: int | None, role: str, **extra: Any) -> bool:
        if at > now:
            return False
        plan.events.append((at, action, actor, role, {"from": dispute["status"], "to": to, **extra}))
        dispute["status"] = to
        if to in (Status.SETTLED, Status.NOT_SETTLED, Status.REJECTED, Status.DECLINED, Status.WITHDRAWN):
            dispute["closed_at"] = at
        return True

    def withdrawn_before(stage: str, start: float, end: float) -> bool:
        """Withdraw during `stage` if this dispute is the one that does; True when its life ends here."""
        if not (outcome == Status.WITHDRAWN and life.withdraw_stage == stage):
            return False
        reason = words.WITHDRAWAL_REASON[language]
        at = t0 + _hours(start + life.withdraw_share * (end - start))
        if move(at, WITHDRAWN, Status.WITHDRAWN, None, "applicant", reason=reason):
            dispute["outcome_note"] = reason
        return True

    if withdrawn_before(Status.SUBMITTED, 0, life.accept):
        return
    if not move(t0 + _hours(life.accept), ACCEPTED, Status.UNDER_REVIEW, staff, "staff"):
        return
    accepted_at = t0 + _hours(life.accept)
    dispute["accepted_at"] = accepted_at
    dispute["deadline"] = accepted_at + timedelta(days=settings.MEDIATION_DEADLINE_DAYS)
    dispute["mediable_confirmed"] = outcome != Status.REJECTED
    if outcome == Status.REJECTED:
        reason = words.REJECTION_REASON[language]
        if move(t0 + _hours(life.accept + life.reject), REJECTED, Status.REJECTED, staff, "staff"):
            dispute["rejection_reason"] = reason
        return
    if withdrawn_before(Status.UNDER_REVIEW, life.accept, life.invite):
        return
    if not move(t0 + _hours(life.invite), INVITED, Status.AWAITING_RESPONDENT, staff, "staff"):
        return
    respondent["invited_at"] = t0 + _hours(life.invite)
    if withdrawn_before(Status.AWAITING_RESPONDENT, life.invite, life.answer):
        return
    answered_at = t0 + _hours(life.answer)
    if outcome == Status.DECLINED:
        if move(answered_at, DECLINED, Status.DECLINED, None, "respondent"):
            reason = words.DECLINE_REASON[language]
            respondent.update(response=Party.Response.DECLINED, responded_at=answered_at, response_reason=reason)
        return
    if not move(answered_at, AGREED, Status.SCHEDULING, None, "respondent"):
        return
    respondent.update(response=Party.Response.AGREED, responded_at=answered_at)
    respondent["consent_at"], respondent["consent_version"] = answered_at, CONSENT_VERSION
    category = dispute["category"]
    matching = [entry for entry in center.mediators if category in entry[1]]
    mediator_id = center.mediators[0][0] if plan.index < len(FORCED) else rng.choice(matching or center.mediators)[0]
    if life.early_mediator:
        dispute["mediator_id"] = mediator_id
    if withdrawn_before(Status.SCHEDULING, life.answer, life.book):
        return
    booked_at = t0 + _hours(life.book)
    if booked_at > now:
        return
    dispute["mediator_id"] = mediator_id
    start, room_id = world.slots.book(
        mediator_id=mediator_id,
        room_ids=center.room_ids,
        earliest=booked_at + _hours(life.lead),
        now=now,
        in_person=life.in_person,
    )
    end = start + HEARING_LENGTH
    plan.hearing = {
        "mediator_id": mediator_id,
        "room_id": room_id,
        "online_url": "" if room_id else f"https://meet.{DEMO_DOMAIN}/{plan.index:07d}",
        "start": start,
        "end": end,
        "status": "held" if end <= now else "scheduled",
    }
    plan.events.append((booked_at, BOOKED, staff, "staff", {"start": start.isoformat(), "online": room_id is None}))
    move(booked_at + timedelta(seconds=1), STARTED, Status.IN_MEDIATION, staff, "staff")
    if end <= now:
        plan.events.append((end, HELD, staff, "staff", {"start": start.isoformat()}))
    closed_at = end + _hours(life.conclude)
    if outcome == Status.SETTLED:
        if move(closed_at, SETTLED, Status.SETTLED, staff, "staff"):
            signed_on = closed_at.astimezone(LOCAL).date()
            template = words.TERMS_MONEY if dispute["claim_amount"] else words.TERMS_OTHER
            terms = template[language].format(
                amount=f"{dispute['claim_amount'] or 0:,.0f}".replace(",", " "),
                date=(signed_on + timedelta(days=60)).strftime("%d.%m.%Y"),
            )
            plan.settlement = {"terms": terms, "signed_on": signed_on, "created_by_id": staff, "created_at": closed_at}
    elif move(closed_at, NOT_SETTLED, Status.NOT_SETTLED, staff, "staff"):
        dispute["outcome_note"] = words.NOT_SETTLED_NOTE[language]
    if dispute["status"] in (Status.SETTLED, Status.NOT_SETTLED):
        _feedback(plan, rng, now)


def _feedback(plan: Plan, rng: random.Random, now: datetime) -> None:
    settled = plan.dispute["status"] == Status.SETTLED
    answered_at = min(now, plan.dispute["closed_at"] + _hours(rng.uniform(1, 120)))
    for role, chance in ((Party.Role.APPLICANT, 0.45), (Party.Role.RESPONDENT, 0.25)):
        if rng.random() >= chance:
            continue
        rating = rng.choice((3, 4, 5, 5, 5) if settled else (1, 2, 3, 3, 4))
        language = plan.applicant["language"] if role == Party.Role.APPLICANT else plan.respondent["language"]
        comment = words.FEEDBACK_COMMENT[language] if rating >= 4 and rng.random() < 0.5 else ""
        answer = {"rating": rating, "would_recommend": rating >= 4, "comment": comment, "created_at": answered_at}
        plan.feedback.append((role, answer))
