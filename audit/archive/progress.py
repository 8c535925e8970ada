"""A progress bar on stderr, without a dependency: one redrawn line on a terminal, and only
the finished line of each step when the output is a file or a CI log."""

import sys
from typing import TextIO

WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = getattr(self.stream, "isatty", lambda: False)()
        self.label = ""
        self.total = 0
        self.done = 0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def finish(self) -> None:
        self.done = max(self.done, self.total)
        line = self._line()
        self.stream.write(("\r" + line + "\n") if self.interactive else line + "\n")
        self.stream.flush()

    def _line(self) -> str:
        total = max(self.total, 1)
        filled = min(WIDTH, WIDTH * self.done // total)
        return f"{self.label:<22} [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total}"

    def _draw(self) -> None:
        if self.interactive:
            self.stream.write("\r" + self._line())
            self.stream.flush()


class Silent(Progress):
    """For callers that want no output (tests of the services)."""

    def __init__(self):
        super().__init__(stream=None)
        self.interactive = False

    def finish(self) -> None:
        pass
