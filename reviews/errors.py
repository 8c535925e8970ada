"""The reviews app's one domain error. Every refused transition raises it with a code (for
programs and tests), a plain sentence (for people) and the HTTP status a view answers."""

from config.errors import CONFLICT, FORBIDDEN, INVALID, TOO_MANY, DomainError

__all__ = ["CONFLICT", "FORBIDDEN", "INVALID", "TOO_MANY", "WorkflowError"]


class WorkflowError(DomainError):
    # Most refusals are a transition not possible in the revision's current state.
    default_status = CONFLICT

    def __init__(self, message: str, *, code: str, status: int | None = None, problems=()):
        super().__init__(message, code=code, status=status)
        # For refused submissions: every SubmissionProblem found, so the UI can list them.
        self.problems = list(problems)
