"""The directory's region filter: a plain GET form that works without JavaScript."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Center, Region


class CenterFilter(django_filters.FilterSet):
    """Filter centers by region code (?region=KZ-71); an unknown code is a form error, not a 500."""

    region = django_filters.ChoiceFilter(
        field_name="region__code", label=_("Region"), empty_label=_("All regions"), choices=[]
    )

    class Meta:
        model = Center
        fields = ["region"]

    def __init__(self, *args: object, regions: list[Region], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The caller already loaded the regions: reuse them instead of querying for choices.
        self.filters["region"].extra["choices"] = [(region.code, region.name) for region in regions]
