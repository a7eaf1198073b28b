"""A research dataset from an archive: one file per table (CSV, JSON Lines or Parquet), a
Frictionless ``datapackage.json`` describing every field, and a README saying how to cite it.

Every table and view is exported except SQLite's and the search index's internals (``sqlite_*``,
``reports_fts`` and its shadow tables). BLOB columns are left out: ``report_versions.raw_gz``
(the gzipped page bytes) is kept in the WARC files and the attachment files in the blob store.

CSV is UTF-8 without a byte-order mark, comma-separated, with a header row; an empty cell is
NULL. JSON Lines has one object per row, NULL as ``null``. Parquet columns are typed (string,
int64, double). Column descriptions come from ``metadata.yml``; a ``reports`` column it does not
describe that is a record field has the field's description (xxgk/extract/model.py).
"""
from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from xxgk.extract.model import column_fields, descriptions as field_descriptions
from xxgk.serve.server import METADATA, _check, load_metadata

FORMATS = {"csv": ("csv", "text/csv"), "jsonl": ("jsonl", "application/x-ndjson"),
           "parquet": ("parquet", "application/vnd.apache.parquet")}
TYPES = {"INTEGER": "integer", "INT": "integer", "FLOAT": "number", "REAL": "number",
         "NUMERIC": "number", "TEXT": "string", "": "any"}
ARROW = {"integer": "int64", "number": "float64", "string": "string", "any": "string"}
BATCH = 1000
# what a record's fields say of the reports columns they are, should metadata.yml not say it
DECLARED = {"reports": {name: text for name, text in field_descriptions().items()
                        if name in column_fields()}}


def export_archive(db_path, out_dir, fmt: str, *, now: datetime | None = None,
                   metadata=METADATA) -> dict:
    """Write ``out_dir/<table>.<fmt>`` for every table and view, ``datapackage.json`` and
    ``README.md``. Returns a summary: format, files, row counts, left-out columns, crawl dates.

    Example: ``export_archive("data/archive.db", "export/", "csv")``
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}.")
    path = _check(db_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    described = (load_metadata(path, metadata).get("databases") or {}).get(path.stem) or {}
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = exportable_tables(conn)
        resources, rows, left_out = [], {}, {}
        for name, kind in tables:
            columns, blobs = table_columns(conn, name)
            if blobs:
                left_out[name] = blobs
            file = out / f"{name}.{FORMATS[fmt][0]}"
            rows[name] = WRITERS[fmt](conn, name, columns, file)
            resources.append(resource(conn, name, kind, columns, file, fmt, rows[name],
                                      (described.get("tables") or {}).get(name) or {},
                                      {t for t, _ in tables}))
        crawls = crawl_period(conn)
        sources = source_list(conn)
    finally:
        conn.close()
    summary = {"format": fmt, "out_dir": str(out), "exported_at": now.isoformat(),
               "tables": rows, "files": [r["path"] for r in resources],
               "left_out": left_out, "first_crawl": crawls[0], "last_crawl": crawls[1],
               "sources": len(sources)}
    site = load_metadata(path, metadata)
    package = datapackage(resources, sources, summary, site)
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "README.md").write_text(readme(package, summary), encoding="utf-8")
    summary["files"] += ["datapackage.json", "README.md"]
    return summary


INTERNAL = {"search_index_state"}  # bookkeeping of the search index, not data


def exportable_tables(conn) -> list[tuple[str, str]]:
    """(name, "table" | "view") of every table and view but SQLite's and FTS internals."""
    rows = conn.execute("SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view')"
                        " ORDER BY type, name").fetchall()
    fts = [name for name, _, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [(name, kind) for name, kind, _ in rows
            if not name.startswith("sqlite_") and name not in fts and name not in INTERNAL
            and not any(name.startswith(f"{v}_") for v in fts)]


def table_columns(conn, name: str) -> tuple[list[tuple[str, str]], list[str]]:
    """([(column, frictionless type)], [BLOB columns left out])."""
    columns, blobs = [], []
    for _cid, column, declared, _nn, _default, _pk in conn.execute(f"PRAGMA table_info([{name}])"):
        declared = (declared or "").upper()
        if declared == "BLOB":
            blobs.append(column)
        else:
            columns.append((column, TYPES.get(declared, "string")))
    return columns, blobs


def _select(conn, name, columns):
    names = ", ".join(f"[{c}]" for c, _ in columns)
    order = " ORDER BY rowid" if _has_rowid(conn, name) else ""
    return conn.execute(f"SELECT {names} FROM [{name}]{order}")


def _has_rowid(conn, name) -> bool:
    try:
        conn.execute(f"SELECT rowid FROM [{name}] LIMIT 0")
        return True
    except sqlite3.OperationalError:
        return False


def write_csv(conn, name, columns, file) -> int:
    count = 0
    with open(file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c for c, _ in columns])
        for row in _select(conn, name, columns):
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def write_jsonl(conn, name, columns, file) -> int:
    count, names = 0, [c for c, _ in columns]
    with open(file, "w", encoding="utf-8", newline="\n") as handle:
        for row in _select(conn, name, columns):
            handle.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            count += 1
    return count


