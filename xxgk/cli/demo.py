"""``xxgk demo``: an archive with history, built from the bundled fixture web, and what it shows.

The demo crawls the fixture web once, replays the fixture web's own changes between crawls
(``xxgk.fixtureweb.mutations`` scenario ``all``: two reports edited, one answering 404 and one
410 Gone and unlisted, a new report, view counts grown), and crawls it again with a full walk of
every column. So the stories 发布后被修改或删除 (changed_reports), 浏览量增长最快 (fastest_growing_views),
逾期发布 (late_reports) and 未发布 (missing_reports) all have rows.

Every crawl error of a demo run is one the fixture web plants on purpose (broken links, a page
under robots.txt, binary and oversized answers; the reports it removes between the crawls):
:func:`explain_errors` matches each recorded error against the fixture web's own catalog
(``xxgk.fixtureweb.catalog.expected_reports``) and mutation scenarios, never a fixed list.
"""
from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

# why the fixture web plants each kind of failure (catalog ``failure`` values)
FAILURE_WHY = {
    "not_found": "HTTP 404: a listing links to a report page that is gone (dead links are "
                 "common on government sites)",
    "robots": "robots.txt: a listed page is under a Disallow rule, so the crawler does not "
              "fetch it",
    "binary": "not a page: a report link answers binary data (application/octet-stream)",
    "too_large": "too large: a report link answers more than the download limit (10 MB)",
}
REMOVED_WHY = ("removed: a report the fixture web takes down between the two crawls (it then "
               "answers 404 or 410 Gone), to show how the archive records removals")
MUTATION = "all"  # the fixture web's scenario replayed between the demo's two crawls


def real_site_runs(db) -> int:
    """How many crawl runs of ``db`` crawled something other than a fixture web (the demo must
    not mix replica pages into an archive of real sites)."""
    if "crawl_runs" not in db.table_names():
        return 0
    return db.execute("SELECT count(*) FROM crawl_runs WHERE json_extract(args, "
                      "'$.fixture_url') IS NULL").fetchone()[0]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def planted_errors() -> dict[str, str]:
    """``{url path: why}`` for every page the fixture web makes fail on purpose: its catalog's
    unfetchable pages and the pages its mutations remove."""
    from xxgk.fixtureweb.catalog import expected_reports
    from xxgk.fixtureweb.mutations import SCENARIOS

    planted = {r["url"]: r["failure"] for r in expected_reports() if r.get("failure")}
    delete = SCENARIOS["delete"]
    planted |= {path: "removed" for path in delete["gone_404"] + delete["gone_410_unlisted"]}
    return planted


def flaky_pages() -> Counter:
    """How many pages the fixture web answers with HTTP 500 once (``fail_once``) or slowly."""
    from xxgk.fixtureweb.catalog import expected_reports

    return Counter(r["flaky"] for r in expected_reports() if r.get("flaky"))


