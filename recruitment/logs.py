"""Log records as one JSON object per line, for the log collector in production."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping

# attributes every LogRecord has: what is left over was passed with `extra=`
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, extra fields, exception if any.

    A request passed by Django is logged as its method and path: a query string may hold
    what a member of staff searched for (a name, an e-mail address).
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = _entry(record, record.getMessage())
        for key, value in vars(record).items():
            if key == "request":  # Django's: the method and path, never the query string
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
            elif key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value if _plain(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _plain(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


class AccessLogFormatter(logging.Formatter):
    """gunicorn's access log, one JSON object per request: method, path, status, duration.

    gunicorn hands over everything about the request (its "atoms": the query string, the
    client's address, the referrer, the user agent, every header); only what cannot name a
    person is kept.
    """

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        method, path, status = atoms.get("m"), atoms.get("U"), atoms.get("s")
        entry = _entry(record, f"{method} {path} {status}")
        entry.update(
            method=method,
            path=path,
            status=int(status) if str(status).isdigit() else status,
            duration_ms=atoms.get("M"),
        )
        return json.dumps(entry, ensure_ascii=False, default=str)


def _entry(record: logging.LogRecord, message: str) -> dict:
    return {
        "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
            timespec="milliseconds"
        ),
        "level": record.levelname,
        "logger": record.name,
        "message": message,
    }