def write_parquet(conn, name, columns, file) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, getattr(pa, ARROW[t])()) for c, t in columns])
    cursor, count = _select(conn, name, columns), 0
    with pq.ParquetWriter(file, schema, compression="zstd") as writer:
        while batch := cursor.fetchmany(BATCH):
            arrays = []
            for i, (column, type_) in enumerate(columns):
                try:
                    arrays.append(pa.array([_arrow_value(row[i], type_) for row in batch],
                                           type=schema.field(column).type))
                except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as error:
                    raise ValueError(f"{name}.{column} holds a value that is not {type_}: "
                                     f"{error}. Export as csv or jsonl instead.") from error
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count


def _arrow_value(value, type_):
    if value is None or type_ not in ("string", "any"):
        return value
    return value if isinstance(value, str) else str(value)


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def resource(conn, name, kind, columns, file, fmt, rows, described, exported) -> dict:
    """The Frictionless tabular resource of one exported table."""
    descriptions = {**DECLARED.get(name, {}), **(described.get("columns") or {})}
    fields = [{"name": c, "type": t,
               "description": descriptions.get(c) or f"{c} (no description in metadata.yml)"}
              for c, t in columns]
    schema = {"fields": fields}
    if fmt == "csv":
        schema["missingValues"] = [""]
    pk = [c for _cid, c, *_rest, p in sorted(conn.execute(f"PRAGMA table_info([{name}])"),
                                              key=lambda r: r[5]) if p]
    if pk and kind == "table":
        schema["primaryKey"] = pk
    fks = foreign_keys(conn, name, exported)
    if fks:
        schema["foreignKeys"] = fks
    data = file.read_bytes()
    out = {"name": name.lower(), "path": file.name, "profile": "tabular-data-resource",
           "title": name, "description": described.get("description") or
           ("A view of the archive." if kind == "view" else "A table of the archive."),
           "format": FORMATS[fmt][0], "mediatype": FORMATS[fmt][1], "encoding": "utf-8",
           "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
           "schema": schema, "xxgk:rows": rows}
    if fmt == "parquet":
        del out["encoding"]
    return out


def foreign_keys(conn, name, exported) -> list[dict]:
    out = []
    for _id, _seq, other, column, other_column, *_ in conn.execute(
            f"PRAGMA foreign_key_list([{name}])"):
        if other in exported:
            out.append({"fields": [column], "reference": {
                "resource": "" if other == name else other.lower(), "fields": [other_column]}})
    return out


def crawl_period(conn) -> tuple[str | None, str | None]:
    """(first crawl run's start, last crawl run's end, or start if it has none)."""
    row = conn.execute("SELECT min(started_at), max(coalesce(finished_at, started_at))"
                       " FROM crawl_runs").fetchone()
    return row[0], row[1]


def source_list(conn) -> list[dict]:
    """The crawled sites as Frictionless sources: agency (region) and home page."""
    return [{"title": f"{agency or slug} ({region})" if region else (agency or slug),
             "path": homepage, "xxgk:slug": slug}
            for slug, agency, region, homepage in conn.execute(
                "SELECT slug, agency, region, homepage FROM sites ORDER BY region_code, slug")
            if homepage]


