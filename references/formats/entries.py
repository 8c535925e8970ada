from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParsedEntry:
    """One entry of a reference file, read into a CSL item. `errors` are the problems
    the reader found (the import adds the ones the mapping finds)."""

    number: int  # 1-based position among the file's entries
    item: dict
    line: int | None = None  # where the entry starts, when the format has lines
    errors: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """How errors name this entry: "entry 3" or "entry 3 (line 20)"."""
        return f"entry {self.number}" + (f" (line {self.line})" if self.line else "")


def one_line(value: str) -> str:
    """Text safe to write on one line of a tagged file: a newline inside a value would
    start a new (bogus) tag."""
    return " ".join(str(value).split())


@dataclass(frozen=True)
class ParsedFile:
    """What a reader found: the entries, and problems with the file's structure that
    belong to no single entry's fields (already naming their line or entry)."""

    entries: list[ParsedEntry]
    errors: list[str] = field(default_factory=list)
    # What the file says that no entry keeps (a document's `nocite`), for the report.
    warnings: list[str] = field(default_factory=list)
