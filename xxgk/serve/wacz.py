"""A crawl's captures as one WACZ file (Web Archive Collection Zipped), so anyone can browse the
archived pages as they were served, in ReplayWeb.page, with no server of ours.

The WARC files the crawl runs wrote (``warc/`` beside the archive, xxgk/crawler/warc.py) are
packaged by py-wacz (webrecorder's ``wacz`` package): it copies them under ``archive/``, indexes
every record (``indexes/index.cdx.gz``, CDXJ in gzip blocks, with ``indexes/index.idx``), writes
``pages/pages.jsonl`` and a ``datapackage.json`` holding the size and sha256 of every member.
What we add is the page list: the archive's report pages (the ``reports`` table: url, title, and
the capture time of the newest version in the packaged WARCs), so ReplayWeb.page opens on the
reports by their titles instead of on every fetched listing page.

A run's WARC file is named in its ``crawl_runs.stats`` (key ``xxgk/warc_file``), or else by the
versions it stored (``report_versions.warc_file``). A named file missing from disk (deleted, or
never copied with the archive) is skipped, and said in the result's ``warnings``; when no named
file is on disk at all, ``WaczError`` says which were looked for.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from xxgk.archive.opening import open_archive

WARC_STAT = "xxgk/warc_file"  # crawl_runs.stats key naming the run's WARC file
DEFAULT_NAME = "archive.wacz"  # written inside --out when --out is a folder


class WaczError(ValueError):
    """An archive that cannot be packaged as asked; ``str()`` says what to do."""


def wacz_path(out) -> Path:
    """The file to write: ``out`` itself when it ends ``.wacz``, else ``out/archive.wacz``."""
    out = Path(out)
    return out if out.suffix.lower() == ".wacz" else out / DEFAULT_NAME


def export_wacz(db_path, out, *, run_id: int | None = None, warc_dir=None) -> dict:
    """Write the WARC files of every crawl run (or of run ``run_id``) with their index, the
    report pages and a datapackage as one WACZ file. Returns a summary: path, runs, warcs,
    pages, warnings (missing WARC files, pages py-wacz found no capture for).

    Example: ``export_wacz("data/archive.db", "export/archive.wacz")``
    """
    db = open_archive(db_path, write=False)
    try:
        runs = crawl_runs(db, run_id)
        warc_dir = Path(warc_dir) if warc_dir else Path(db_path).parent / "warc"
        warcs, warnings = present_warcs(runs, warc_dir)
        pages = report_pages(db, warcs)
    finally:
        db.close()
    packaged = [r for r in runs if set(r["warcs"]) & set(warcs)]
    target = wacz_path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    title, description = package_text(db_path, packaged, warcs, pages)
    warnings += write_wacz(target, list(warcs.values()), pages, title, description)
    return {"path": str(target), "runs": [r["id"] for r in packaged], "warcs": list(warcs),
            "pages": len(pages), "warnings": warnings, "title": title}


def crawl_runs(db, run_id: int | None) -> list[dict]:
    """The crawl runs to package, each with the WARC file names it wrote (``warcs``)."""
    sql = "SELECT id, started_at, finished_at, sites, stats FROM crawl_runs"
    rows = db.execute(sql + (" WHERE id = ?" if run_id is not None else "") + " ORDER BY id",
                      [run_id] if run_id is not None else []).fetchall()
    if run_id is not None and not rows:
        raise WaczError(f"No crawl run {run_id} in the archive: `xxgk status` lists its runs.")
    runs = []
    for id_, started, finished, sites, stats in rows:
        runs.append({"id": id_, "started_at": started, "finished_at": finished,
                     "sites": _json_list(sites), "warcs": run_warcs(db, id_, stats)})
    return runs


def run_warcs(db, run_id: int, stats: str | None) -> list[str]:
    """The WARC file names of one run: from its stats when the crawl recorded them, else the
    distinct ``warc_file`` of the versions it stored."""
    try:
        named = (json.loads(stats) if stats else {}).get(WARC_STAT)
    except (ValueError, AttributeError):
        named = None
    if isinstance(named, str):
        named = [named]
    if named:
        return [Path(n).name for n in named if n]
    return [name for (name,) in db.execute(
        "SELECT DISTINCT warc_file FROM report_versions WHERE crawl_run_id = ?"
        " AND warc_file IS NOT NULL ORDER BY warc_file", [run_id])]


def present_warcs(runs: list[dict], warc_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """({file name: path} of the runs' WARC files on disk, [a warning per missing one]), or
    ``WaczError`` when none is there."""
    found, warnings, missing = {}, [], []
    for run in runs:
        for name in run["warcs"]:
            path = warc_dir / name
            if name in found or name in missing:
                continue
            if path.is_file():
                found[name] = path
            else:
                missing.append(name)
                warnings.append(f"{path}: WARC file of crawl run {run['id']} is missing; "
                                "its captures are not in the package")
    if not found:
        which = f"crawl run {runs[0]['id']}" if len(runs) == 1 else "the archive's crawl runs"
        looked = f" (looked for {', '.join(missing)} in {warc_dir})" if missing else ""
        raise WaczError(f"No WARC file of {which} to package{looked}: crawl with XXGK_WARC on "
                        "(the default), or copy the warc/ folder beside the archive.")
    return found, warnings


def report_pages(db, warcs: dict[str, Path]) -> list[dict]:
    """One page per report with a version in ``warcs``: the newest such version's URL and
    capture time as the WARC record says them (py-wacz matches pages to records by both)."""
    if not warcs:
        return []
    marks = ", ".join("?" for _ in warcs)
    rows = db.execute(
        "SELECT r.id, r.url, r.title, v.warc_file, v.warc_offset, v.fetched_at"
        " FROM report_versions AS v JOIN reports AS r ON r.id = v.report_id"
        f" WHERE v.warc_file IN ({marks}) AND v.warc_offset IS NOT NULL"
        " ORDER BY r.id, v.version DESC", list(warcs)).fetchall()
    pages, seen = [], set()
    for report_id, url, title, warc_file, offset, fetched_at in rows:
        if report_id in seen:
            continue
        seen.add(report_id)
        uri, date = capture_at(warcs[warc_file], offset)
        pages.append({"id": report_id, "url": uri or url, "title": title or url,
                      "ts": date or fetched_at})
    return pages


def capture_at(warc: Path, offset: int) -> tuple[str | None, str | None]:
    """(WARC-Target-URI, WARC-Date) of the response record at ``offset``, or (None, None)."""
    with open(warc, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                return None, None
            return (record.rec_headers.get_header("WARC-Target-URI"),
                    record.rec_headers.get_header("WARC-Date"))
    return None, None


def package_text(db_path, runs, warcs, pages) -> tuple[str, str]:
    """The package's title and description: which archive, which runs (those whose WARC files
    are packaged), when, which sites."""
    ids = [r["id"] for r in runs]
    sites = sorted({s for r in runs for s in r["sites"]})
    first = min(r["started_at"] or "" for r in runs)[:10]
    last = max(r["finished_at"] or r["started_at"] or "" for r in runs)[:10]
    which = f"crawl run {ids[0]}" if len(ids) == 1 else f"crawl runs {', '.join(map(str, ids))}"
    title = f"xxgk-archive {Path(db_path).name}: {which}"
    description = (
        f"Web archive of {which} of the xxgk-archive database {Path(db_path).name} "
        f"({first} to {last}): {len(warcs)} WARC file(s) with every HTTP exchange of the crawl, "
        f"and {len(pages)} archived report pages (the reports table: annual reports, "
        "政府信息公开工作年度报告, and the other pages the crawl kept) listed by title." + (f" Sites: {', '.join(sites)}." if sites else ""))
    return title, description


def write_wacz(target: Path, warcs: list[Path], pages: list[dict], title: str,
               description: str) -> list[str]:
    """Run py-wacz's ``create`` on ``warcs`` with ``pages`` as the page list; the file appears
    at ``target`` only once it is complete. Returns py-wacz's warnings (pages with no capture)."""
    with tempfile.TemporaryDirectory(prefix=".xxgk-wacz-", dir=target.parent) as work:
        page_list = Path(work) / "pages.jsonl"
        header = {"format": "json-pages-1.0", "id": "reports", "title": "Reports"}
        page_list.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n"
                                     for p in [header, *pages]), encoding="utf-8")
        built = Path(work) / target.name
        args = ["create", "-o", str(built), "--pages", str(page_list), "--hash-type", "sha256",
                "--title", title, "--desc", description, *map(str, warcs)]
        said = io.StringIO()
        from wacz.main import main as wacz_main

        with contextlib.redirect_stdout(said):
            status = wacz_main(args)
        if status != 0 or not built.is_file():
            raise WaczError(f"py-wacz could not build {target}: {said.getvalue().strip()[-500:]}")
        os.replace(built, target)
    return [line.strip() for line in said.getvalue().splitlines()
            if line.startswith(("Invalid passed page", "Warning"))]


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return [text]
    return value if isinstance(value, list) else [str(value)]
