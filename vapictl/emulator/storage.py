"""SQLite persistence for the emulator: one generic table of JSON documents.

One table keyed by (kind, id) with indexed `created_at`/`updated_at` columns keeps
list queries fast at 10,000+ rows (DESIGN.md §7). A single connection guarded by a
lock makes concurrent requests safe; WAL keeps readers in other processes happy.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

Document = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS resources_kind_created ON resources (kind, created_at);
CREATE INDEX IF NOT EXISTS resources_kind_updated ON resources (kind, updated_at);
"""

ORG_KIND = "org"
LOCAL_ORG_NAME = "Local Org"


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 with milliseconds and `Z`, the form the API returns (fixed width, so
    string order is time order)."""
    utc = moment.astimezone(UTC)
    # The year is padded by hand: strftime's %Y gives "167" for 167 on glibc, which would
    # sort after "2026" (a year-167 bound once filtered out every row).
    return f"{utc.year:04d}-" + utc.strftime("%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 timestamp (raises ValueError, also for one that leaves the
    representable range once moved to UTC, e.g. 0001-01-01T00:00:00+13:00)."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is out of range") from None


@dataclass(frozen=True)
class ListQuery:
    """Filters of a list call, all applied before `limit`/`offset`: the eight
    `createdAt*`/`updatedAt*` bounds, ids to keep or drop, and exact field values."""

    limit: int = 100  # -1: no limit
    bounds: tuple[tuple[str, str, str], ...] = ()  # (column, operator, canonical timestamp)
    ids: tuple[str, ...] | None = None  # keep only these ids
    exclude_ids: tuple[str, ...] = ()
    equals: tuple[tuple[str, str], ...] = ()  # (top-level field, value)
    offset: int = 0
    ascending: bool = False  # newest first unless asked otherwise


def make_private(db_path: Path) -> None:
    """The database holds secrets (credentials, webhook secrets): create its directory
    0700 and the file 0600 before SQLite opens it. SQLite gives the -wal and -shm files
    the database file's mode; existing ones are tightened too."""
    if not db_path.parent.exists():
        db_path.parent.mkdir(mode=0o700, parents=True)
    os.close(os.open(db_path, os.O_CREAT | os.O_RDWR, 0o600))
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


