"""Real configurations for the benchmark: fleets copied from ``../shared/corpus`` (its MANIFEST) and a
2,000-line IOS config assembled from the corpus's own IOS statements."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CORPUS", "CorpusFile", "build_fleet", "corpus_configs", "large_ios_config"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
# MANIFEST kinds that are device configurations (show outputs and the synthetic file are left out).
CONFIG_KINDS = ("config", "config-fragment")


@dataclass(frozen=True)
class CorpusFile:
    """One corpus configuration and what the MANIFEST says about it."""

    path: Path
    platform: str
    kind: str
    lines: int


def corpus_configs(platform: str | None = None, kinds: tuple[str, ...] = CONFIG_KINDS) -> list[CorpusFile]:
    """The corpus configurations listed in MANIFEST.tsv (optionally of one platform), in MANIFEST order."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        raise FileNotFoundError(f"{manifest} is missing: the benchmark needs the shared corpus beside the repo")
    rows = manifest.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    out = []
    for row in rows[1:]:
        fields = dict(zip(header, row.split("\t"), strict=False))
        if fields["kind"] not in kinds or (platform is not None and fields["platform"] != platform):
            continue
        path = CORPUS / fields["file"]
        out.append(CorpusFile(path, fields["platform"], fields["kind"], path.read_bytes().count(b"\n")))
    return out


def build_fleet(directory: Path, files: list[CorpusFile], count: int) -> int:
    """Copy ``files`` round-robin into ``directory`` as ``count`` configs; returns the total line count."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    total = 0
    contents = [(f.path.name, f.path.read_bytes()) for f in files]
    for index in range(count):
        name, data = contents[index % len(contents)]
        (directory / f"d{index:06d}-{name}").write_bytes(data)
        total += data.count(b"\n")
    return total


_BLOCK_HEAD = re.compile(r"^(interface|ip access-list|route-map|class-map|policy-map|router) ")


def large_ios_config(lines: int = 2_000) -> str:
    """A real-shaped IOS config: the largest corpus IOS config with the corpus's interface, ACL, route-map
    and routing blocks appended (renumbered so each stays distinct) until it has ``lines`` lines."""
    ios = corpus_configs("cisco_ios", ("config",))
    base_file = max(ios, key=lambda f: f.lines)
    base = [line for line in base_file.path.read_text(encoding="utf-8").splitlines() if line.strip() != "end"]
    blocks: list[list[str]] = []
    for item in ios:
        current: list[str] | None = None
        for line in item.path.read_text(encoding="utf-8", errors="replace").splitlines():
            if current is not None and line.startswith(" "):
                current.append(line)
                continue
            current = None
            if _BLOCK_HEAD.match(line):
                current = [line]
                blocks.append(current)
    out = list(base)
    round_no = 0
    while len(out) < lines - 1:
        round_no += 1
        for block in blocks:
            head = block[0]
            if head.startswith("interface "):
                number = re.search(r"(\d+)$", head)
                if number is not None:
                    head = f"{head[: number.start()]}{int(number.group(1)) + 100 * round_no}"
            else:
                head = re.sub(r"^(\S+(?: \S+)?) (\S+)", rf"\1 \2-R{round_no}", head, count=1)
            out.extend([head, *block[1:], "!"])
            if len(out) >= lines - 1:
                break
    return "\n".join([*out[: lines - 1], "end"]) + "\n"
