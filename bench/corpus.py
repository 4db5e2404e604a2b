"""Real configurations for the benchmark: fleets copied from ``../shared/corpus`` (its MANIFEST), each copy
made distinct, and a 2,000-line IOS config assembled from the corpus's own IOS statements."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CORPUS", "CorpusFile", "build_fleet", "corpus_configs", "distinct_copy", "large_ios_config"]

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
    """Copy ``files`` round-robin into ``directory`` as ``count`` configs; returns the total line count.

    Every copy is made distinct (``distinct_copy``): no two files of a fleet have the same bytes, so a
    cache keyed by content could not spare any audit."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    total = 0
    contents = [(f.path.name, f.platform, f.path.read_bytes()) for f in files]
    seen: set[bytes] = set()
    for index in range(count):
        name, platform, original = contents[index % len(contents)]
        data = distinct_copy(original, platform, index)
        digest = hashlib.sha256(data).digest()
        if digest in seen:
            raise RuntimeError(f"copy {index} of {name} is the same as an earlier copy")
        seen.add(digest)
        (directory / f"d{index:06d}-{name}").write_bytes(data)
        total += data.count(b"\n")
    return total


_CISCO_LIKE = ("cisco_ios", "cisco_nxos", "cisco_xr", "cisco_asa", "arista_eos")
# The statement naming the device, per platform (the name is group 2).
_HOSTNAME: dict[str, re.Pattern[bytes]] = {
    **{p: re.compile(rb"^(hostname |switchname )(\S+)", re.M) for p in _CISCO_LIKE},
    "huawei_vrp": re.compile(rb"^(\s*sysname )(\S+)", re.M),
    "hp_comware": re.compile(rb"^(\s*sysname )(\S+)", re.M),
    "zte_zxros": re.compile(rb"^(hostname )(\S+)", re.M),
    "juniper_junos": re.compile(rb"^(set system host-name |\s+host-name )([^;\s]+)", re.M),
    # MD-CLI and classic: the name statement right under "system"; flat: /configure system name.
    "nokia_sros": re.compile(rb'^(\s*system(?: \{)?\r?\n\s+name "|/configure system name ")([^"]*)', re.M),
}
# A whole comment line, per platform.
_COMMENT: dict[str, re.Pattern[bytes]] = {
    **{p: re.compile(rb"^!.*?(?=\r?$)", re.M) for p in _CISCO_LIKE},
    **{p: re.compile(rb"^\s*#.*?(?=\r?$)", re.M) for p in ("huawei_vrp", "hp_comware", "juniper_junos", "nokia_sros")},
    "zte_zxros": re.compile(rb"^!.*?(?=\r?$)", re.M),
}
_DESCRIPTION = re.compile(rb'^\s*description [^"\n;]+?(?=\r?$)', re.M)
_COMMENT_MARK = {"huawei_vrp": b"#", "hp_comware": b"#", "juniper_junos": b"#", "nokia_sros": b"#"}


def distinct_copy(data: bytes, platform: str, index: int) -> bytes:
    """``data`` as copy number ``index``, in the platform's own syntax: the device's name gets the suffix
    ``-c<index>``, and one comment line (else one unquoted description) ends with ``copy <index>``; a config
    with neither a name nor such a line gets a comment line first. Statements and verdicts are unchanged."""
    tag = f"c{index:06d}".encode()
    changed = False
    hostname = _HOSTNAME.get(platform)
    if hostname is not None:
        data, named = hostname.subn(lambda m: m.group(1) + m.group(2) + b"-" + tag, data, count=1)
        changed = named > 0
    for line in (_COMMENT[platform], _DESCRIPTION) if platform in _COMMENT else (_DESCRIPTION,):
        data, noted = line.subn(lambda m: m.group(0) + b" copy " + tag, data, count=1)
        if noted:
            return data
    if changed:
        return data
    mark = _COMMENT_MARK.get(platform, b"!")
    return mark + b" copy " + tag + b"\n" + data


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
