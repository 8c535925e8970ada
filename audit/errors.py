"""The audit app's one domain error: a code for programs and tests, a sentence for people."""

from config.errors import DomainError


class AuditError(DomainError):
    pass
