"""Hearing slots for the demo: whole hours inside the mediators' weekly windows, never double-booked.

A slot is an integer, local date ordinal * 24 + hour, so the book of taken slots is two
sets of (mediator or room id, slot) held in memory while a seed runs.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from cases.models import Hearing

LOCAL = ZoneInfo(settings.TIME_ZONE)
HEARING_HOURS = (9, 10, 11, 12, 14, 15, 16, 17)  # the demo mediators' windows, lunch hour free
HEARING_LENGTH = timedelta(hours=1)
# At a scale no real center reaches (a million disputes on fifty mediators) the past fills up;
# after this many tries a hearing that is already over may overlap. PostgreSQL's exclusion
# constraint covers only scheduled hearings, and those are always given a free slot.
MAX_PROBES = 40


def slot_of(moment: datetime) -> int:
    local = moment.astimezone(LOCAL)
    return local.date().toordinal() * 24 + local.hour


def start_of(slot: int) -> datetime:
    return datetime.combine(date.fromordinal(slot // 24), time(slot % 24), tzinfo=LOCAL)


def next_working_slot(slot: int) -> int:
    """The first slot at or after `slot` that is a weekday hearing hour."""
    while True:
        day, hour = divmod(slot, 24)
        if date.fromordinal(day).weekday() < 5 and hour in HEARING_HOURS:
            return slot
        later = [h for h in HEARING_HOURS if h > hour]
        slot = day * 24 + later[0] if later else (day + 1) * 24 + HEARING_HOURS[0]


class SlotBook:
    """Taken slots of mediators and rooms; `book` finds and takes the first free one."""

    def __init__(self) -> None:
        self.mediators: set[tuple[int, int]] = set()
        self.rooms: set[tuple[int, int]] = set()

    @classmethod
    def from_database(cls) -> "SlotBook":
        """Start from the hearings already stored, so a top-up run never double-books them."""
        book = cls()
        rows = Hearing.objects.exclude(status=Hearing.Status.CANCELLED).values_list("mediator_id", "room_id", "start")
        for mediator_id, room_id, start in rows.iterator(chunk_size=10_000):
            slot = slot_of(start)
            book.mediators.add((mediator_id, slot))
            if room_id is not None:
                book.rooms.add((room_id, slot))
        return book

    def book(
        self, *, mediator_id: int, room_ids: list[int], earliest: datetime, now: datetime, in_person: bool
    ) -> tuple[datetime, int | None]:
        """Take the first free hour of the mediator from `earliest` on; a free room too if in person."""
        slot = next_working_slot(slot_of(earliest + timedelta(minutes=59)))
        probes = 0
        while (mediator_id, slot) in self.mediators:
            if probes >= MAX_PROBES and start_of(slot) + HEARING_LENGTH <= now:
                break
            slot = next_working_slot(slot + 1)
            probes += 1
        self.mediators.add((mediator_id, slot))
        room_id = None
        if in_person:
            room_id = next((room for room in room_ids if (room, slot) not in self.rooms), None)
            if room_id is not None:
                self.rooms.add((room_id, slot))
        return start_of(slot), room_id