def datapackage(resources, sources, summary, site) -> dict:
    """The ``datapackage.json`` (Frictionless tabular-data-package)."""
    first, last = (summary["first_crawl"] or "")[:10], (summary["last_crawl"] or "")[:10]
    package = {
        "profile": "tabular-data-package",
        "name": "xxgk-archive",
        "title": site.get("title") or "xxgk-archive",
        "description": (
            "Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
            "crawled from the official websites of the bodies that published them, with the fields "
            "read off each page, every archived version, view counts, attachments and the crawl log."
            f" Crawled {first} to {last}."),
        "created": summary["exported_at"],
        "version": summary["exported_at"][:10],
        "licenses": [{"name": "Apache-2.0",
                      "path": site.get("license_url") or "https://www.apache.org/licenses/LICENSE-2.0",
                      "title": site.get("license") or "Apache-2.0"}],
        "sources": sources,
        "xxgk:crawl_period": {"first_crawl": summary["first_crawl"],
                              "last_crawl": summary["last_crawl"]},
        "xxgk:left_out": summary["left_out"],
        "resources": resources,
    }
    package["xxgk:citation"] = citation(package, summary)
    return package


def citation(package, summary) -> str:
    """How to cite this export: title, export date, crawl date range, format."""
    first, last = (summary["first_crawl"] or "?")[:10], (summary["last_crawl"] or "?")[:10]
    return (f"xxgk-archive contributors. {package['title']}: research dataset "
            f"({summary['format'].upper()} export of {summary['exported_at'][:10]}; "
            f"pages crawled {first} to {last} from {summary['sources']} official websites). "
            "Government information-disclosure annual reports (政府信息公开工作年度报告).")


def readme(package, summary) -> str:
    """The export's README.md: what it is, its files, what is left out, how to cite it."""
    first, last = summary["first_crawl"] or "unknown", summary["last_crawl"] or "unknown"
    fmt = summary["format"]
    lines = [f"# {package['title']}", "", package["description"], "",
             f"* Exported: {summary['exported_at']}",
             f"* Crawled: {first} (first crawl run) to {last} (last crawl run)",
             f"* Sources: {summary['sources']} official websites, listed in `datapackage.json`"
             " (`sources`) and in the `sites` table",
             f"* Format: {FORMAT_NOTES[fmt]}",
             "* Field descriptions, types, keys: `datapackage.json` (Frictionless Data "
             "tabular-data-package; `frictionless validate datapackage.json` checks it)", "",
             "## Tables", "", "| file | rows | what it holds |", "|---|---:|---|"]
    for res in package["resources"]:
        lines.append(f"| `{res['path']}` | {res['xxgk:rows']} | {_one_line(res['description'])} |")
    lines += ["", "## Left out", "",
              "* The search index (`reports_fts` and its internal tables): it is rebuilt from "
              "`reports`."]
    for table, columns in summary["left_out"].items():
        lines.append(f"* `{table}`: {', '.join(f'`{c}`' for c in columns)} (binary). The page "
                     "bytes of every version are in the crawl's WARC files, and attachments in the"
                     " file store, both kept beside the archive database.")
    lines += ["", "## Licence", "", package["licenses"][0]["title"], "",
              "## How to cite", "", package["xxgk:citation"], "", "BibTeX:", "", "```bibtex",
              "@misc{xxgk_archive_" + summary["exported_at"][:10].replace("-", "") + ",",
              "  author = {{xxgk-archive contributors}},",
              f"  title = {{{package['title']}}},",
              f"  year = {{{summary['exported_at'][:4]}}},",
              f"  note = {{Research dataset, {fmt.upper()} export of {summary['exported_at'][:10]};"
              f" crawled {first[:10]} to {last[:10]}}},",
              "}", "```", ""]
    return "\n".join(lines)


FORMAT_NOTES = {
    "csv": "CSV, UTF-8 without a byte-order mark, comma-separated, header row; an empty cell is "
           "NULL (so an empty string cannot be told from NULL). In Excel use Data > From "
           "Text/CSV and choose UTF-8.",
    "jsonl": "JSON Lines, UTF-8: one JSON object per row, NULL as null.",
    "parquet": "Apache Parquet (zstd), typed columns: string, int64, double; NULL as null.",
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
