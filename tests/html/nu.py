"""The W3C Nu HTML checker (vnu.jar), run offline with Java over saved pages.

`make vnu-vendor` fetches the pinned jar from the npm registry into tests/html/vendor/.
Without Java or the jar the tests skip with the reason on a developer's machine and fail
in CI (CI=true), where a skipped check would look like a passing one. All pages go to one
Java process: starting the JVM costs more than checking forty pages.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parent / "vendor" / "vnu.jar"
# A bound for a 2-core machine shared with other test runs; a normal run takes seconds.
TIMEOUT_SECONDS = 300


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"CI: {reason}", pytrace=False)
    pytest.skip(reason)


def nu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("Java is not installed (apt-get install default-jre-headless); vnu needs it.")
    if not VNU_JAR.is_file():
        unavailable(
            "The Nu HTML checker is missing (tests/html/vendor/vnu.jar); run `make vnu-vendor`."
        )
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


@dataclass(frozen=True)
class NuMessage:
    file: str
    line: int | None
    kind: str
    message: str
    extract: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.kind}: {self.message}\n    {self.extract.strip()}"


def nu_errors(files: list[Path]) -> list[NuMessage]:
    """Every error (and every file the checker could not read) in the given HTML files.
    Warnings ("info" messages) are not errors and are left out."""
    if not files:
        return []
    result = subprocess.run(
        [*nu_command(), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu checker gave no report (exit {result.returncode}):\n{result.stderr}")
    return [
        NuMessage(
            file=Path(m.get("url", "").removeprefix("file:")).name,
            line=m.get("lastLine"),
            kind=m["type"],
            message=m.get("message", ""),
            extract=m.get("extract", ""),
        )
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
