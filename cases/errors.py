"""The domain error every case service raises; its message is translated and safe to show."""

from django.utils.functional import Promise


class CaseError(Exception):
    """A business rule refused the operation. `message` is a lazy translation."""

    def __init__(self, message: str | Promise, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class TransitionNotAllowed(CaseError):
    """The dispute's status does not allow this step."""
