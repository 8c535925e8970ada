"""The articles app's domain errors: each carries a code for programs, a sentence for
people and the status both the web pages and the API answer with."""

from django.utils.translation import gettext, ngettext

from config.errors import DomainError


class ArticleError(DomainError):
    code_statuses = {
        "forbidden": 403,
        "not_editor": 403,
        "not_allowed": 403,
        "not_found": 404,
        "locked": 409,
        "stale": 409,
        "duplicate": 409,
    }


class DocumentError:
    """One problem in an article document, tied to the line it concerns (1-based)."""

    __slots__ = ("line", "message")

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return gettext("line %(line)s: %(problem)s") % {"line": self.line, "problem": self.message}

    def __repr__(self) -> str:
        return f"DocumentError({self.message!r}, line={self.line!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentError) and (self.line, self.message) == (
            other.line,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.line, self.message))


class ArticleImportError(ArticleError):
    """An article document was refused; `errors` lists every problem found, by line."""

    def __init__(self, errors: list[DocumentError]):
        self.errors = list(errors)
        summary = "; ".join(str(e) for e in self.errors[:5])
        more = len(self.errors) - 5
        if more > 0:
            message = ngettext(
                "The document was not imported: %(problems)s (and %(count)s more)",
                "The document was not imported: %(problems)s (and %(count)s more)",
                more,
            ) % {"problems": summary, "count": more}
        else:
            message = gettext("The document was not imported: %(problems)s") % {"problems": summary}
        super().__init__(message, code="invalid_document")
