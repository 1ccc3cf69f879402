"""Admin for regions, associations, centers and rooms, and the rules every back-office admin shares.

Every ModelAdmin and inline of the project derives from the classes here, so each rule
holds as a class, for pages that exist today and those added later:

- what a user sees comes from the access rules (`scope`); an object outside them, or an
  id that is not one, answers 404, on the change, delete and history pages alike;
- every relation a form offers (select, raw id, autocomplete, many-to-many) and every
  related list filter lists only what the user may see, and a posted value outside it
  is refused;
- fields the services own (`service_owned_fields`) and fields only the operator sets
  (`operator_fields`) are read-only; rows only services create (`service_created`) are
  never added by hand, and rows nobody edits (`read_only`) are only shown;
- history is an audit view: scoped like the change page, never a way to write;
- oversight officials read only: any POST of theirs is refused;
- query strings the database or Python cannot take give the changelist's
  "incorrect parameters" answer, never a server error.
"""

from collections.abc import Callable, Sequence

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import DataError
from django.db.models import Model, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import access
from .models import Center, Region, Room, TradeUnionAssociation

# Lookups a crafted query string may not use: the database would run any pattern sent.
_REFUSED_LOOKUPS = frozenset({"regex", "iregex"})


def visible_choices(admin_site: admin.AdminSite, request: HttpRequest, model: type[Model]) -> QuerySet:
    """The objects of `model` the user may see in the back office: what its admin lists to them.

    A model without an admin, or one the user may not view, offers nothing but to the operator.
    """
    related_admin = admin_site._registry.get(model)
    if related_admin is None:
        return model._default_manager.all() if request.user.is_superuser else model._default_manager.none()
    if not related_admin.has_view_permission(request):
        return model._default_manager.none()
    return related_admin.get_queryset(request)


class ScopedChoices:
    """Every relation of a form offers and accepts only what the user may see.

    `choice_scopes` narrows a field further (by field name, a function of the user);
    every other foreign key and many-to-many field lists what the related model's admin
    shows the user, so no form of an admin or inline offers another center's objects.
    """

    choice_scopes: dict[str, Callable[..., QuerySet]] = {}

    def _scoped_choices(self, db_field, request: HttpRequest) -> QuerySet:  # type: ignore[no-untyped-def]
        if db_field.name in self.choice_scopes:
            return self.choice_scopes[db_field.name](request.user)
        return visible_choices(self.admin_site, request, db_field.related_model)  # type: ignore[attr-defined]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["queryset"] = self._scoped_choices(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["queryset"] = self._scoped_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class ServiceOwnedFields:
    """Read-only fields and the permissions that follow from who owns the rows.

    `service_owned_fields`: set only by the services (workflow, intake, scheduling);
    `operator_fields`: set only by the operator (superuser);
    `service_created`: rows are born in a service, never added by hand;
    `read_only`: rows are shown, never added, changed or deleted in the admin.
    """

    service_owned_fields: Sequence[str] = ()
    operator_fields: Sequence[str] = ()
    service_created = False
    read_only = False

    def get_readonly_fields(self, request: HttpRequest, obj=None):  # type: ignore[no-untyped-def]
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        readonly += [name for name in self.service_owned_fields if name not in readonly]
        if not request.user.is_superuser:
            readonly += [name for name in self.operator_fields if name not in readonly]
        return readonly

    def _writable(self, request: HttpRequest) -> bool:
        return access.may_write(request.user) and not self.read_only

    def has_add_permission(self, request: HttpRequest, *args) -> bool:  # type: ignore[no-untyped-def]
        if self.service_created or not self._writable(request):
            return False
        return super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return self._writable(request) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return self._writable(request) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class SafeChangeList(ChangeList):
    """A changelist whose query a crafted value breaks answers as Django's own bad filters do."""

    def get_results(self, request: HttpRequest) -> None:
        try:
            super().get_results(request)
        except (ValueError, TypeError, OverflowError, DataError) as exc:
            # A year out of range, a number too long for the column, a value the database
            # refuses: the query string is wrong, not the server.
            raise IncorrectLookupParameters(exc) from exc