class Store:
    """Documents by kind, newest first; timestamps strictly increase per store."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = threading.RLock()
        make_private(db_path)
        self._conn = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._conn.executescript(_SCHEMA)
        row = self._conn.execute(
            "SELECT max(updated_at), max(created_at) FROM resources"
        ).fetchone()
        stamps = [s for s in row if s]
        self._last = parse_timestamp(max(stamps)) if stamps else datetime.fromtimestamp(0, UTC)
        self.org_id = self._seed_org()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Serialise a read-modify-write sequence (e.g. the free-number cap check)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def next_timestamp(self) -> str:
        """Now, but strictly after the previous stamp, so `createdAtLt` paging is exact."""
        with self._lock:
            now = datetime.now(UTC)
            floor = self._last + timedelta(milliseconds=1)
            self._last = max(now.replace(microsecond=now.microsecond // 1000 * 1000), floor)
            return format_timestamp(self._last)

    def _seed_org(self) -> str:
        with self.transaction():
            row = self._conn.execute(
                "SELECT id FROM resources WHERE kind = ?", (ORG_KIND,)
            ).fetchone()
            if row:
                return str(row[0])
            stamp = self.next_timestamp()
            org = {
                "id": str(uuid.uuid4()),
                "name": LOCAL_ORG_NAME,
                "createdAt": stamp,
                "updatedAt": stamp,
            }
            self._write(ORG_KIND, org, insert=True)
            return str(org["id"])

    def _write(self, kind: str, doc: Document, *, insert: bool) -> None:
        body = json.dumps(doc, separators=(",", ":"))
        if insert:
            self._conn.execute(
                "INSERT INTO resources (kind, id, created_at, updated_at, body) "
                "VALUES (?, ?, ?, ?, ?)",
                (kind, doc["id"], doc["createdAt"], doc["updatedAt"], body),
            )
        else:
            self._conn.execute(
                "UPDATE resources SET updated_at = ?, body = ? WHERE kind = ? AND id = ?",
                (doc["updatedAt"], body, kind, doc["id"]),
            )

    def insert(self, kind: str, fields: Document) -> Document:
        """Store a new document with server-assigned id, orgId and timestamps."""
        with self._lock:
            stamp = self.next_timestamp()
            doc = {**fields, "id": str(uuid.uuid4()), "orgId": self.org_id}
            doc["createdAt"] = doc["updatedAt"] = stamp
            self._write(kind, doc, insert=True)
            return doc

    def insert_many(self, kind: str, bodies: list[Document]) -> list[Document]:
        """Bulk insert in one transaction (benchmarks seed 10,000 resources this way);
        no validation: callers pass bodies the API would accept."""
        with self.transaction():
            return [self.insert(kind, body) for body in bodies]

    def get(self, kind: str, doc_id: str) -> Document | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT body FROM resources WHERE kind = ? AND id = ?", (kind, doc_id)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def replace(self, kind: str, doc: Document) -> Document:
        """Save an updated document, bumping `updatedAt`."""
        with self._lock:
            doc = {**doc, "updatedAt": self.next_timestamp()}
            self._write(kind, doc, insert=False)
            return doc

    def delete(self, kind: str, doc_id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM resources WHERE kind = ? AND id = ?", (kind, doc_id))

    def list_texts(self, kind: str, query: ListQuery) -> list[str]:
        """`list`, each document as the JSON text it is stored as (what `json.dumps` of
        the decoded document gives: it was written that way, see _write)."""
        sql, params = _where(kind, query)
        order = "ASC" if query.ascending else "DESC"
        sql.append(f"ORDER BY created_at {order}, id {order} LIMIT ? OFFSET ?")
        params.extend((query.limit, query.offset))
        with self._lock:
            rows = self._conn.execute(" ".join(["SELECT body", *sql]), params).fetchall()
        return [str(row[0]) for row in rows]

    def list(self, kind: str, query: ListQuery) -> list[Document]:
        """Newest first (or oldest first), filtered, then at most `query.limit` items."""
        return [json.loads(text) for text in self.list_texts(kind, query)]

    def count(self, kind: str, query: ListQuery) -> int:
        """How many documents pass the filters of `query` (its limit and offset ignored)."""
        sql, params = _where(kind, query)
        with self._lock:
            row = self._conn.execute(" ".join(["SELECT count(*)", *sql]), params).fetchone()
        return int(row[0])

    def seed(self, kind: str, doc: Document) -> None:
        """Store a server-provisioned document as given (fixed id, timestamps, orgId) unless
        a document with its id exists."""
        with self.transaction():
            if self.get(kind, doc["id"]) is None:
                self._write(kind, doc, insert=True)

    def count_where(self, kind: str, json_path: str, value: str, *, present: str = "$.id") -> int:
        """Documents whose `json_path` equals `value` and whose `present` path is set."""
        with self._lock:
            row = self._conn.execute(
                "SELECT count(*) FROM resources WHERE kind = ? AND json_extract(body, ?) = ? "
                "AND json_extract(body, ?) IS NOT NULL",
                (kind, json_path, value, present),
            ).fetchone()
        return int(row[0])

    def exists_where(self, kind: str, json_path: str, value: str) -> bool:
        return self.count_where(kind, json_path, value) > 0


def _where(kind: str, query: ListQuery) -> tuple[list[str], list[Any]]:
    sql = ["FROM resources WHERE kind = ?"]
    params: list[Any] = [kind]
    for column, operator, stamp in query.bounds:
        sql.append(f"AND {column} {operator} ?")  # column/operator come from a fixed table
        params.append(stamp)
    if query.ids is not None:
        sql.append(f"AND id IN ({', '.join('?' * len(query.ids))})")
        params.extend(query.ids)
    if query.exclude_ids:
        sql.append(f"AND id NOT IN ({', '.join('?' * len(query.exclude_ids))})")
        params.extend(query.exclude_ids)
    for field, value in query.equals:
        sql.append("AND json_extract(body, ?) = ?")
        params.extend((f'$."{field}"', value))
    return sql, params
