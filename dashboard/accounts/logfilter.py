"""Keep the OAuth callback's query string out of the logs: it carries Quay's one-time `code`
(and the `state`), which must not outlive the sign-in in a log file."""

from __future__ import annotations

import logging
import re

# The callback of "Sign in with Quay" (allauth mounts it per provider), with its query.
CALLBACK_QUERY = re.compile(r"(/accounts/[\w-]+/login/callback/)\?[^\s\"']*")
REDACTED = r"\1?[query removed]"


def redact(text: str) -> str:
    return CALLBACK_QUERY.sub(REDACTED, text)


class RedactOAuthCallback(logging.Filter):
    """On a handler: every record it writes, from any logger (runserver's request lines, a
    warning that quotes a URL), loses the callback's query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
