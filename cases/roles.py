"""The back-office roles and what each may do: the one definition of them.

A data migration creates the groups with these permissions on every database, and every
`migrate` applies this module again (post_migrate), so a change here reaches existing
databases and permissions of models added later are granted as soon as they exist.
What a role may see of a model is narrowed further by the access rules (cases.access);
these permissions only say which kinds of rows a role works with at all.
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from centers.access import MEDIATOR_GROUP, OVERSIGHT_GROUP, STAFF_GROUP

# Role → "app_label.model" → the model permissions ("view", "add", "change", "delete").
# Oversight only views; staff never delete; the operator (superuser) needs no group.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    STAFF_GROUP: {
        "centers.region": ("view",),
        "centers.tradeunionassociation": ("view",),
        "centers.center": ("view", "change"),
        "centers.room": ("view", "add", "change"),
        # Adding a mediator links an account, which only the operator does.
        "mediators.mediator": ("view", "change"),
        "mediators.availability": ("view", "add", "change"),
        "mediators.timeoff": ("view", "add", "change"),
        "mediators.trainingrecord": ("view", "add", "change"),
        "cases.dispute": ("view", "change"),
        "cases.party": ("view", "change"),
        "cases.attachment": ("view", "add", "change"),
        "cases.caseevent": ("view",),
        "cases.hearing": ("view", "add", "change"),
        "cases.notification": ("view",),
        "cases.settlementagreement": ("view", "change"),
        "cases.feedback": ("view",),
    },
    MEDIATOR_GROUP: {
        "centers.region": ("view",),
        "centers.room": ("view",),
        "mediators.mediator": ("view",),
        "mediators.availability": ("view", "add", "change", "delete"),
        "mediators.timeoff": ("view", "add", "change", "delete"),
        "mediators.trainingrecord": ("view",),
        "cases.dispute": ("view",),
        "cases.party": ("view",),
        "cases.attachment": ("view",),
        "cases.caseevent": ("view",),
        "cases.hearing": ("view", "change"),
    },
    OVERSIGHT_GROUP: {
        "centers.region": ("view",),
        "centers.tradeunionassociation": ("view",),
        "centers.center": ("view",),
        "centers.room": ("view",),
        "mediators.mediator": ("view",),
        "mediators.availability": ("view",),
        "mediators.timeoff": ("view",),
        "mediators.trainingrecord": ("view",),
        "cases.dispute": ("view",),
        "cases.party": ("view",),
        "cases.attachment": ("view",),
        "cases.caseevent": ("view",),
        "cases.hearing": ("view",),
        "cases.notification": ("view",),
        "cases.settlementagreement": ("view",),
        "cases.feedback": ("view",),
    },
}


def role_codenames(role: str) -> set[tuple[str, str]]:
    """(app_label, codename) of every permission the role holds."""
    return {
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in ROLE_PERMISSIONS[role].items()
        for action in actions
    }


def ensure_role_groups(*, apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Create the role groups and give each exactly the permissions above (idempotent).

    `apps` is the app registry of a migration or of post_migrate; permissions of models
    that do not exist yet at that point are skipped and granted by a later run.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _create_permissions(apps, using)
    groups = {}
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = role_codenames(role)
        permissions = [
            permission
            for permission in Permission.objects.using(using)
            .filter(content_type__app_label__in={app_label for app_label, _ in wanted})
            .select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
        groups[role] = group
    return groups


def _create_permissions(apps: Apps, using: str) -> None:
    # Django creates content types and permissions after the last migration (post_migrate);
    # a migration that grants them must create them first. Done for the apps of the roles.
    for app_label in {label.split(".")[0] for grants in ROLE_PERMISSIONS.values() for label in grants}:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        # The app registry of a migration marks its apps as having no models module,
        # which create_permissions takes for "nothing to do".
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module
