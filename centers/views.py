"""Public pages of the centers directory."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import directory
from .filters import CenterFilter


@require_GET
def center_list(request: HttpRequest) -> HttpResponse:
    """All active centers by region, with a region filter."""
    regions = directory.regions_with_centers()
    center_filter = CenterFilter(request.GET or None, queryset=directory.active_centers(), regions=regions)
    groups = directory.group_by_region(center_filter.qs)
    selected = center_filter.form.cleaned_data.get("region") if center_filter.is_valid() else None
    return render(
        request,
        "centers/center_list.html",
        {"filter": center_filter, "groups": groups, "selected_region": selected},
    )


@require_GET
def center_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One center's page: how to reach it, when it works, the languages it serves."""
    center = directory.get_active_center(slug)
    return render(request, "centers/center_detail.html", {"center": center})
