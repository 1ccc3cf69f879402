"""/dashboard/ and its exports: thin views over oversight.filters, .tables and .exports."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import exports, selectors, tables
from .access import may_see_dashboard
from .filters import read_selection


def dashboard_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the sign-in (which asks for the second factor); users without a role get 404."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_see_dashboard(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@require_GET
@dashboard_access
def dashboard(request: HttpRequest) -> HttpResponse:
    filterset, selection = read_selection(request)
    if not filterset.is_bound:
        filterset.form.initial = {"start": selection.start, "end": selection.last_month}
    now = timezone.now()
    page_tables = tables.page_tables(selection, now)
    return render(
        request,
        "oversight/dashboard.html",
        {
            "filterset": filterset,
            "selection": selection,
            "tables": page_tables,
            "cards": [page_tables[0].rows[index] for index in tables.KEY_FIGURES],
            "refresh": selectors.last_refresh(),
            "query": request.GET.urlencode(),
            "now": now,
        },
    )


@require_GET
@dashboard_access
def export_table(request: HttpRequest, table: str, extension: str) -> HttpResponse:
    if table not in tables.BUILDERS:
        raise Http404
    _filterset, selection = read_selection(request)
    built = tables.BUILDERS[table](selection, timezone.now())
    if extension == "xlsx":
        return exports.table_xlsx(built, selection)
    return exports.table_csv(built, selection)


@require_GET
@dashboard_access
def export_cases(request: HttpRequest) -> HttpResponse:
    _filterset, selection = read_selection(request)
    return exports.case_list_csv(selection)
