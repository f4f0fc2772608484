"""Structured logging: structlog on top of the standard library, key=value on a terminal, JSON in production.

Secrets never reach a log line: settings hold them as SecretStr, and ``_redact`` masks any value that
looks like a Slack or Discord token, or equals a secret set in the environment (a signing secret has no
recognisable shape), in case one slips into an exception message. Tracebacks are rendered to text
before that step, so they are masked too (a pretty traceback with locals would show them).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from config.settings import SECRET_ENV

_TOKEN = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|[MNO][A-Za-z\d_-]{23,27}\.[\w-]{6}\.[\w-]{27,40}|v0=[0-9a-f]{64}"
    r"|(?<=[?&]sig=)[A-Za-z0-9_-]{20,})"  # a record page link's signature (bot/web_links.py): it opens the page
)


# The secrets' own values, read from the environment by configure_logging (settings read them there too).
_MIN_SECRET_CHARS = 8  # shorter values would mask ordinary words
_secrets: tuple[str, ...] = ()


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "[redacted]")
    return _TOKEN.sub("[redacted]", text)


def _redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for k, v in list(event.items()):
        if isinstance(v, str):
            event[k] = redact(v)
        elif isinstance(v, BaseException):
            event[k] = redact(repr(v))
        elif isinstance(v, (dict, list, tuple, set)) and (clean := redact(text := repr(v))) != text:
            event[k] = clean  # a secret inside a container: the value becomes its masked text
    return event


class _RedactingFilter(logging.Filter):
    """Masks tokens in records of third-party libraries (aiohttp, slack_sdk, discord) too."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = redact(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # handlers after ours print exc_text as it is (ours formats and masks its own copy)
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    global _secrets
    _secrets = tuple(v for name in SECRET_ENV if len(v := os.environ.get(name, "").strip()) >= _MIN_SECRET_CHARS)
    renderer: Any = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,  # traceback → text, so _redact sees it
        _redact,
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,  # a call below its logger's level ends here, before any work on it
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(processors=[
        structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer], foreign_pre_chain=shared))
    handler.addFilter(_RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # alembic: "Context impl SQLiteImpl." and "Running upgrade …" at every start are not news to anyone
    for noisy in ("aiosqlite", "asyncio", "filelock", "trafilatura", "htmldate", "charset_normalizer", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
