"""Log lines a log pipeline can parse: one JSON object per line, carrying the id of the
request that wrote it (X-Request-ID), so a reader's report ("error ID 3f2a...") leads to
every line that request wrote.

The request id lives in a context variable set by monitoring.middleware: it follows the
request through threads of its own (gunicorn's threads each run one request at a time)
and is empty outside a request (commands, on-commit work after the response)."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else on a record came from `extra=` and is
# written out as a field of its own.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def record_factory_install() -> None:
    """Stamp every log record with the current request id when it is made, so a record
    formatted later (or captured in a test) still carries it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "stamps_request_id", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = request_id_var.get()
        return record

    factory.stamps_request_id = True
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time (UTC), level, logger, message, request_id, the
    record's `extra` fields, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key == "request_id":
                continue
            # Django adds the request object itself to its own records: its path is
            # already in the request line.
            if key not in _STANDARD and key != "request" and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)
