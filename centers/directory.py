"""What the public directory shows: active centers, grouped by region, in alphabetical order.

Names come from the modeltranslation fields of the current language. SQL would sort
Kazakh letters (Ә, Қ, Ө, Ү, …) after Я by code point, so the few rows are sorted here.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from .models import Center, Region

# The Kazakh Cyrillic alphabet. It holds the Russian alphabet in Russian order, so one key
# sorts both languages; Latin text (English names) falls back to code points.
_CYRILLIC = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_RANK = {letter: index for index, letter in enumerate(_CYRILLIC)}


def collation_key(text: str) -> tuple[tuple[int, int], ...]:
    """A sort key that puts Kazakh, Russian and English names in dictionary order."""
    return tuple((0, _RANK[ch]) if ch in _RANK else (1, ord(ch)) for ch in (text or "").casefold())


@dataclass
class RegionGroup:
    region: Region
    centers: list[Center] = field(default_factory=list)


def active_centers() -> QuerySet[Center]:
    """Centers open to the public, with their region (one query)."""
    return Center.objects.filter(is_active=True).select_related("region")


def regions_with_centers() -> list[Region]:
    """Regions that have at least one active center, in alphabetical order."""
    regions = Region.objects.filter(centers__is_active=True).distinct()
    return sorted(regions, key=lambda region: collation_key(region.name))


def group_by_region(centers: Iterable[Center]) -> list[RegionGroup]:
    """Centers grouped under their region; regions and centers in alphabetical order."""
    groups: dict[int, RegionGroup] = {}
    for center in centers:
        groups.setdefault(center.region_id, RegionGroup(region=center.region)).centers.append(center)
    for group in groups.values():
        group.centers.sort(key=lambda center: collation_key(center.name))
    return sorted(groups.values(), key=lambda group: collation_key(group.region.name))


def get_active_center(slug: str) -> Center:
    """The active center with this slug; 404 for unknown and inactive ones alike."""
    try:
        return Center.objects.select_related("region", "association").get(slug=slug, is_active=True)
    except Center.DoesNotExist:
        raise Http404 from None
