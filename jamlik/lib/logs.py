"""Log lines as plain text (the default, for people reading a terminal) or JSON (for collectors).

``JAMLIK_LOG_FORMAT=json`` writes one JSON object per line: ``time`` (UTC, ISO 8601), ``level``,
``logger``, ``message``, ``request_id`` and ``task_id`` (``jamlik.lib.requestid``; empty outside
a request or task), ``exception`` (the traceback) when there is one, and the fields a caller
passed with ``extra={...}`` whose values JSON can hold. The standard logging module does the rest.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else on a record came from ``extra=``. Django's
# ``request`` is left out: its text holds the query string, which may hold personal data.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "task_id", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "task_id": getattr(record, "task_id", ""),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """Django's ``LOGGING`` for ``text`` or ``json`` output on standard error."""
    if log_format not in ("text", "json"):
        raise ValueError(f"JAMLIK_LOG_FORMAT must be text or json, not {log_format!r}")
    formatter = {"()": JsonFormatter} if log_format == "json" else {"format": "%(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "jamlik.lib.requestid.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
