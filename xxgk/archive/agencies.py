"""Agencies as entities (issue 12 part 1): the ``agencies`` table built from the archive.

An agency (机关) is one publisher of annual reports, keyed by region code + canonical name;
its id is a short stable hash of both. Names are compared by :func:`name_key` (NFKC, no spaces,
one case). Alias rules:

* a short form without the region prefix (市商务局 in 阜新市 -> 阜新市商务局) is the same agency;
* ``<government>办公室`` / ``办公厅`` publishing a report titled for its government is printed under
  the government: 某县人民政府办公室 -> 某县人民政府 (the office does not report separately when it
  publishes the government's report; this module always folds it into the government).

Never imports xxgk.serve; stories.py should import :func:`name_key` from here.
"""
from __future__ import annotations

import hashlib
import json
import re

from xxgk.archive.db import transaction
from xxgk.extract.text import nfkc

MAX_NAME = 200
_OFFICE = re.compile(r"^(.*人民政府)办公[室厅]$")
_GOV = re.compile(r"人民政府$")
_TOWNSHIP = re.compile(r"[乡镇]人民政府$")
_UNIT = re.compile(r"[^省市县区州盟旗]+?(?:自治[区州县旗]|特别行政区|[省市县区州盟旗])")
_NAMES_A_PLACE = re.compile(r"[省县区州盟旗]|市(?!场)")  # 市场监督管理局 names no 市


def name_key(name) -> str | None:
    """A name as compared: NFKC (full-width -> half-width), no whitespace, casefolded."""
    if not isinstance(name, str):
        return None
    return "".join(nfkc(name[:MAX_NAME]).split()).casefold() or None


def local_name(region) -> str:
    """The region's own unit in a full path: 山东省泰安市汶阳县 -> 汶阳县, 辽宁省阜新市 -> 阜新市."""
    key = name_key(region) or ""
    units = _UNIT.findall(key)
    return units[-1] if units else key


def canonical_name(name, region: str | None = None) -> str | None:
    """The agency a printed name stands for: spaces removed, 办公室/办公厅 of a government folded
    into the government, the region's name added to a short form (市商务局 in 阜新市 ->
    阜新市商务局; 汶城镇人民政府 or 教育和体育局, naming no 省/市/县/区 at all, in 汶阳县 ->
    汶阳县汶城镇人民政府, 汶阳县教育和体育局)."""
    key = name_key(name)
    if key is None:
        return None
    office = _OFFICE.match(key)
    if office:
        key = office.group(1)
    local = local_name(region)
    if local and not key.startswith(local) and not key.startswith(name_key(region) or local):
        if key.startswith(local[-1]) and len(key) > 1:  # 县商务局 in 汶阳县
            key = local + key[1:]
        elif key.startswith("人民政府") or not _NAMES_A_PLACE.search(key):
            key = local + key
    return key


def level_of(region_code: str | None) -> str | None:
    """The level of the government of a 6-digit region code: province / city / county."""
    if not region_code or len(region_code) != 6 or not region_code.isdigit():
        return None
    if region_code[2:] == "0000":
        return "province"
    if region_code[4:] == "00":
        return "city"
    return "county"


def is_government(name) -> bool:
    """True for a 人民政府 itself (not a department)."""
    return bool(name and _GOV.search(name))


def is_township(name) -> bool:
    """A 乡/镇 government or a 街道办事处 below the region's government."""
    return bool(name and (_TOWNSHIP.search(name) or name.endswith("街道办事处")))


def level_for(name, region_code) -> str | None:
    """township for a 乡镇/街道, department for any other body that is not a 人民政府, else the
    level of the region's government."""
    if is_township(name):
        return "township"
    if not is_government(name):
        return "department"
    return level_of(region_code) or _level_by_name(name)


def _level_by_name(government: str) -> str | None:
    """The level a 人民政府's own name says (its last unit before 人民政府), for a region code
    not known (a site crawled by URL); a 县级市 reads as a city, as its name says."""
    units = _UNIT.findall(government.removesuffix("人民政府"))
    return _LEVEL_BY_NAME.get(units[-1][-1]) if units else None


_LEVEL_BY_NAME = {"省": "province", "区": "county", "县": "county", "旗": "county",
                  "市": "city", "州": "city", "盟": "city"}


def parent_of(name, region: str | None) -> str | None:
    """The region's 人民政府 for a department or township; None for the region's government."""
    if not name:
        return None
    if not region:  # a site crawled by URL: the place its own name starts with
        units = _UNIT.findall(name_key(name).removesuffix("人民政府"))
        region = units[-1] if units else None
        if not region:
            return None
    government = f"{local_name(region)}人民政府"
    if name == government or (is_government(name) and not is_township(name)):
        return None
    return government


def agency_id(region_code, canonical) -> str:
    """Stable id: 12 hex digits of sha1(region code + canonical name)."""
    return hashlib.sha1(f"{region_code or ''}|{canonical}".encode()).hexdigest()[:12]


