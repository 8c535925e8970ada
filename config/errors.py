"""The one base of every app's domain error.

A domain error is a refusal a person can act on: `code` is for programs and tests,
`message` is a sentence for people, in the interface's language where it was raised (the
services mark their sentences with gettext; docs/architecture.md, "Interface language"),
`status` is the HTTP status both the web pages and the API answer with. Each app derives
its own error from this (ArticleError, WorkflowError, ReferenceFormatError, AuditError);
web views and the API each translate it to a response in one place, from the same status.
"""

from http import HTTPStatus

# Something the person must supply is missing or malformed.
INVALID = HTTPStatus.BAD_REQUEST
# Not allowed for this person.
FORBIDDEN = HTTPStatus.FORBIDDEN
NOT_FOUND = HTTPStatus.NOT_FOUND
# Not possible in the current state (of a revision, an article, a record).
CONFLICT = HTTPStatus.CONFLICT
# Too many attempts in a short time.
TOO_MANY = HTTPStatus.TOO_MANY_REQUESTS


class DomainError(Exception):
    # An app's error may map its codes to statuses; a status given when raising wins.
    code_statuses: dict[str, int] = {}
    default_status = INVALID

    def __init__(self, message: str, *, code: str = "invalid", status: int | None = None):
        # A message marked with gettext_lazy (a module's constant) is put into words now,
        # in the language active where the refusal is raised: the request's.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = int(
            status if status is not None else self.code_statuses.get(code, self.default_status)
        )

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, status={self.status})"
