"""The audit app's one domain error: a code for programs and tests, a sentence for people."""


class AuditError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"AuditError({self.code!r}, {self.message!r})"
