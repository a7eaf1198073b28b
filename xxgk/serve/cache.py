"""Answers to searches, kept while the server runs (the plugin's ASGI wrapper uses it).

``xxgk serve`` serves the archive immutable (``-i``): the file does not change under it, so the
same search (``/-/search?q=``, or any page with ``?_search=``) gives the same bytes every time,
and a popular search need not be ranked again for each reader. Kept: answers 200 of GET requests
without cookies or credentials (whose pages may differ per reader), without ``Set-Cookie``, up
to ``MAX_BODY`` bytes, the ``ENTRIES`` most recently used, per server process. Nothing is kept
when any database is mutable, or with ``XXGK_RESPONSE_CACHE=0``.
"""
from __future__ import annotations

import os
from collections import OrderedDict

ENTRIES = 512
MAX_BODY = 1 << 20


def cacheable(scope, datasette) -> bool:
    """A search request (GET, anonymous) on a server whose databases are all immutable."""
    if scope.get("method") != "GET" or os.environ.get("XXGK_RESPONSE_CACHE", "1") == "0":
        return False
    headers = dict(scope.get("headers") or [])
    if b"cookie" in headers or b"authorization" in headers:
        return False
    query = scope.get("query_string") or b""
    searching = scope.get("path") == "/-/search" or b"_search" in query
    return searching and all(not db.is_mutable for name, db in datasette.databases.items()
                             if not name.startswith("_"))


class ResponseCache:
    """The last ``ENTRIES`` cacheable answers, by host, path and query string."""

    def __init__(self, entries: int = ENTRIES):
        self.entries, self.answers = entries, OrderedDict()

    @staticmethod
    def key(scope) -> tuple:
        headers = dict(scope.get("headers") or [])
        return headers.get(b"host"), scope.get("path"), scope.get("query_string")

    async def send_cached(self, key, send) -> bool:
        answer = self.answers.get(key)
        if answer is None:
            return False
        self.answers.move_to_end(key)
        start, body = answer
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})
        return True

    def recording(self, key, send):
        """``send``, keeping a copy of a cacheable answer once it is complete."""
        held = {"start": None, "body": [], "size": 0, "keep": True}

        async def recording_send(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                held["keep"] = message.get("status") == 200 and b"set-cookie" not in headers
                held["start"] = message
            elif held["keep"]:
                held["body"].append(message.get("body", b""))
                held["size"] += len(held["body"][-1])
                held["keep"] = held["size"] <= MAX_BODY
                if held["keep"] and not message.get("more_body"):
                    self.answers[key] = (held["start"], b"".join(held["body"]))
                    while len(self.answers) > self.entries:
                        self.answers.popitem(last=False)
            await send(message)

        return recording_send
