"""The reference library's one domain error. (Named for the import formats, where it is
raised most, and because Python already has a built-in `ReferenceError`.)"""

from config.errors import DomainError


class ReferenceFormatError(DomainError):
    """Something asked of the reference library cannot be done: a file that cannot be
    imported, an unknown style or format, a retraction or supersession that makes no
    sense. `code` is for programs, `message` for people, and `errors` lists every
    problem found, each naming its entry ("entry 3: has no title")."""

    code_statuses = {"too_large": 413, "unknown_format": 415}

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        status: int | None = None,
        errors: list[str] | None = None,
    ):
        super().__init__(message, code=code, status=status)
        self.errors = list(errors or [])

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        shown = "; ".join(self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        return f"{self.message} {shown}{more}"
