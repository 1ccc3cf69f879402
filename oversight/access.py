"""Who may open the dashboard: back-office users who see whole centers.

What they see is scoped by cases.access, the rules the admin uses: officials and the
operator every center, center staff their own. Mediators see only their own cases, which
make no statistics of a center, and citizens have no back-office role at all.
"""

from cases.access import AnyUser, is_center_staff, sees_everything


def may_see_dashboard(user: AnyUser) -> bool:
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return sees_everything(user) or is_center_staff(user)
