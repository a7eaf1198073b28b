"""Small SQLite helpers shared by the ``save_*`` modules (store, history, health)."""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timezone


def now() -> str:
    """The current time, timezone-aware ISO 8601 (UTC)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(db):
    """One transaction around the block; joins the caller's transaction if one is open (so a
    caller may batch many saves)."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def ensure_object(db, kind: str, name: str, sql: str) -> None:
    """The view or trigger ``name`` as ``sql`` defines it: made when missing, replaced when an
    older definition is stored."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = ? AND name = ?",
                     [kind, name]).fetchone()
    if row is None or row[0] != sql:
        db.execute(f"DROP {kind.upper()} IF EXISTS [{name}]")
        db.execute(sql)


def upsert(db, table: str, row: dict, pk: str | tuple, keep: tuple = ()) -> None:
    """Insert ``row`` or update it in place (the rowid, and the ``keep`` columns, stay)."""
    pks = (pk,) if isinstance(pk, str) else tuple(pk)
    columns = list(row)
    updates = [c for c in columns if c not in pks and c not in keep]
    sql = "INSERT INTO [{t}] ({cols}) VALUES ({vals}) ON CONFLICT({pk}) DO {action}".format(
        t=table,
        cols=", ".join(f"[{c}]" for c in columns),
        vals=", ".join(f":{c}" for c in columns),
        pk=", ".join(f"[{c}]" for c in pks),
        action="UPDATE SET " + ", ".join(f"[{c}] = excluded.[{c}]" for c in updates)
        if updates else "NOTHING",
    )
    db.execute(sql, row)


def to_json(value, **kwargs) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str, **kwargs)


def to_bool(value) -> int | None:
    return None if value is None else int(bool(value))


def fetch_dicts(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
