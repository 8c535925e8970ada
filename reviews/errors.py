"""The reviews app's one domain error. Every refused transition raises it with a code (for
programs and tests), a plain sentence (for people) and the HTTP status a view answers."""

from http import HTTPStatus

# Not possible in the revision's current state (or the article's).
CONFLICT = HTTPStatus.CONFLICT
# Not allowed for this person.
FORBIDDEN = HTTPStatus.FORBIDDEN
# Something the person must supply is missing or malformed (a comment, a claim).
INVALID = HTTPStatus.BAD_REQUEST
# Too many attempts in a short time (signing with a password).
TOO_MANY = HTTPStatus.TOO_MANY_REQUESTS


class WorkflowError(Exception):
    def __init__(self, code: str, message: str, status: int = CONFLICT, *, problems=()):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = int(status)
        # For refused submissions: every SubmissionProblem found, so the UI can list them.
        self.problems = list(problems)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"WorkflowError({self.code!r}, {self.message!r}, {self.status})"