def report_agencies(db) -> dict[str, str]:
    """report id -> agency id: every annual report's, and another page's when it names an agency
    that reports or is in the registry (so no link points at an agency the table lacks)."""
    return _collect(db)[1]


_PAGES_SQL = ("SELECT r.id, coalesce(nullif(r.agency, ''), s.agency), coalesce(r.region, s.region),"
              " coalesce(r.region_code, s.region_code), r.site_id, r.report_year,"
              " coalesce(r.is_report, 1), r.removed_at IS NOT NULL"
              " FROM reports r LEFT JOIN sites s ON s.slug = r.site_id{where} ORDER BY r.rowid")
_SITES_SQL = "SELECT slug, agency, region, region_code, columns FROM sites ORDER BY rowid"
_CHUNK = 500  # ids per IN (…) list
# what the tables built on agencies read of an agency row (peers.py's _reports_sql); a scoped
# refresh re-reads every report of an agency only when one of these changed
AGENCY_READ = ("id", "name", "region", "level", "government_level", "region_code")


def _pages(db, where: str = "", params=()):
    return db.execute(_PAGES_SQL.replace("{where}", where), params)


def _key(name, region, code) -> str | None:
    """The agency id a printed name stands for (None without a name)."""
    canon = canonical_name(name, region)
    return agency_id(code, canon) if canon else None


class _Collector:
    """Agency rows gathered from sites and annual reports, in the order they are met (the first
    place met is the agency's region)."""

    def __init__(self, only=None):
        self.rows: dict[str, dict] = {}
        self.only = only  # collect only these agency ids (a scoped rebuild)

    def touch(self, name, region, code, site=None, columns=(), year=None) -> str | None:
        canon = canonical_name(name, region)
        if not canon:
            return None
        aid = agency_id(code, canon)
        if self.only is not None and aid not in self.only:
            return aid
        row = self.rows.setdefault(aid, {
            "id": aid, "name": canon, "aliases": set(), "level": None, "government_level":
            level_of(code), "region": region, "region_code": code,
            "parent_id": None, "sites": set(), "columns": set(), "years": set()})
        row["aliases"].add(name.strip())
        if site:
            row["sites"].add(site)
        row["columns"].update(columns)
        if year:
            row["years"].add(int(year))
        return aid

    def sites(self, db) -> None:
        for slug, name, region, code, columns in db.execute(_SITES_SQL).fetchall():
            self.touch(name, region, code, slug, json.loads(columns or "[]"))

    def page(self, row) -> str | None:
        """A page's agency id: an annual report's makes its agency (a removed one too, but its
        year is not counted among the agency's report years); another page's is only looked up."""
        _rid, name, region, code, site, year, is_report, removed = row
        if is_report:
            return self.touch(name, region, code, site, (), None if removed else year)
        return _key(name, region, code)

    def finished(self) -> list[dict]:
        rows = []
        for row in self.rows.values():
            parent = parent_of(row["name"], row["region"])
            row["level"] = level_for(row["name"], row["region_code"])
            row["parent_id"] = agency_id(row["region_code"], parent) if parent else None
            years = sorted(row.pop("years"))
            row["first_report_year"] = years[0] if years else None
            row["last_report_year"] = years[-1] if years else None
            for key in ("aliases", "sites", "columns"):
                row[key] = json.dumps(sorted(row[key]), ensure_ascii=False)
            rows.append(row)
        return rows


def _collect(db) -> tuple[_Collector, dict[str, str]]:
    """(the agencies, report id -> agency id) from the registry's sites and every page, in one
    pass."""
    collector = _Collector()
    collector.sites(db)
    links, others = {}, {}
    for row in _pages(db).fetchall():
        aid = collector.page(row)
        if aid and row[6]:
            links[row[0]] = aid
        elif aid:
            others[row[0]] = aid
    links.update((rid, aid) for rid, aid in others.items() if aid in collector.rows)
    return collector, links


def refresh_agencies(db, scope=None) -> int:
    """Rebuild ``agencies`` and ``report_agencies`` from the sites and the reports' agencies (ids
    are stable, so a rebuild keeps every id that still stands for a publisher). With ``scope``
    (derived.Scope), only the agencies of its reports (before and after) are rebuilt, and the
    scope grows by every page whose link changed and every report of an agency whose
    AGENCY_READ fields changed. Returns rows written."""
    if scope is not None:
        return _refresh_scoped(db, scope)
    collector, links = _collect(db)
    rows = collector.finished()
    links = [{"report_id": r, "agency_id": a} for r, a in links.items()]
    with transaction(db):
        db.execute("DELETE FROM report_agencies")
        db.execute("DELETE FROM agencies")
        db["agencies"].insert_all(rows, pk="id", alter=True)
        db["report_agencies"].insert_all(links, pk="report_id")
    return len(rows)


