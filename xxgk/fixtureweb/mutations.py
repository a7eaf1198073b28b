"""Named, deterministic changes of the fixture web between crawls (re-crawl tests and benchmarks).

The server keeps one ``Mutations`` object; ``POST /__fixture/mutate`` with ``{"scenario": name}``
applies a scenario, ``POST /__fixture/reset`` goes back to the pristine web. Tests without a
server use the same class (``Mutations().apply("edit")`` then ``.response(path)``) and the
machine-readable ``SCENARIOS``:

``edit``
    Two report bodies change one number in one sentence; nothing else on the page moves (the
    浏览量 stays): the fuxin-swj seed report (主动公开政府信息共计759条 → 768条) and the hedong-mzj
    (TRS) 2019 report (全年主动公开政府信息186条 → 193条). ``SCENARIOS["edit"]["edits"]``.
``delete``
    ``gone_404``: the hedong-mzj 2014 report answers 404 and stays listed on ``index_1.html``.
    ``gone_410_unlisted``: the hedong-mzj 2017 report answers 410 Gone and its ``<li>`` is removed
    from ``index_1.html`` (the column's last page, so a crawler sees it missing only after walking
    the whole listing). No other item moves between pages.
``add``
    A new full report page (阜新市商务局2020年政府信息公开工作年度报告, published 2021-01-25, stored
    in ``sites/fuxin-swj/_mutations/``) appears, listed at the TOP of fuxin-swj ``index.html``.
    Nothing is pushed to the next page: page 1 just grows to 6 items and the pager says
    共9条记录 instead of 共8条记录. The neighbours' 上一篇/下一篇 links are not updated (as on real
    static sites).
``views``
    Every literal 浏览量 on fuxin-swj pages grows (334 → 351, 1,024 → 1,057 …; the written
    format, thousands comma included, is kept). Nothing else changes, but the bytes (so the ETag
    and Last-Modified) do. Each further ``views`` (or ``all``) adds the same increment again:
    after ``r`` rounds a page shows ``old + r * (new - old)``.
``restore``
    Undoes ``delete``: the 404 page serves its original bytes again (same ETag and Last-Modified
    as before it went away), the 410 page comes back and is listed again where it was.
``all``
    ``edit`` + ``delete`` + ``add`` + ``views`` (one views round). They touch disjoint pages except
    the fuxin seed report, which gets both the edit and the view count.
``gen-change`` (``{"scenario": "gen-change", "percent": P}``)
    Revises ``ceil(N * P / 100)`` generated articles (every k-th id, ``generated.changed_ids``):
    one number in the body changes, so the bytes and the ETag do; listing pages do not change.
    Each call revises the same articles once more. Needs ``--generated N``.

``edit``, ``delete`` and ``add`` are states: applying one twice changes nothing the second
time. Scenarios are cumulative until reset. Every ``apply`` that is not a no-op increments
``generation``; a response whose bytes (or status) change gets Last-Modified
``conditional.mutation_time(generation)``, a response that is back to its pristine bytes gets its
pristine Last-Modified again.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xxgk.fixtureweb import conditional, dynamic, generated

SITES_DIR = dynamic.SITES_DIR
MUTATIONS_DIR = "_mutations"  # per-site folder of pages that only exist after a mutation

FUXIN_SEED = "/fuxin-swj/html/SWJ/201803/0152180328150334.html"
FUXIN_COLUMN = "/fuxin-swj/zwgk/gknb/index.html"
HEDONG_2019 = "/hedong-mzj/zwgk/zfxxgknb/202012/t20201216_3021456.html"
HEDONG_2014 = "/hedong-mzj/zwgk/zfxxgknb/201503/t20150330_1800562.html"
HEDONG_2017 = "/hedong-mzj/zwgk/zfxxgknb/201803/t20180328_2530416.html"
HEDONG_PAGE_2 = "/hedong-mzj/zwgk/zfxxgknb/index_1.html"
FUXIN_ADDED = "/fuxin-swj/html/SWJ/202101/0152210125093015.html"

EDITS = {  # url path -> (before, after): one text replacement inside the body
    FUXIN_SEED: ("主动公开政府信息共计759条", "主动公开政府信息共计768条"),
    HEDONG_2019: ("全年主动公开政府信息186条", "全年主动公开政府信息193条"),
}
VIEWS_LABEL = "浏览量:"
VIEWS = {  # fuxin-swj url path -> (views before, views after one round)
    "/fuxin-swj/html/SWJ/202001/0152200121093012.html": (412, 436),
    "/fuxin-swj/html/SWJ/201906/0152190618142207.html": (158, 163),
    "/fuxin-swj/html/SWJ/201903/0152190322160118.html": (211, 229),
    "/fuxin-swj/html/SWJ/201903/0152190320101522.html": (1024, 1057),  # written 1,024
    "/fuxin-swj/html/SWJ/201901/0152190108090314.html": (96, 101),
    FUXIN_SEED: (334, 351),
    "/fuxin-swj/html/SWJ/201703/0152170330112741.html": (587, 590),
}
GONE_404 = [HEDONG_2014]
GONE_410 = {HEDONG_2017: HEDONG_PAGE_2}  # url path -> the listing page it disappears from
ADDED = {FUXIN_ADDED: FUXIN_COLUMN}  # url path -> listing page it is put on top of
LIST_MARKERS = {  # listing page -> the text right before its first item
    FUXIN_COLUMN: '<ul class="newslist">\n',
}
COUNT_RE = re.compile(r"共(\d+)条记录")


def _added_record(url: str) -> dict:
    slug, _, rel = url.lstrip("/").partition("/")
    stem = rel.rsplit(".", 1)[0]
    path = SITES_DIR / slug / MUTATIONS_DIR / f"{stem}.expected.json"
    return json.loads(path.read_text(encoding="utf-8"))


SCENARIOS: dict[str, dict] = {
    "edit": {
        "doc": "one number in one sentence of two report bodies changes; views unchanged",
        "changed": list(EDITS),
        "edits": {p: {"before": b, "after": a} for p, (b, a) in EDITS.items()},
    },
    "delete": {
        "doc": "one report answers 404 and stays listed; another answers 410 and is unlisted",
        "gone_404": list(GONE_404),
        "gone_410_unlisted": list(GONE_410),
        "listings": dict(GONE_410),
        "changed": list(GONE_404) + list(GONE_410) + sorted(set(GONE_410.values())),
    },
    "add": {
        "doc": "a new report page, listed at the top of the column's first page",
        "added": [{"url": u, "listing": lst, "position": 0, "record": _added_record(u)}
                  for u, lst in ADDED.items()],
        "changed": list(ADDED) + sorted(set(ADDED.values())),
    },
    "views": {
        "doc": "literal view counts on fuxin-swj pages grow; nothing else changes",
        "views": {p: (old, new) for p, (old, new) in VIEWS.items()},
        "changed": list(VIEWS),
    },
    "restore": {
        "doc": "the deleted pages come back with their original bytes; the 410 one is relisted",
        "restored": list(GONE_404) + list(GONE_410),
        "changed": list(GONE_404) + list(GONE_410) + sorted(set(GONE_410.values())),
    },
    "all": {
        "doc": "edit + delete + add + views together",
        "includes": ["edit", "delete", "add", "views"],
    },
    "gen-change": {
        "doc": "ceil(N*percent/100) generated articles (every k-th id) get a changed body",
        "params": {"percent": "number in (0, 100]"},
    },
}
SCENARIOS["all"]["changed"] = sorted({p for name in SCENARIOS["all"]["includes"]
                                      for p in SCENARIOS[name]["changed"]})
STATES = ("edit", "delete", "add")


@dataclass(frozen=True)
class Response:
    """What the server answers for a mutated path: ``status`` 200 (``body``), 404 or 410."""
    status: int
    body: bytes | None
    last_modified: datetime | None  # None: the pristine Last-Modified


def _site_file(url_path: str) -> Path | None:
    from xxgk.fixtureweb.catalog import file_for_request
    slug, _, rel = url_path.lstrip("/").partition("/")
    path = file_for_request(SITES_DIR / slug, rel)
    return path if path.is_file() else None


def pristine_bytes(url_path: str) -> bytes | None:
    """The bytes a pristine server answers for a static ``url_path`` (None: 404)."""
    path = _site_file(url_path)
    return path.read_bytes() if path else None


def added_bytes(url_path: str) -> bytes:
    slug, _, rel = url_path.lstrip("/").partition("/")
    return (SITES_DIR / slug / MUTATIONS_DIR / rel).read_bytes()


def _encoding(url_path: str) -> str:
    return dynamic.load_site(url_path.lstrip("/").split("/", 1)[0]).get("encoding", "utf-8")


def _replace_once(body: bytes, old: str, new: str, enc: str, where: str) -> bytes:
    a, b = old.encode(enc), new.encode(enc)
    if body.count(a) != 1:
        raise AssertionError(f"{where}: {old!r} occurs {body.count(a)} times, expected once")
    return body.replace(a, b)


def _views_text(n: int, like: int) -> str:
    return f"{n:,}" if like >= 1000 else str(n)


def _list_item(url_path: str) -> str:
    rec = _added_record(url_path)
    return (f'<li><a href="{rec["url"]}" title="{rec["title"]}" target="_blank">{rec["title"]}</a>'
            f'<span class="date">{rec["published"]}</span></li>\n')


def _unlist(body: bytes, url_path: str, enc: str, listing: str) -> bytes:
    text = body.decode(enc)
    tail = "/".join(url_path.split("/")[-2:])
    m = re.search(r'^<li><a href="[^"]*' + re.escape(tail) + r'"[^\n]*</li>\n', text, re.M)
    if not m:
        raise AssertionError(f"{listing}: no list item for {url_path}")
    text = text[:m.start()] + text[m.end():]
    text = COUNT_RE.sub(lambda c: f"共{int(c.group(1)) - 1}条记录", text, count=1)
    return text.encode(enc)


def _list_on_top(body: bytes, url_path: str, enc: str, listing: str) -> bytes:
    text = body.decode(enc)
    marker = LIST_MARKERS[listing]
    if text.count(marker) != 1:
        raise AssertionError(f"{listing}: list marker {marker!r} not found once")
    text = text.replace(marker, marker + _list_item(url_path))
    text = COUNT_RE.sub(lambda c: f"共{int(c.group(1)) + 1}条记录", text, count=1)
    return text.encode(enc)


def render_static(states: set[str] | frozenset[str], views_rounds: int) -> dict[str, Response]:
    """``{url path: Response}`` for every static path that differs from the pristine web."""
    bodies: dict[str, bytes] = {}
    status: dict[str, int] = {}

    def current(path: str) -> bytes:
        if path not in bodies:
            raw = pristine_bytes(path)
            if raw is None:
                raise AssertionError(f"mutation target {path} has no file")
            bodies[path] = raw
        return bodies[path]

    if "edit" in states:
        for path, (old, new) in EDITS.items():
            bodies[path] = _replace_once(current(path), old, new, _encoding(path), path)
    if views_rounds:
        for path, (old, new) in VIEWS.items():
            now = old + views_rounds * (new - old)
            bodies[path] = _replace_once(current(path), VIEWS_LABEL + _views_text(old, old),
                                         VIEWS_LABEL + _views_text(now, old), _encoding(path), path)
    if "add" in states:
        for path, listing in ADDED.items():
            bodies[path] = added_bytes(path)
            bodies[listing] = _list_on_top(current(listing), path, _encoding(listing), listing)
    if "delete" in states:
        for path in GONE_404:
            status[path] = 404
        for path, listing in GONE_410.items():
            status[path] = 410
            bodies[listing] = _unlist(current(listing), path, _encoding(listing), listing)
    out = {p: Response(200, b, None) for p, b in bodies.items() if b != pristine_bytes(p)}
    out |= {p: Response(s, None, None) for p, s in status.items()}
    return out


class Mutations:
    """The mutable state of one fixture web (thread-safe); see the module docstring."""

    def __init__(self, generated_count: int = 0):
        self.generated_count = generated_count
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.generation = 0
            self.states: set[str] = set()
            self.views_rounds = 0
            self.applied: list[dict] = []
            self.static: dict[str, Response] = {}
            self.static_changed_at: dict[str, int] = {}  # path -> generation of its last change
            self.gen_revisions: dict[int, int] = {}
            self.gen_changed_at: dict[int, int] = {}

    # --- applying ---
    def apply(self, scenario: str, **params) -> dict:
        """Apply a scenario; returns ``{"scenario", "generation", "changed": [url paths]}``.

        Raises ``ValueError`` for an unknown scenario or bad parameters."""
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; known: {', '.join(SCENARIOS)}")
        with self.lock:
            if scenario == "gen-change":
                return self._gen_change(params.get("percent", 1))
            states, rounds = set(self.states), self.views_rounds
            if scenario == "restore":
                states.discard("delete")
            for name in SCENARIOS[scenario].get("includes", [scenario]):
                if name == "restore":
                    continue
                if name == "views":
                    rounds += 1
                else:
                    states.add(name)
            new = render_static(states, rounds)
            changed = sorted(p for p in set(new) | set(self.static)
                             if new.get(p) != self.static.get(p))
            if changed:
                self.generation += 1
                for p in changed:
                    if p in new:
                        self.static_changed_at[p] = self.generation
                    else:  # back to the pristine bytes and Last-Modified
                        self.static_changed_at.pop(p, None)
            self.states, self.views_rounds, self.static = states, rounds, new
            self.applied.append({"scenario": scenario, "generation": self.generation})
            return {"scenario": scenario, "generation": self.generation, "changed": changed}

    def _gen_change(self, percent) -> dict:
        if not self.generated_count:
            raise ValueError("gen-change needs a generated site (python -m fixtureweb --generated N)")
        try:
            ids = generated.changed_ids(self.generated_count, percent)
        except (ValueError, ZeroDivisionError, TypeError) as exc:
            raise ValueError(str(exc)) from None
        self.generation += 1
        for i in ids:
            self.gen_revisions[i] = self.gen_revisions.get(i, 0) + 1
            self.gen_changed_at[i] = self.generation
        self.applied.append({"scenario": "gen-change", "percent": percent,
                             "generation": self.generation})
        return {"scenario": "gen-change", "generation": self.generation,
                "changed": [generated.article(i)["url"] for i in ids]}

    # --- answering ---
    def response(self, url_path: str) -> Response | None:
        """How a mutated static path is answered now, or None (serve the pristine file)."""
        with self.lock:
            r = self.static.get(url_path)
            if r is None:
                return None
            gen = self.static_changed_at.get(url_path)
            return Response(r.status, r.body, conditional.mutation_time(gen) if gen else None)

    def generated_last_modified(self, i: int) -> datetime:
        with self.lock:
            gen = self.gen_changed_at.get(i)
        if gen:
            return conditional.mutation_time(gen)
        return conditional.day_time(generated.article(i)["published"])

    def snapshot(self) -> dict:
        """JSON-able state (``GET /__fixture/state``)."""
        with self.lock:
            return {"generation": self.generation, "states": sorted(self.states),
                    "views_rounds": self.views_rounds, "applied": list(self.applied),
                    "gen_revised": len(self.gen_revisions),
                    "mutated": {p: r.status for p, r in sorted(self.static.items())}}

    # --- expectations ---
    def expected_listing(self, url_path: str) -> dict | None:
        """The expected listing of static listing page ``url_path`` in the current state."""
        from xxgk.fixtureweb.catalog import listing_fixtures
        found = [f for f in listing_fixtures() if f.url_path == url_path and f.path is not None]
        if not found:
            return None
        exp = json.loads(json.dumps(found[0].expected))
        with self.lock:
            states = set(self.states)
        if "delete" in states:
            gone = {p for p, lst in GONE_410.items() if lst == url_path}
            exp["links"] = [link for link in exp["links"] if link["url"] not in gone]
        if "add" in states:
            for path, lst in ADDED.items():
                if lst == url_path:
                    rec = _added_record(path)
                    exp["links"].insert(0, {"url": path, "title": rec["title"],
                                            "date": rec["published"], "is_report": rec["is_report"]})
        return exp


def expected_views(url_path: str, rounds: int = 1) -> int:
    """The view count of a fuxin-swj page after ``rounds`` views rounds."""
    old, new = VIEWS[url_path]
    return old + rounds * (new - old)


def gen_change_count(n: int, percent) -> int:
    return len(generated.changed_ids(n, percent)) if n else 0


__all__ = ["SCENARIOS", "Mutations", "Response", "render_static", "pristine_bytes",
           "added_bytes", "expected_views", "gen_change_count"]
