"""The demo directory: an association and a center per region, rooms, and mediators.

Rows are created once and left alone afterwards (get_or_create), so running the seed
again neither duplicates them nor undoes what someone changed in the admin.
"""

import math
import random
from datetime import date, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.utils.text import slugify

from centers.access import MEDIATOR_GROUP
from centers.choices import DisputeCategory
from centers.models import Center, Region, Room, TradeUnionAssociation
from centers.validators import with_check_digit
from mediators.models import Availability, Mediator, TrainingRecord

from . import vocabulary
from .accounts import ASTANA, DEMO_DOMAIN
from .timeline import SPAN_DAYS

ROOM_NAMES = ("Room 1", "Room 2")
# Mon–Fri, with the lunch hour free: the hearing slots of the demo disputes sit inside these.
WEEKLY_WINDOWS = ((time(9), time(13)), (time(14), time(18)))
WORK_DAYS = range(5)
HEARINGS_PER_DISPUTE = 0.6  # most disputes reach a hearing; rejected, declined and withdrawn ones do not
HEARINGS_PER_MEDIATOR_DAY = 3


def make_bin(rng: random.Random) -> str:
    """A valid BIN of a legal entity: registration year and month, type digit 4, serial, check digit."""
    while True:
        first = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 999_999):06d}"
        if (value := with_check_digit(first)) is not None:
            return value


def landline(area: str, rng: random.Random) -> str:
    """A city number: +7, the area code, and the rest of the ten national digits."""
    rest = "".join(str(rng.randint(0, 9)) for _ in range(10 - len(area)))
    return f"+7 {area} {rest}"


def mobile(rng: random.Random) -> str:
    digits = f"{rng.randint(0, 9_999_999):07d}"
    return f"+7 {rng.choice(vocabulary.MOBILE_PREFIXES)} {digits[:3]} {digits[3:5]} {digits[5:]}"


def ensure_directory(*, seed: int) -> dict[str, Center]:
    """An association and one active center with two rooms in every region; return centers by region code."""
    centers: dict[str, Center] = {}
    for region in Region.objects.order_by("code"):
        rng = random.Random(f"{seed}:directory:{region.code}")  # noqa: S311 - demo data, not secrets
        area, street_index, building, _share = vocabulary.REGIONS[region.code]
        street_kk, street_ru, street_en = vocabulary.STREETS[street_index]
        city_kk, city_ru, city_en = (
            region.administrative_center_kk,
            region.administrative_center_ru,
            region.administrative_center_en,
        )
        address = {
            "kk": f"{city_kk} қ., {street_kk}, {building}",
            "ru": f"г. {city_ru}, {street_ru}, {building}",
            "en": f"{building} {street_en}, {city_en}",
        }
        slug = slugify(city_en)
        association, _ = TradeUnionAssociation.objects.get_or_create(
            region=region,
            defaults={
                "name": f"{region.name_kk} кәсіподақтар орталығы",
                "name_kk": f"{region.name_kk} кәсіподақтар орталығы",
                "name_ru": f"Профсоюзный центр: {region.name_ru}",
                "name_en": f"{region.name_en} Trade Union Centre",
                "bin": make_bin(rng),
                "address": address["ru"],
                "phone": landline(area, rng),
                "email": f"kasipodak.{slug}@{DEMO_DOMAIN}",
            },
        )
        languages = ["kk", "ru", "en"] if region.code in vocabulary.ENGLISH_SPOKEN else ["kk", "ru"]
        center, _ = Center.objects.get_or_create(
            slug=f"tatulasu-{slug}",
            defaults={
                "association": association,
                "region": region,
                "name": f"«Татуласу» орталығы — {region.name_kk}",
                "name_kk": f"«Татуласу» орталығы — {region.name_kk}",
                "name_ru": f"Центр примирения «Татуласу» — {region.name_ru}",
                "name_en": f"Tatulasu Reconciliation Center, {region.name_en}",
                "address": address["kk"],
                "address_kk": address["kk"],
                "address_ru": address["ru"],
                "address_en": address["en"],
                "phone": landline(area, rng),
                "email": f"tatulasu.{slug}@{DEMO_DOMAIN}",
                "working_hours": vocabulary.WORKING_HOURS[0],
                "working_hours_kk": vocabulary.WORKING_HOURS[0],
                "working_hours_ru": vocabulary.WORKING_HOURS[1],
                "working_hours_en": vocabulary.WORKING_HOURS[2],
                "languages": languages,
            },
        )
        for name in ROOM_NAMES:
            Room.objects.get_or_create(center=center, name=name, defaults={"capacity": 8})
        centers[region.code] = center
    return centers