def explain_errors(errors: list[dict]) -> tuple[list[str], list[dict]]:
    """Lines ``"  12 on 6 pages: HTTP 404: …"`` grouping ``errors`` (crawl_errors rows) by planted failure,
    and the errors that are not planted (none on a healthy demo)."""
    planted = planted_errors()
    kinds, pages, unexplained = Counter(), {}, []
    for row in errors:
        failure = planted.get(_path(row["url"] or ""))
        if failure is None:
            unexplained.append(row)
        else:
            kinds[failure] += 1
            pages.setdefault(failure, set()).add(row["url"])
    lines = [f"  {n} on {len(pages[kind])} page{'s' if len(pages[kind]) > 1 else ''}: "
             f"{FAILURE_WHY.get(kind, REMOVED_WHY if kind == 'removed' else kind)}"
             for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    return lines, unexplained


def errors_note(errors: list[dict]) -> str:
    """The explanation of a demo's crawl errors, one paragraph (stored with the demo's runs)."""
    lines, unexplained = explain_errors(errors)
    flaky = flaky_pages()
    text = (f"{len(errors)} crawl errors recorded; "
            f"{'all' if not unexplained else len(errors) - len(unexplained)} planted by the "
            "fixture web to show error handling:\n" + "\n".join(lines))
    if flaky:
        text += (f"\n  (also planted, and not errors: {flaky.get('fail_once', 0)} pages answer "
                 f"HTTP 500 once and {flaky.get('slow', 0)} answer slowly; the crawler retries "
                 "or waits, and stores them)")
    if unexplained:
        text += f"\n  {len(unexplained)} NOT planted: " + "; ".join(
            f"{r['kind']} {r['url']}" for r in unexplained[:5])
    return text


def history_counts(db, run_ids: list[int]) -> dict:
    """What the demo archive holds: reports, versions, changes, removals, view growth."""
    def one(sql, params=()):
        return db.execute(sql, list(params)).fetchone()[0] or 0

    marks = ",".join("?" * len(run_ids))
    return {
        "reports": one("SELECT count(*) FROM reports WHERE is_report = 1"),
        "versions": one("SELECT count(*) FROM report_versions"),
        "multi_version": one("SELECT count(*) FROM reports WHERE version_count > 1"),
        "changes": one(f"SELECT count(*) FROM report_events WHERE kind = 'changed' AND "
                       f"crawl_run_id IN ({marks})", run_ids),
        "removals": one(f"SELECT count(*) FROM report_events WHERE kind = 'removed' AND "
                        f"crawl_run_id IN ({marks})", run_ids),
        "views_grown": one("SELECT count(*) FROM (SELECT report_id FROM report_views WHERE "
                           "views IS NOT NULL GROUP BY report_id HAVING max(views) > min(views))"),
    }


def run_errors(db, run_ids: list[int]) -> list[dict]:
    marks = ",".join("?" * len(run_ids))
    cursor = db.execute(f"SELECT kind, status, url, reason FROM crawl_errors WHERE "
                        f"crawl_run_id IN ({marks}) ORDER BY id", run_ids)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def summary_lines(db, run_ids: list[int]) -> list[str]:
    counts = history_counts(db, run_ids)
    return [
        f"demo archive: {counts['reports']} reports archived, {counts['versions']} versions "
        f"({counts['multi_version']} reports with more than one), {counts['changes']} changes, "
        f"{counts['removals']} removals, {counts['views_grown']} reports whose view count grew",
        errors_note(run_errors(db, run_ids)),
    ]


def note_runs(db, run_ids: list[int], note: str) -> None:
    """Put the demo's explanation in its runs' ``crawl_runs.args`` (JSON) as ``demo_note``, so
    the crawl_runs table in Datasette says why these runs recorded errors."""
    for run_id in run_ids:
        row = db.execute("SELECT args FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
        try:
            args = json.loads(row[0] or "{}") if row else None
        except ValueError:
            args = None
        if isinstance(args, dict):
            args["demo_note"] = note
            db.execute("UPDATE crawl_runs SET args = ? WHERE id = ?",
                       [json.dumps(args, ensure_ascii=False), run_id])
    db.conn.commit()


def demo_metadata(note: str, metadata_path, database: str) -> dict:
    """The served metadata with the demo's explanation on the home page and the crawl_errors
    table page (Datasette 0.65 metadata; nothing is added to the archive's schema)."""
    import html
    from urllib.parse import quote

    import yaml

    data = yaml.safe_load(open(metadata_path, encoding="utf-8").read()) or {}
    head, *lines = note.splitlines()
    items = "".join(f"<li>{html.escape(line.strip())}</li>" for line in lines)
    block = (f'<p><strong>演示档案 Demo archive:</strong> {html.escape(head)}</p><ul>{items}</ul>')
    intro = ('\n<p><strong>演示档案 Demo archive:</strong> built from the bundled fixture web, '
             'crawled twice with edits, removals and growing view counts in between. Its crawl '
             f'errors are planted on purpose: see <a href="/{html.escape(quote(database))}/'
             'crawl_errors">crawl_errors</a>.</p>')
    data["description_html"] = (data.get("description_html") or "") + intro
    data["xxgk_notice_html"] = intro  # shown on the reports list, the home page (reports_list.py)
    section = data.setdefault("databases", {}).setdefault("archive", {})
    section["description_html"] = (
        f"<p>{html.escape(section.pop('description', '') or '')}</p>{intro}")
    tables = section.setdefault("tables", {})
    errors = tables.setdefault("crawl_errors", {})
    errors["description_html"] = f"<p>{html.escape(errors.get('description', ''))}</p>{block}"
    return data
