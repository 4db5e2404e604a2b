"""``devaudit about``: devaudit's version, the rule packs it loads (rule count, content hash) and its libraries."""

from __future__ import annotations

import hashlib
import platform as python_platform
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from devaudit.engine.loader import Baseline

__all__ = ["KEY_LIBRARIES", "About", "PackInfo", "describe", "pack_digest", "render"]

# Distribution names of what devaudit runs on, in the order an incident report would want them.
KEY_LIBRARIES = (
    "netmiko",
    "paramiko",
    "pydantic",
    "PyYAML",
    "click",
    "rich",
    "textfsm",
    "ntc-templates",
    "Jinja2",
    "keyring",
    "ciscoconfparse2",
)


@dataclass(frozen=True)
class PackInfo:
    """One platform's rule pack: how many rules apply to the platform and a digest of its folder's files."""

    platform: str
    rules: int
    files: int
    sha256: str


@dataclass(frozen=True)
class About:
    """What ``devaudit about`` reports."""

    version: str
    python: str
    baselines: Path
    packs: tuple[PackInfo, ...]
    sha256: str
    libraries: tuple[tuple[str, str | None], ...]
    # Installed third-party packs: (entry-point name, distribution, folder, files, sha256).
    third_party: tuple[tuple[str, str, Path, int, str], ...] = ()


def pack_digest(files: list[Path], root: Path) -> str:
    """SHA-256 over each file's path relative to ``root`` and its bytes, in path order (line endings as stored)."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def describe(baseline: Baseline, root: Path) -> About:
    """Describe devaudit with ``baseline`` loaded from the pack folder ``root`` (one sub-folder per platform)."""
    per_platform: Counter[str] = Counter(p for r in baseline.rules for p in r.rule.platforms)
    packs = []
    for name in sorted(per_platform):
        folder = root / name
        if not folder.exists():
            continue  # a third-party platform: its pack is listed below
        files = _yaml_files(folder)
        packs.append(PackInfo(name, per_platform[name], len(files), pack_digest(files, root)))
    from devaudit.packs import installed_packs

    third_party = []
    for pack in installed_packs():
        files = _yaml_files(pack.path)
        third_party.append((pack.name, pack.origin, pack.path, len(files), pack_digest(files, pack.path)))
    return About(
        version=_version("devaudit") or "unknown",
        python=python_platform.python_version(),
        baselines=root,
        packs=tuple(packs),
        sha256=pack_digest(_yaml_files(root), root) if root.exists() else "",
        libraries=tuple((name, _version(name)) for name in KEY_LIBRARIES),
        third_party=tuple(third_party),
    )


def render(about: About) -> str:
    """Plain text, one fact per line, for a terminal or an incident ticket."""
    lines = [
        f"devaudit {about.version} (Python {about.python})",
        f"rule packs: {about.baselines}",
    ]
    for pack in about.packs:
        lines.append(f"  {pack.platform:14} {pack.rules:4} rules  {pack.files:3} files  sha256 {pack.sha256[:16]}")
    lines.append(f"  all packs       sha256 {about.sha256}")
    for name, origin, path, files, digest in about.third_party:
        lines.append(f"  third-party {name} from {origin}: {files} files  sha256 {digest[:16]}  {path}")
    lines.append("libraries:")
    for name, version in about.libraries:
        lines.append(f"  {name:16} {version or 'not installed'}")
    return "\n".join(lines) + "\n"