def _in(ids) -> tuple[str, list]:
    ids = sorted(ids)
    return f"({', '.join('?' * len(ids))})", ids


def _chunks(ids):
    ids = sorted(ids)
    for at in range(0, len(ids), _CHUNK):
        yield ids[at:at + _CHUNK]


def _refresh_scoped(db, scope) -> int:
    """The agencies touched by ``scope.reports`` (their old and new agency) and ``scope.sites``
    (sites added), rebuilt from every site and annual report that names them."""
    pages = {}  # dirty page id -> its row (a deleted report has none)
    old = {}  # dirty page id -> its agency id before
    for part in _chunks(scope.reports):
        marks, ids = _in(part)
        old.update(db.execute(f"SELECT report_id, agency_id FROM report_agencies WHERE report_id"
                              f" IN {marks}", ids).fetchall())
        pages.update((row[0], row) for row in _pages(db, f" WHERE r.id IN {marks}", ids).fetchall())
    new = {rid: _key(*row[1:4]) for rid, row in pages.items()}
    touched = set(old.values()) | {a for a in new.values() if a}
    for slug, name, region, code, _columns in db.execute(_SITES_SQL).fetchall():
        if slug in scope.sites and (aid := _key(name, region, code)):
            touched.add(aid)
    collector = _Collector(only=touched)
    collector.sites(db)
    members = set()
    for part in _chunks(touched):
        marks, ids = _in(part)
        members.update(r for (r,) in db.execute(
            f"SELECT report_id FROM report_agencies WHERE agency_id IN {marks}", ids))
    members |= set(pages)
    for part in _chunks(members):
        marks, ids = _in(part)
        for row in _pages(db, f" WHERE r.id IN {marks} AND coalesce(r.is_report, 1)", ids):
            collector.page(row)
    rows = collector.finished()
    before = {}  # touched agency id -> what the later steps read of it (peers: AGENCY_READ)
    for part in _chunks(touched):
        marks, ids = _in(part)
        before.update((row[0], row) for row in db.execute(
            f"SELECT {', '.join(AGENCY_READ)} FROM agencies WHERE id IN {marks}", ids))
    existed = set(before)
    now = set(collector.rows)  # every agency a dirty page names is in ``touched``
    # agencies whose name, place or level changed: every report of theirs is ranked anew
    altered = {row["id"] for row in rows
               if row["id"] in before and tuple(row[c] for c in AGENCY_READ) != before[row["id"]]}
    appeared, gone = now - existed, existed - now
    links = {rid: aid for rid, aid in new.items() if aid in now}
    codes = {collector.rows[aid]["region_code"] for aid in appeared}
    for part in _chunks(gone):
        marks, ids = _in(part)
        codes.update(c for (c,) in db.execute(
            f"SELECT DISTINCT region_code FROM agencies WHERE id IN {marks}", ids))
    relinked = _relink_others(db, appeared, gone, codes, set(pages))
    with transaction(db):
        for part in _chunks(touched):
            marks, ids = _in(part)
            db.execute(f"DELETE FROM agencies WHERE id IN {marks}", ids)
        for part in _chunks(set(pages) | set(old) | set(relinked)):
            marks, ids = _in(part)
            db.execute(f"DELETE FROM report_agencies WHERE report_id IN {marks}", ids)
        db["agencies"].insert_all(rows, pk="id", alter=True)
        links.update((rid, aid) for rid, aid in relinked.items() if aid)
        db["report_agencies"].insert_all(
            [{"report_id": r, "agency_id": a} for r, a in sorted(links.items())], pk="report_id")
    scope.reports |= set(relinked)
    for part in _chunks(altered):
        marks, ids = _in(part)
        scope.reports.update(r for (r,) in db.execute(
            f"SELECT report_id FROM report_agencies WHERE agency_id IN {marks}", ids))
    return len(rows)


def _relink_others(db, appeared: set, gone: set, codes: set, skip: set) -> dict[str, str | None]:
    """Pages that are no annual report and name an agency that just appeared (now linked) or
    is gone (now unlinked): report id -> agency id, or None to unlink. Only the pages of those
    agencies' region ``codes`` are read (an agency id includes its code)."""
    if not appeared and not gone:
        return {}
    where = (" WHERE NOT coalesce(r.is_report, 1) AND (coalesce(r.region_code, s.region_code)"
             " IN (SELECT value FROM json_each(?))"
             f"{' OR coalesce(r.region_code, s.region_code) IS NULL' if codes & {None, ''} else ''})")
    relinked = {}
    for row in _pages(db, where, [json.dumps(sorted(c for c in codes if c is not None))]):
        if row[0] in skip:
            continue
        aid = _key(*row[1:4])
        if aid in appeared:
            relinked[row[0]] = aid
        elif aid in gone:
            relinked[row[0]] = None
    return relinked
