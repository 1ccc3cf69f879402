"""allauth's sign-in, sign-up and password reset, keeping what was typed when the language changes.

Passwords are never kept (cases.drafts); the e-mail address is.
"""

from typing import Any

from allauth.account import views

from cases import drafts


class _KeepsTypedValues:
    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()  # type: ignore[misc]
        if self.request.method == "GET":  # type: ignore[attr-defined]
            initial.update(drafts.initial_for(self.request))  # type: ignore[attr-defined]
        return initial


class LoginView(_KeepsTypedValues, views.LoginView):
    pass


class SignupView(_KeepsTypedValues, views.SignupView):
    pass


class PasswordResetView(_KeepsTypedValues, views.PasswordResetView):
    pass


login = LoginView.as_view()
signup = SignupView.as_view()
password_reset = PasswordResetView.as_view()
