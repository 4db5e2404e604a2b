"""The local advisory store: one SQLite file that imports fill and audits read, never the network."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devaudit.advisories.csaf import CsafError, is_csaf, parse_csaf, validate_csaf
from devaudit.advisories.model import Advisory, ProductStatus, VersionRange
from devaudit.advisories.nvd import NvdError, is_nvd, parse_nvd
from devaudit.advisories.paths import default_store_path

__all__ = ["ImportSummary", "StoreStatus", "default_store_path", "import_feeds", "load_family", "store_status"]

MAX_FEED_BYTES = 256 * 1024 * 1024  # the NVD's yearly feed files are about 100 MB uncompressed

_SCHEMA = """
CREATE TABLE IF NOT EXISTS advisory (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, updated TEXT NOT NULL, data TEXT NOT NULL, origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS advisory_family (
    family TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (family, id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    if create:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
        return conn
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _to_json(advisory: Advisory) -> str:
    return json.dumps(asdict(advisory), separators=(",", ":"))


def _from_json(text: str) -> Advisory:
    data = json.loads(text)
    statuses = []
    for s in data.pop("statuses"):
        rng = s.pop("range")
        statuses.append(ProductStatus(**s, range=VersionRange(**rng) if rng else None))
    data["cves"] = tuple(data["cves"])
    data["links"] = tuple(data.get("links", ()))
    return Advisory(**data, statuses=tuple(statuses))


@dataclass
class ImportSummary:
    """What one import read, kept and refused."""

    files: int = 0
    advisories: int = 0
    skipped: int = 0  # documents that name no product family devaudit audits
    errors: list[tuple[str, str]] = field(default_factory=list)


def _feed_files(paths: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        candidates = sorted(p for p in path.rglob("*.json") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            real = candidate.resolve()
            if real not in seen:
                seen.add(real)
                yield candidate


def _read(path: Path) -> Any:
    size = path.stat().st_size
    if size > MAX_FEED_BYTES:
        raise ValueError(f"file is {size:,} bytes, above the limit of {MAX_FEED_BYTES:,}")
    try:
        return json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except UnicodeDecodeError:
        raise ValueError("not valid JSON: the file is not UTF-8 text") from None
    except RecursionError:
        raise ValueError("not valid JSON: nested too deeply") from None


def _advisories_in(path: Path) -> Iterable[Advisory]:
    doc = _read(path)
    if is_csaf(doc):
        validate_csaf(doc)
        return [parse_csaf(doc, str(path))]
    if is_nvd(doc):
        return list(parse_nvd(doc, str(path)))
    raise ValueError("neither a CSAF 2.0 advisory nor an NVD CVE 2.0 feed file")


def import_feeds(paths: Sequence[Path], store: Path) -> ImportSummary:
    """Import every CSAF and NVD file under ``paths``; a bad file is listed and the others still load."""
    summary = ImportSummary()
    conn = _connect(store, create=True)
    try:
        with conn:
            for path in _feed_files(paths):
                summary.files += 1
                try:
                    advisories = list(_advisories_in(path))
                except (OSError, ValueError, CsafError, NvdError) as exc:
                    message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                    summary.errors.append((str(path), message))
                    continue
                for advisory in advisories:
                    if not advisory.id or not advisory.families:
                        summary.skipped += 1
                        continue
                    row = conn.execute("SELECT updated FROM advisory WHERE id = ?", (advisory.id,)).fetchone()
                    if row is not None and row[0] > advisory.updated:
                        continue  # a newer revision is already in the store
                    conn.execute(
                        "INSERT OR REPLACE INTO advisory VALUES (?, ?, ?, ?, ?)",
                        (advisory.id, advisory.source, advisory.updated, _to_json(advisory), advisory.origin),
                    )
                    conn.execute("DELETE FROM advisory_family WHERE id = ?", (advisory.id,))
                    conn.executemany(
                        "INSERT INTO advisory_family VALUES (?, ?)", [(f, advisory.id) for f in advisory.families]
                    )
                    summary.advisories += 1
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('imported_at', ?)", (now,))
        os.chmod(store, 0o600)
    finally:
        conn.close()
    return summary


@dataclass(frozen=True)
class StoreStatus:
    """What a store holds and how old it is."""

    path: Path
    imported_at: str
    advisories: int
    by_source: dict[str, int]
    by_family: dict[str, int]

    def age_days(self, now: datetime | None = None) -> float | None:
        """Days since the last import (None when unknown)."""
        if not self.imported_at:
            return None
        then = datetime.fromisoformat(self.imported_at)
        return ((now or datetime.now(UTC)) - then).total_seconds() / 86400


def store_status(store: Path) -> StoreStatus | None:
    """The store's contents, or None when there is no store at ``store``."""
    if not store.is_file():
        return None
    conn = _connect(store, create=False)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'imported_at'").fetchone()
        total = conn.execute("SELECT count(*) FROM advisory").fetchone()[0]
        by_source = dict(conn.execute("SELECT source, count(*) FROM advisory GROUP BY source").fetchall())
        by_family = dict(conn.execute("SELECT family, count(*) FROM advisory_family GROUP BY family").fetchall())
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{store}: not a devaudit advisory store ({exc})") from None
    finally:
        conn.close()
    return StoreStatus(store, row[0] if row else "", int(total), by_source, by_family)


def load_family(store: Path, family: str) -> tuple[Advisory, ...]:
    """Every advisory that names ``family``, CSAF advisories first."""
    conn = _connect(store, create=False)
    try:
        rows = conn.execute(
            "SELECT a.data FROM advisory a JOIN advisory_family f ON a.id = f.id WHERE f.family = ? "
            "ORDER BY a.source, a.id",
            (family,),
        ).fetchall()
    finally:
        conn.close()
    return tuple(_from_json(row[0]) for row in rows)