class SafeQueryStrings:
    """Changelists that answer every query string without a server error."""

    def get_changelist(self, request: HttpRequest, **kwargs):  # type: ignore[no-untyped-def]
        return SafeChangeList

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if _REFUSED_LOOKUPS.intersection(lookup.split(LOOKUP_SEP)):
            return False
        return super().lookup_allowed(lookup, value, request)  # type: ignore[misc]


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A list filter on a relation that offers only the related objects the user may see."""

    def field_choices(self, field, request, model_admin):  # type: ignore[no-untyped-def]
        visible = visible_choices(model_admin.admin_site, request, field.related_model)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": visible.values("pk")}, ordering=ordering
        )


class ScopedAdmin(ServiceOwnedFields, ScopedChoices, SafeQueryStrings, admin.ModelAdmin):
    """Shows each user only what the access rules allow; oversight officials only read.

    `scope` maps a user to the queryset they may see (None: the model is public to everyone
    with the view permission); see the module's docstring for the rest.
    """

    scope: Callable[..., QuerySet] | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.scope is None:
            return queryset
        # Combined, not `pk IN (subquery)`: for those who see everything the scope adds no
        # condition at all, which keeps counts and sorting of a million rows on plain indexes.
        return queryset & type(self).scope(request.user)

    def get_list_filter(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and self._is_relation(item):
                item = (item, ScopedRelatedFieldListFilter)
            filters.append(item)
        return filters

    def _is_relation(self, path: str) -> bool:
        model = self.model
        field = None
        for part in path.split(LOOKUP_SEP):
            field = model._meta.get_field(part)
            model = field.related_model if field.is_relation else model
        return field is not None and field.is_relation

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):  # type: ignore[no-untyped-def]
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            name: sources
            for name, sources in super().get_prepopulated_fields(request, obj).items()
            if name not in readonly
        }

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):  # type: ignore[no-untyped-def]
        # Django sends the user back to the index with "doesn't exist": an object outside the
        # user's scope, or an id that is none, is simply not found, as everywhere else.
        raise Http404

    def changelist_view(self, request: HttpRequest, extra_context=None):  # type: ignore[no-untyped-def]
        if request.method == "POST" and not access.may_write(request.user):
            raise PermissionDenied  # actions and list edits are writes
        return super().changelist_view(request, extra_context)

    def response_action(self, request: HttpRequest, queryset: QuerySet):  # type: ignore[no-untyped-def]
        # The ticked rows arrive as text: one that is no id of this model is a bad request,
        # not a query the database refuses.
        primary_key = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                primary_key.clean(value, None)
            except ValidationError:
                raise BadRequest("not an id of this model") from None
        return super().response_action(request, queryset)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:  # type: ignore[no-untyped-def]
        """The change history of an object the user may see; django-simple-history would
        otherwise fall back to the records of an object outside the scope."""
        self._check_history_request(request)
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def _check_history_request(self, request: HttpRequest) -> None:
        # History is only read: a POST is refused, for every role. As on the change page,
        # no permission is 403 before the object is looked up.
        if request.method not in ("GET", "HEAD") or not self.has_view_or_change_permission(request):
            raise PermissionDenied


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """An admin with django-simple-history's pages, as a read-only audit view.

    A past version is shown with every field read-only and cannot be posted back: a revert
    would rewrite what the workflow owns (status, mediator, deadlines) with no CaseEvent.
    """

    def has_change_history_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # hides "Revert"; history_form_view refuses any POST as well

    def history_form_view(self, request, object_id, version_id, extra_context=None):  # type: ignore[no-untyped-def]
        self._check_history_request(request)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not (version_id.isascii() and version_id.isdigit() and len(version_id) < 19):
            raise Http404
        if not obj.history.filter(history_id=int(version_id)).exists():  # a version of this object
            raise Http404
        return super().history_form_view(request, str(obj.pk), version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):  # type: ignore[no-untyped-def]
        form = context.get("adminform")
        if form is not None:
            # The page of one past version: every field shown as text, nothing to post.
            fieldsets = list(form.fieldsets)
            context["adminform"] = helpers.AdminForm(
                form.form, fieldsets, {}, readonly_fields=flatten_fieldsets(fieldsets), model_admin=self
            )
        return super().render_history_view(request, template, context, **kwargs)


class ScopedInlineFormSet(BaseInlineFormSet):
    """An inline formset whose rows are only those of the object on the page.

    Django's hidden id field of each row would accept the id of any row of the model (it
    ignores, rather than refuses, one of another object): here it refuses it.
    """

    def add_fields(self, form, index):  # type: ignore[no-untyped-def]
        super().add_fields(form, index)
        primary_key = self.model._meta.pk.name
        if isinstance(form.fields.get(primary_key), ModelChoiceField):
            form.fields[primary_key].queryset = self.get_queryset()


class ScopedInline(ServiceOwnedFields, ScopedChoices):
    """The same rules for inlines: scoped choices, owned fields read-only, read-only users only read."""

    formset = ScopedInlineFormSet


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass


@admin.register(Region)
class RegionAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["code", "prefix", "name", "kind", "administrative_center"]
    list_filter = ["kind"]
    search_fields = ["code", "prefix", "name_kk", "name_ru", "name_en"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # the 20 units are fixed by law and loaded by a migration


@admin.register(TradeUnionAssociation)
class AssociationAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["name", "region", "bin", "phone", "email"]
    list_select_related = ["region"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]
    autocomplete_fields = ["region"]


class RoomInline(ScopedTabularInline):
    model = Room
    extra = 0


@admin.register(Center)
class CenterAdmin(ScopedAdmin, TranslationAdmin):
    scope = staticmethod(access.centers_for)
    list_display = ["name", "region", "phone", "email", "is_active", "invite_respondent_automatically"]
    list_filter = ["is_active", "region", "invite_respondent_automatically"]
    list_select_related = ["region"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug", "address_kk", "address_ru"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["staff"]
    inlines = [RoomInline]
    # Only the operator links accounts to a center, moves it to another association and
    # region, changes its public address (slug) or takes it out of service.
    operator_fields = ["association", "region", "staff", "slug", "is_active"]


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    scope = staticmethod(access.rooms_for)
    choice_scopes = {"center": access.centers_for}
    list_display = ["name", "center", "capacity", "is_active"]
    list_filter = ["is_active", "center__region"]
    list_select_related = ["center"]
    search_fields = ["name", "center__name"]
