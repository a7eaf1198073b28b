"""When each annual report was due, and how late it came: the legal deadlines, as pure
functions of what SQLite hands them (str, int, float, bytes or None), never raising.

Deadlines (docs/field-rules.md, Deadlines). The report for year Y is due in year Y+1:

* report years up to 2018, under the 2008 regulation (国务院令第492号): **31 March** for every body;
* from report year 2019, under the revised regulation (国务院令第711号, in force 2019-05-15),
  第四十九条: **31 January** for departments at county level and above (县级以上人民政府部门),
  **31 March** for local people's governments (地方人民政府).

Who counts as a local people's government: a body whose name ends with 人民政府 (省/市/县/区/镇/乡
人民政府 alike; 人民政府办公室/办公厅 end otherwise and are departments), and township-level bodies
named without it: 街道办事处/街道 (sub-district offices, 派出机关 of a district government rather than
its departments), 镇, 乡, 苏木. Every other named body is a department. A body with no name gets the
later deadline, 31 March, so a report is never called late because of a guess. There is no
national deadline before the 2008 regulation: report years before 2008 have none.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")  # China has no daylight saving time
FIRST_REPORT_YEAR = 2008  # the 2008 regulation's first annual reports
NEW_REGULATION_FIRST_YEAR = 2019  # the revised regulation's first report year
LOCAL_GOVERNMENT_SUFFIXES = ("人民政府", "街道办事处", "街道", "镇", "乡", "苏木")
RULES = {
    "old": "2008 regulation (国务院令第492号): 31 March for every body",
    "department": "2019 regulation art. 49 (国务院令第711号第四十九条): department, 31 January",
    "government": "2019 regulation art. 49 (国务院令第711号第四十九条): local government, 31 March",
    "unknown": "2019 regulation art. 49: body unknown, the later deadline (31 March)",
}
MAX_NAME = 1_000  # characters of a name, date or timestamp read
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def today() -> str:
    """Today in China, YYYY-MM-DD (the ``xxgk_today()`` SQL function; tests replace it)."""
    return datetime.now(SHANGHAI).date().isoformat()


def parse_year(value) -> int | None:
    """A report year from SQLite: an int, or a string/float holding one; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= 9998:
        return value
    return None


def parse_date(value) -> date | None:
    """The date at the start of ``"YYYY-MM-DD…"`` (a time after it is ignored); else None."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value[:MAX_NAME].strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def is_local_government(agency) -> bool | None:
    """True for a local people's government (see the module docstring), False for a department,
    None when there is no name to judge."""
    if not isinstance(agency, str) or not agency.strip():
        return None
    agency = agency[:MAX_NAME]
    name = re.sub(r"[\s（(].*$", "", agency.strip()) or agency.strip()  # "X局（挂Y牌子）" -> "X局"
    return name.endswith(LOCAL_GOVERNMENT_SUFFIXES)


def deadline_rule(report_year, agency) -> str | None:
    """Which rule sets the deadline: a key of ``RULES`` ("old", "department", "government",
    "unknown"), or None when there is no deadline (no year, or before 2008)."""
    year = parse_year(report_year)
    if year is None or year < FIRST_REPORT_YEAR:
        return None
    if year < NEW_REGULATION_FIRST_YEAR:
        return "old"
    local = is_local_government(agency)
    return "unknown" if local is None else "government" if local else "department"


def report_deadline(report_year, agency) -> str | None:
    """The day the report for ``report_year`` was due, YYYY-MM-DD, e.g.
    ``report_deadline(2019, "阜新市商务局") == "2020-01-31"``; None when there is none."""
    rule = deadline_rule(report_year, agency)
    if rule is None:
        return None
    due = date(parse_year(report_year) + 1, 1, 31) if rule == "department" else \
        date(parse_year(report_year) + 1, 3, 31)
    return due.isoformat()


def days_late(published, deadline) -> int | None:
    """Days between the deadline and the publication date: 0 when on time (on the day is on
    time), None when either date is unreadable. ``days_late("2020-02-10", "2020-01-31") == 10``."""
    published_on, due = parse_date(published), parse_date(deadline)
    if published_on is None or due is None:
        return None
    return max(0, (published_on - due).days)
