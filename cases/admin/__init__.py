"""The case app's admin, one module per concern; importing them registers the ModelAdmins."""

from . import disputes, hearings, records  # noqa: F401
