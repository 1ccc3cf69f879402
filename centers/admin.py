"""Admin for regions, associations, centers and rooms, and the scoping every admin shares."""

from collections.abc import Callable

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from . import access
from .models import Center, Region, Room, TradeUnionAssociation


class ScopedChoices:
    """`choice_scopes` limits the choices of foreign keys to what the user may see, so no
    form (of an admin or of an inline) offers another center's objects."""

    choice_scopes: dict[str, Callable[..., QuerySet]] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name in self.choice_scopes:
            kwargs["queryset"] = self.choice_scopes[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedAdmin(ScopedChoices, admin.ModelAdmin):
    """Shows each user only what the access rules allow; oversight officials only read.

    `scope` maps a user to the queryset they may see; `choice_scopes` limits the choices
    of foreign keys the same way.
    """

    scope: Callable[..., QuerySet] | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.scope is None:
            return queryset
        # Combined, not `pk IN (subquery)`: for those who see everything the scope adds no
        # condition at all, which keeps counts and sorting of a million rows on plain indexes.
        return queryset & type(self).scope(request.user)

    def _writable(self, request: HttpRequest) -> bool:
        return access.may_write(request.user)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:  # type: ignore[no-untyped-def]
        return self._writable(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return self._writable(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return self._writable(request) and super().has_delete_permission(request, obj)


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["code", "prefix", "name", "kind", "administrative_center"]
    list_filter = ["kind"]
    search_fields = ["code", "prefix", "name_kk", "name_ru", "name_en"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # the 20 units are fixed by law and loaded by a migration


@admin.register(TradeUnionAssociation)
class AssociationAdmin(TranslationAdmin):
    list_display = ["name", "region", "bin", "phone", "email"]
    list_select_related = ["region"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]
    autocomplete_fields = ["region"]


class RoomInline(admin.TabularInline):
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

    def get_readonly_fields(self, request: HttpRequest, obj=None):  # type: ignore[no-untyped-def]
        # Only the operator links accounts to a center (the picker lists every account) or
        # moves a center to another association and region.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["association", "region", "staff"]
        return readonly


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    scope = staticmethod(access.rooms_for)
    choice_scopes = {"center": access.centers_for}
    list_display = ["name", "center", "capacity", "is_active"]
    list_filter = ["is_active", "center__region"]
    list_select_related = ["center"]
    search_fields = ["name", "center__name"]
