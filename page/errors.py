"""How a failed run reaches the user: the one generic line for unexpected errors, and each
browser session's last failure kept for the page's error box."""

from __future__ import annotations

import threading
from collections import OrderedDict

GENERIC_ERROR = (
    "Something went wrong on the server while processing this article (the details are in the "
    "server log); try again, or send the article to the page's maintainer."
)


class RunErrors:
    """Why the last run of each browser session failed, for the page's error box.

    The handler raises ``gr.Error`` (what an API client gets) without a toast and keeps the
    message here under the session; the event chained on failure shows it in the results
    area. Bounded, because API clients never collect theirs.
    """

    LIMIT = 1000

    def __init__(self) -> None:
        self._messages: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, session: str | None, message: str) -> None:
        with self._lock:
            self._messages[session or ""] = message
            self._messages.move_to_end(session or "")
            while len(self._messages) > self.LIMIT:
                self._messages.popitem(last=False)

    def pop(self, session: str | None) -> str | None:
        with self._lock:
            return self._messages.pop(session or "", None)
