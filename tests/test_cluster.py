"""Several machines, one archive (xxgk/cli/cluster.py, docs/scaling.md).

Three real Scrapyd daemons on 127.0.0.1 ports get the project egg; ``xxgk cluster`` splits the
fixture web's sites across them by rendezvous hashing and schedules each share into the node's
own shard archive; ``xxgk merge`` folds the shards together. The merged archive must hold what a
one-machine crawl of the same sites holds (compared by deterministic ids and content).
"""
import configparser
import time
from contextlib import ExitStack

import pytest
import sqlite_utils
from click.testing import CliRunner

from xxgk import registry
from xxgk.cli.cluster import assign_node, assign_sites, parse_node
from xxgk.cli.main import cli
from support import reset_fixture_web
from test_merge import archive_snapshot
from test_scrapyd import PROJECT, api, copy_project, deploy, scrapyd_daemon

NODES = ("a", "b", "c")
SLUGS = [f"site-{i:04d}" for i in range(2000)]


def test_assignment_is_stable_and_adding_a_node_moves_few_sites():
    three = assign_sites(SLUGS, ["a", "b", "c"])
    assert sorted(s for share in three.values() for s in share) == sorted(SLUGS)
    assert all(500 < len(share) < 830 for share in three.values()), {n: len(s) for n, s in three.items()}
    assert assign_sites(SLUGS, ["c", "a", "b"]) == three  # the order of --node does not matter
    four = assign_sites(SLUGS, ["a", "b", "c", "d"])
    moved = [s for s in SLUGS if assign_node(s, ["a", "b", "c"]) != assign_node(s, ["a", "b", "c", "d"])]
    assert set(moved) == set(four["d"])  # only sites the new node wins move, all to it
    assert 0.15 < len(moved) / len(SLUGS) < 0.35
    gone = [s for s in SLUGS if assign_node(s, ["a", "b", "c"]) != assign_node(s, ["a", "b"])]
    assert set(gone) == set(three["c"])  # removing a node moves only its own sites


def test_node_names_and_urls():
    assert parse_node("a=http://10.0.0.2:6800/") == parse_node("a=http://10.0.0.2:6800")
    assert parse_node("http://10.0.0.2:6800").name == "10.0.0.2:6800"
    with pytest.raises(ValueError):
        parse_node("a=10.0.0.2")


def test_cluster_refuses_a_bad_node_in_one_line():
    result = CliRunner().invoke(cli, ["cluster", "--node", "a=ftp://x", "--plan"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    """``{name: base URL}`` of three Scrapyd daemons, each with the project egg deployed."""
    root = tmp_path_factory.mktemp("cluster")
    with ExitStack() as stack:
        for n in NODES:
            (root / f"scrapyd-{n}").mkdir()
        bases = {n: stack.enter_context(scrapyd_daemon(root / f"scrapyd-{n}")) for n in NODES}
        project_dir = copy_project(root / "project")
        cfg = configparser.ConfigParser()
        cfg.read(project_dir / "scrapy.cfg")
        for name, base in bases.items():
            cfg[f"deploy:{name}"] = {"url": f"{base}/", "project": PROJECT}
        with open(project_dir / "scrapy.cfg", "w") as f:
            cfg.write(f)
        egg = root / "xxgk.egg"
        built = deploy(project_dir, "--build-egg", str(egg))
        assert built.returncode == 0 and egg.exists(), built.stderr[-3000:]
        for name in bases:
            uploaded = deploy(project_dir, name, "-p", PROJECT, "-v", "r1", "--egg", str(egg))
            assert '"status": "ok"' in uploaded.stdout + uploaded.stderr, uploaded.stderr[-3000:]
        yield bases


@pytest.fixture(scope="module")
def crawled(nodes, fixture_web, tmp_path_factory):
    """``xxgk cluster`` over the three nodes against the fixture web, waited for; then
    ``xxgk merge`` of the three shards. Returns (shard paths, merged archive, outputs)."""
    shards = tmp_path_factory.mktemp("shards")
    reset_fixture_web(fixture_web)
    args = ["cluster", "--fixture-web", fixture_web, "--shard-db", str(shards / "{node}" / "shard.db"),
            "--wait", "60"]
    for name, base in nodes.items():
        args += ["--node", f"{name}={base}"]
    started = time.monotonic()
    scheduled = CliRunner().invoke(cli, args)
    crawl_seconds = time.monotonic() - started
    assert scheduled.exit_code == 0, scheduled.output
    paths = sorted(shards.glob("*/shard.db"))
    target = tmp_path_factory.mktemp("served") / "archive.db"
    started = time.monotonic()
    merged = CliRunner().invoke(cli, ["merge", *map(str, paths), "--into", str(target)])
    merge_seconds = time.monotonic() - started
    assert merged.exit_code == 0, merged.output
    print(f"\ncluster crawl {crawl_seconds:.1f} s, merge {merge_seconds:.2f} s")
    return paths, target, scheduled.output + merged.output


def test_each_node_crawled_its_share_into_its_shard(crawled):
    paths, _, output = crawled
    fixture_sites = sorted(s.slug for s in registry.load_sites() if s.fixture)
    shares = assign_sites(fixture_sites, list(NODES))
    for path in paths:
        node = path.parent.name
        db = sqlite_utils.Database(path)
        runs = list(db.query("SELECT status, sites, reports FROM crawl_runs"))
        assert len(runs) == 1 and runs[0]["status"] == "finished", runs
        stored = {r[0] for r in db.execute("SELECT DISTINCT site_id FROM reports")}
        assert stored and stored <= set(shares[node]), (node, stored)
        db.close()
    assert {p.parent.name for p in paths} == {n for n, s in shares.items() if s}
    assert "finished" in output


def test_merged_cluster_archive_equals_a_one_machine_crawl(crawled, fixture_archive):
    _, target, _ = crawled
    one, union = archive_snapshot(fixture_archive), archive_snapshot(target)
    assert union["reports"] and union["stats"] and union["blobs"]
    for table in one:
        assert union[table] == one[table], table
    db = sqlite_utils.Database(target)
    assert sorted(r[0] for r in db.execute("SELECT shard FROM merged_runs")) == [
        f"{p.parent.name}/shard.db" for p in crawled[0]]


def test_cluster_status_reports_every_node(nodes):
    args = ["cluster", "--status"]
    for name, base in nodes.items():
        args += ["--node", f"{name}={base}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(NODES)
    finished = {name: api(base, f"listjobs.json?project={PROJECT}")["finished"]
                for name, base in nodes.items()}
    for line, name in zip(lines, NODES):
        assert f"finished {len(finished[name])}" in line
