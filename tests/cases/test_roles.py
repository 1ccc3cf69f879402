"""The back-office roles exist on every database, with exactly the permissions cases.roles defines."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cases import roles
from centers.access import MEDIATOR_GROUP, OVERSIGHT_GROUP, STAFF_GROUP

pytestmark = pytest.mark.django_db


def _held(group_name: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_migrate_alone_creates_every_role_with_its_permissions():
    # No fixture has called ensure_role_groups: this is the database `migrate` left.
    for role in (STAFF_GROUP, MEDIATOR_GROUP, OVERSIGHT_GROUP):
        assert _held(role) == roles.role_codenames(role), role


def test_every_permission_the_roles_name_exists():
    existing = set(Permission.objects.values_list("content_type__app_label", "codename"))
    for role in roles.ROLE_PERMISSIONS:
        assert roles.role_codenames(role) <= existing, role


def test_the_migration_creates_what_it_grants_on_a_database_without_permissions():
    # Before post_migrate has run, a fresh database has no content types nor permissions.
    Group.objects.all().delete()
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    try:
        state = MigrationLoader(connection).project_state(("cases", "0005_role_groups"))
        roles.ensure_role_groups(apps=state.apps)
        for role in (STAFF_GROUP, MEDIATOR_GROUP, OVERSIGHT_GROUP):
            assert _held(role) == roles.role_codenames(role), role
    finally:
        ContentType.objects.clear_cache()


def test_applying_the_roles_again_restores_them_and_changes_nothing_else():
    staff = Group.objects.get(name=STAFF_GROUP)
    staff.permissions.add(Permission.objects.get(codename="delete_dispute"))
    Group.objects.get(name=OVERSIGHT_GROUP).permissions.clear()
    roles.ensure_role_groups()
    roles.ensure_role_groups()
    assert Group.objects.filter(name__in=roles.ROLE_PERMISSIONS).count() == 3
    for role in roles.ROLE_PERMISSIONS:
        assert _held(role) == roles.role_codenames(role)


def test_oversight_only_views_staff_never_delete_and_nobody_touches_the_number_sequences():
    assert {codename.split("_")[0] for _app, codename in _held(OVERSIGHT_GROUP)} == {"view"}
    assert not any(codename.startswith("delete_") for _app, codename in _held(STAFF_GROUP))
    for role in roles.ROLE_PERMISSIONS:
        assert not any(codename.endswith("_numbersequence") for _app, codename in _held(role)), role
    # Adding a mediator links an account: the operator's, not a role's.
    assert ("mediators", "add_mediator") not in _held(STAFF_GROUP)
