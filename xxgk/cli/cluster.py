"""Several machines, one archive: the sites split across Scrapyd nodes (docs/scaling.md).

Each site goes to one node by rendezvous (highest-random-weight) hashing over its slug: every
node scores every site, the highest score wins. Adding a node moves only the sites that the new
node now wins (about 1/N of them); removing one moves only its own. Each node crawls its share
into a shard archive of its own, with the usual per-site politeness (one Scrapy process holds
each site), and ``xxgk merge`` folds the shards into the served archive.

Scheduling is Scrapyd's HTTP API (``/schedule.json``, as docs/scheduling.md does it by hand);
status is ``/daemonstatus.json`` and ``/listjobs.json``. Only the standard library is used.
"""
from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

PROJECT = "xxgk"
SPIDER = "reports"
TIMEOUT = 10  # seconds per HTTP call to a node


class ClusterError(RuntimeError):
    """A node that cannot be reached or refused a request; ``str()`` is one line naming it."""


@dataclass(frozen=True)
class Node:
    """A Scrapyd node: its name (what the hashing uses, so a node may move to another address
    without moving its sites) and the base URL of its HTTP API."""
    name: str
    url: str


def parse_node(value: str) -> Node:
    """``NAME=URL`` or just ``URL`` (then the name is ``host:port``)."""
    name, sep, url = value.partition("=")
    if not sep:
        name, url = "", value
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r}: not NAME=URL of a Scrapyd, e.g. a=http://10.0.0.2:6800")
    return Node(name.strip() or parts.netloc, url.strip().rstrip("/"))


def node_score(node: str, slug: str) -> int:
    """The rendezvous weight of ``slug`` on ``node``: 64 bits of SHA-256 of both."""
    return int.from_bytes(hashlib.sha256(f"{node}\x00{slug}".encode()).digest()[:8], "big")


def assign_node(slug: str, nodes: list[str]) -> str:
    """The node that crawls ``slug``: the one with the highest score (ties: the smaller name)."""
    if not nodes:
        raise ValueError("no nodes to assign sites to")
    return max(sorted(nodes), key=lambda n: node_score(n, slug))


def assign_sites(slugs, nodes: list[str]) -> dict[str, list[str]]:
    """``{node: [slug, …]}`` for every node (a node may get no site), slugs sorted."""
    shares = {n: [] for n in nodes}
    for slug in sorted(set(slugs)):
        shares[assign_node(slug, nodes)].append(slug)
    return shares


def api(base: str, endpoint: str, **params) -> dict:
    """GET (no params) or POST a Scrapyd JSON endpoint; list values become repeated fields."""
    fields = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    data = urllib.parse.urlencode(fields).encode() if fields else None
    try:
        with urllib.request.urlopen(f"{base}/{endpoint}", data=data, timeout=TIMEOUT) as resp:
            answer = json.load(resp)
    except (OSError, ValueError) as exc:
        raise ClusterError(f"{base}: no answer from Scrapyd's {endpoint} ({exc})") from None
    if answer.get("status") != "ok":
        raise ClusterError(f"{base}: Scrapyd refused {endpoint}: {answer.get('message', answer)}")
    return answer


def shard_path(template: str, node: Node) -> str:
    """The shard archive of ``node`` on that node: ``template`` with ``{node}`` filled in."""
    return template.replace("{node}", node.name)


def schedule_share(node: Node, sites: list[str], *, shard_db: str, project: str = PROJECT,
                   fixture_url: str | None = None, settings: dict | None = None) -> str:
    """One job on ``node`` crawling ``sites`` into its shard; returns the Scrapyd job id."""
    args = {"sites": ",".join(sites)}
    if fixture_url:
        args["fixture_url"] = fixture_url
    setting = [f"XXGK_DB={shard_path(shard_db, node)}"]
    setting += [f"{k}={v}" for k, v in (settings or {}).items()]
    answer = api(node.url, "schedule.json", project=project, spider=SPIDER, setting=setting, **args)
    return answer["jobid"]


def schedule(nodes: list[Node], slugs, *, shard_db: str, **kwargs) -> list[dict]:
    """Schedule every node's share (a node with no site gets no job). Returns one row per node:
    ``node``, ``url``, ``sites``, ``job`` (None when nothing was scheduled), ``shard_db``."""
    shares = assign_sites(slugs, [n.name for n in nodes])
    rows = []
    for node in nodes:
        sites = shares[node.name]
        job = schedule_share(node, sites, shard_db=shard_db, **kwargs) if sites else None
        rows.append({"node": node.name, "url": node.url, "sites": sites, "job": job,
                     "shard_db": shard_path(shard_db, node)})
    return rows


def node_status(node: Node, project: str = PROJECT) -> dict:
    """What ``node`` is doing: Scrapyd's counts and the project's jobs by state, or
    ``{"error": …}`` when the node does not answer."""
    try:
        daemon = api(node.url, "daemonstatus.json")
        jobs = api(node.url, f"listjobs.json?project={urllib.parse.quote(project)}")
    except ClusterError as exc:
        return {"node": node.name, "url": node.url, "error": str(exc)}
    return {"node": node.name, "url": node.url,
            **{k: daemon.get(k) for k in ("pending", "running", "finished")},
            "jobs": {state: [j["id"] for j in jobs.get(state, [])]
                     for state in ("pending", "running", "finished")}}


def wait_for(nodes: list[Node], jobs: dict[str, str], *, timeout: float, project: str = PROJECT,
             poll: float = 1.0) -> list[dict]:
    """Poll until every job (``{node name: job id}``) is finished; returns the nodes' status.
    Raises ``ClusterError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        status = [node_status(n, project) for n in nodes]
        done = all(jobs.get(s["node"]) is None or jobs[s["node"]] in s.get("jobs", {}).get(
            "finished", []) for s in status)
        if done:
            return status
        if time.monotonic() > deadline:
            left = sorted(n for n, j in jobs.items() if j)
            raise ClusterError(f"jobs on {', '.join(left)} not finished after {timeout:.0f} s")
        time.sleep(poll)


def status_lines(status: list[dict]) -> list[str]:
    """One line per node, for ``xxgk cluster``."""
    lines = []
    for s in status:
        if "error" in s:
            lines.append(f"{s['node']:12} {s['url']:28} unreachable: {s['error']}")
            continue
        jobs = s["jobs"]
        lines.append(f"{s['node']:12} {s['url']:28} pending {len(jobs['pending'])}, running "
                     f"{len(jobs['running'])}, finished {len(jobs['finished'])}"
                     + (f" (running: {', '.join(jobs['running'])})" if jobs["running"] else ""))
    return lines