def roster_size(code: str, disputes: int) -> int:
    """Mediators a center needs: two or three, more when the demo holds more cases than they could hear.

    A mediator holds about three one-hour hearings a working day; most disputes get one.
    Without this, a million demo disputes would queue their hearings for years.
    """
    share = vocabulary.REGIONS[code][3] / 100
    working_days = SPAN_DAYS * 5 / 7
    needed = math.ceil(disputes * share * HEARINGS_PER_DISPUTE / (working_days * HEARINGS_PER_MEDIATOR_DAY))
    return max(3 if code in vocabulary.BUSY_REGIONS else 2, needed)


def ensure_mediators(
    *, centers: dict[str, Center], seed: int, demo_mediator: AbstractUser, disputes: int = 0
) -> list[Mediator]:
    """Enough mediators for `disputes` (two or three per center at least), the demo login first in Astana."""
    User = get_user_model()
    group = Group.objects.get(name=MEDIATOR_GROUP)
    mediators: list[Mediator] = []
    serial = 0
    for code, center in centers.items():
        rng = random.Random(f"{seed}:mediators:{code}")  # noqa: S311 - demo data, not secrets
        count = roster_size(code, disputes)
        for position in range(1, count + 1):
            serial += 1
            if code == ASTANA and position == 1:
                user = demo_mediator
            else:
                email = f"mediator.{center.slug.removeprefix('tatulasu-')}.{position}@{DEMO_DOMAIN}"
                user, created = User.objects.get_or_create(username=email, defaults={"email": email, "is_staff": True})
                if created:
                    user.set_unusable_password()  # roster entries, not demo logins
                    user.save(update_fields=["password"])
                user.groups.add(group)
            mediators.append(_ensure_mediator(user=user, center=center, rng=rng, serial=serial, first=position == 1))
    return mediators


def _ensure_mediator(*, user: AbstractUser, center: Center, rng: random.Random, serial: int, first: bool) -> Mediator:
    female = rng.random() < 0.55
    given = rng.choice(vocabulary.FEMALE_NAMES if female else vocabulary.MALE_NAMES)
    surname = rng.choice(vocabulary.SURNAMES)[1 if female else 0]
    if user.first_name:  # the demo login already has a name
        given, surname = user.first_name, user.last_name
    professional = first or rng.random() < 0.6
    certified_on = date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
    categories = list(DisputeCategory.values)
    specialisations = categories[:4] if first else sorted(rng.sample(categories, rng.randint(2, 3)))
    mediator, created = Mediator.objects.get_or_create(
        user=user,
        defaults={
            "center": center,
            "full_name": f"{given} {surname}",
            "phone": mobile(rng),
            "languages": ["kk", "ru", "en"] if rng.random() < 0.2 else ["kk", "ru"],
            "specialisations": specialisations,
            "kind": Mediator.Kind.PROFESSIONAL if professional else Mediator.Kind.PUBLIC,
            "certificate_number": f"MED-{certified_on.year}-{serial:05d}" if professional else "",
            "certificate_date": certified_on if professional else None,
            "register_entry": f"{'PM' if professional else 'OM'}-{rng.randint(100, 9999):04d}",
            "capacity": rng.choice((8, 10, 12)),
        },
    )
    if created:
        Availability.objects.bulk_create(
            Availability(mediator=mediator, weekday=day, start_time=start, end_time=end)
            for day in WORK_DAYS
            for start, end in WEEKLY_WINDOWS
        )
        TrainingRecord.objects.create(
            mediator=mediator,
            course="General course of mediation training",
            provider="Training centre of the Federation of Trade Unions",
            hours=rng.choice((72, 80, 100, 120)),
            completed_on=date(certified_on.year - 1, rng.randint(1, 12), rng.randint(1, 28)),
            certificate_number=f"TC-{certified_on.year - 1}-{serial:04d}",
        )
    return mediator
