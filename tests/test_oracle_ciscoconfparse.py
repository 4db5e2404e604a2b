"""Differential test: devaudit's indentation parser against ciscoconfparse2 on every Cisco corpus file.

For every configuration statement both sides must agree on (line number, text, parent's line number);
text is compared with runs of white space collapsed, a top-level statement has parent 0.

Excluded on both sides, because it is not configuration:

* blank lines and comment lines (first non-blank character ``!``; on ASA also ``:``);
* header and trailer lines: ``Building configuration...``, ``Current configuration : N bytes``, the ASA
  ``: Saved`` / ``:`` / ``: end`` comments and the ``Cryptochecksum:`` trailer;
* the top-level ``end`` marker (devaudit stops reading there, ciscoconfparse keeps it as a statement);
* banner text: ciscoconfparse makes every banner line, and the line with the closing delimiter, a child
  of the ``banner`` statement; devaudit keeps the text as the banner node's ``body``. The banner
  statement itself is compared on its first two words (``banner login``), because ciscoconfparse keeps
  the delimiter in its text and devaudit normalises it. The body is then compared on its own
  (``test_banner_bodies_agree``);
* certificate and ``key-string`` hex: ciscoconfparse makes the hex lines and ``quit`` children of the
  ``certificate`` line (a ``quit`` under ``key-string`` is its sibling); devaudit keeps the hex as the
  opaque node's ``body`` and reads ``quit`` as the block's end (``test_certificate_blocks_agree`` checks
  a synthetic chain, as the corpus has none);
* the source's elision marker ``(...)`` (oxidized NX-OS N5548): devaudit sets ``tree.elided`` instead.

Where ciscoconfparse2 is wrong, the construct is taken out of its input or its answer is corrected:

* ASA ``banner motd <text>`` lines are complete one-line statements (ASA repeats the command for each
  banner line), but ciscoconfparse applies the IOS rule (the first character after the keyword is a
  delimiter) and makes every following statement a child of the banner until that character appears
  again: in nu-asa-full.cfg ``banner motd This is a test banner.`` swallows the rest of the file
  (delimiter ``T``). These lines become ``!`` before ciscoconfparse reads them, and devaudit's one-node-
  per-line banners are checked in ``test_asa_banner_lines_are_single_statements``.
* Lines cut by an 80-column terminal (pyntc-asa-9.0.cfg lines 56-58, ``timeout conn ... h3`` /
  ``23 0:05:00 ...`` / ``:00``): ciscoconfparse takes each piece as its own statement; devaudit joins
  the pieces into the one command the device holds. Its answer is corrected by the same join.
"""

from __future__ import annotations

import re

import pytest

from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from devaudit.tree import KIND_BANNER, KIND_OPAQUE, ConfigTree, Node
from tests.conftest import CORPUS

ciscoconfparse2 = pytest.importorskip("ciscoconfparse2")
pytestmark = pytest.mark.corpus

SYNTAX = {"cisco_ios": "ios", "cisco_nxos": "nxos", "cisco_xr": "iosxr", "cisco_asa": "asa"}
FILES = sorted(
    f"{folder}/{path.name}"
    for folder in SYNTAX
    if (CORPUS / folder).is_dir()
    for path in (CORPUS / folder).iterdir()
)

_HEADER = re.compile(
    r"^(?:Building configuration\.\.\.|Current configuration : \d+ bytes|:.*|Cryptochecksum:\S*)$"
)
_BANNER = re.compile(r"^banner\s+\S+", re.IGNORECASE)
_CERTIFICATE = re.compile(r"^\s*(?:certificate\s+(?:ca\s+|self-signed\s+)?\S+|key-string)\s*$", re.IGNORECASE)
# Lines cut by the terminal: file -> (first line, number of continuation lines).
_WRAPPED = {"cisco_asa/pyntc-asa-9.0.cfg": ((56, 2),)}

Row = tuple[int, str, int]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _raw_lines(name: str) -> list[str]:
    """The file's lines as stored, decoded independently of devaudit's ingest."""
    text = (CORPUS / name).read_bytes().decode("utf-8")
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _ccp(name: str, lines: list[str]) -> ciscoconfparse2.CiscoConfParse:
    platform = name.split("/", maxsplit=1)[0]
    if platform == "cisco_asa":
        lines = ["!" if _BANNER.match(line) else line for line in lines]
    return ciscoconfparse2.CiscoConfParse(lines, syntax=SYNTAX[platform], ignore_blank_lines=False)


def _ccp_rows(name: str) -> set[Row]:
    lines = _raw_lines(name)
    parsed = _ccp(name, lines)
    hidden: set[int] = set()  # 0-based indices of banner and certificate contents
    rows: dict[int, Row] = {}
    for obj in parsed.objs:
        text = obj.text.strip()
        top = obj.parent is obj
        if obj.linenum in hidden:
            hidden.update(child.linenum for child in obj.children)
            continue
        if not text or obj.is_comment:
            continue
        if top and (text in {"end", "(...)"} or _HEADER.match(text)):
            continue
        if text == "quit":
            continue
        if (top and _BANNER.match(text)) or _CERTIFICATE.match(obj.text):
            hidden.update(child.linenum for child in obj.children)
            text = " ".join(text.split()[:2]) if _BANNER.match(text) else text
        parent = 0 if top else obj.parent.linenum + 1
        rows[obj.linenum + 1] = (obj.linenum + 1, _norm(text), parent)
    for first, extra in _WRAPPED.get(name, ()):
        joined = "".join(lines[first - 1 : first + extra])
        number, _, parent = rows[first]
        rows[first] = (number, _norm(joined), parent)
        for number in range(first + 1, first + extra + 1):
            rows.pop(number, None)
    return set(rows.values())


def _tree(name: str) -> ConfigTree:
    dump = read_dump((CORPUS / name).read_bytes(), name)
    return parse(dump.lines, name.split("/", maxsplit=1)[0])


def _devaudit_rows(tree: ConfigTree) -> set[Row]:
    rows: set[Row] = set()
    for node in tree.walk():
        text = _norm(node.text)
        if node.kind == KIND_BANNER:
            if tree.platform == "cisco_asa":
                continue  # taken out of ciscoconfparse's input (see the module docstring)
            text = " ".join(text.split()[:2])
        rows.add((node.line, text, node.parent.line if node.parent is not None else 0))
    return rows


def test_every_cisco_folder_has_files() -> None:
    assert len(FILES) == 20


@pytest.mark.parametrize("name", FILES)
def test_structure_agrees_with_ciscoconfparse(name: str) -> None:
    ours = _devaudit_rows(_tree(name))
    theirs = _ccp_rows(name)
    assert sorted(ours - theirs) == [], "statements only devaudit has (or with another parent)"
    assert sorted(theirs - ours) == [], "statements only ciscoconfparse2 has (or with another parent)"


def _banner_nodes(tree: ConfigTree) -> list[Node]:
    return [node for node in tree.walk() if node.kind == KIND_BANNER]


BANNER_FILES = [name for name in FILES if not name.startswith("cisco_asa/")]


@pytest.mark.parametrize("name", BANNER_FILES)
def test_banner_bodies_agree(name: str) -> None:
    """devaudit's banner body is ciscoconfparse's banner children, delimiters cut off."""
    lines = _raw_lines(name)
    parsed = _ccp(name, lines)
    tree = _tree(name)
    for node in _banner_nodes(tree):
        head = lines[node.line - 1].strip()
        delimiter = node.text.split(None, 2)[2]
        obj = parsed.objs[node.line - 1]
        children = [child.text for child in obj.children]
        expected: list[str] = []
        leading = head[len(node.text) :].strip()
        if children:
            if leading:
                expected.append(leading)  # 'banner login ^CC': the text starts with 'C'
            closing = children[-1]
            expected += [text.strip() for text in children[:-1]]
            before = closing[: closing.find(delimiter)].strip()
            if before:
                expected.append(before)
        else:  # one line: 'banner motd ^C text ^C'
            expected.append(leading[: leading.find(delimiter)].strip())
        assert [line.strip() for line in node.body] == expected, node


def test_corpus_banners_are_found() -> None:
    found = {name: [(n.line, n.text) for n in _banner_nodes(_tree(name))] for name in BANNER_FILES}
    assert {name: banners for name, banners in found.items() if banners} == {
        "cisco_ios/ccp-sample01.cfg": [(413, "banner login ^C")],
        "cisco_ios/ccp-sample02-ios12.0.cfg": [(222, "banner login ^C")],
        "cisco_ios/ox-asr920-16.8.cfg": [(479, "banner motd ^C")],
        "cisco_ios/ox-c9200l-17.9.cfg": [(195, "banner exec ^C"), (200, "banner login ^C")],
        "cisco_xr/ccp-sample01.cfg": [(20, "banner login #")],
        "cisco_xr/ccp-sample05.cfg": [(6, "banner exec /"), (13, "banner login /")],
        "cisco_xr/ccp-sample07.cfg": [(6, "banner exec /"), (11, "banner login /")],
    }


def test_asa_banner_lines_are_single_statements() -> None:
    tree = _tree("cisco_asa/nu-asa-full.cfg")
    banners = [(n.line, n.text, n.body, len(n.children)) for n in tree.roots if n.kind == KIND_BANNER]
    stars = "*" * 68
    assert banners == [
        (27, "banner motd", (stars,), 0),
        (28, "banner motd", ("",), 0),
        (29, "banner motd", ("This is a test banner.",), 0),
        (30, "banner motd", ("",), 0),
        (31, "banner motd", (stars,), 0),
    ]
    # The statement after the banner is top level, as in the file.
    assert [n.text for n in tree.roots if n.line == 32] == ["pager lines 24"]


def test_wrapped_asa_line_is_joined() -> None:
    tree = _tree("cisco_asa/pyntc-asa-9.0.cfg")
    timeout = [n for n in tree.top("timeout") if n.text.startswith("timeout conn")]
    assert [(n.line, n.text) for n in timeout] == [
        (
            56,
            "timeout conn 2:00:00 half-closed 1:00:00 udp 0:02:00 icmp 1:00:00 rpc 1:00:00 h323 0:05:00 "
            "h225 1:00:00 mgcp 0:05:00 mgcp-pat 0:05:00 sip 0:30:00 sip_media 0:02:00",
        )
    ]
    assert not [n for n in tree.roots if n.line in (57, 58)]


_CERT_CONFIG = """\
hostname R1
!
crypto pki trustpoint TP-self-signed-1234567890
 enrollment selfsigned
 revocation-check none
!
crypto pki certificate chain TP-self-signed-1234567890
 certificate self-signed 01
  3082022B 30820194 A0030201 02020101 300D0609 2A864886 F70D0101 05050030
  31312F30 2D060355 04031326 494F532D 53656C66 2D536967 6E65642D 43657274
  \tquit
 certificate ca 6100000002B7A1F2
  308205AA 30820492 A0030201 02021361 00000002 B7A1F2C6 D8000000 000002B7
  \tquit
!
crypto key pubkey-chain rsa
 named-key peer.example.net
  address 192.0.2.7
  key-string
   30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101
   00C2E1B9
  quit
!
line vty 0 4
 transport input ssh
end
"""


def test_certificate_blocks_agree() -> None:
    """Certificates and key-strings are single opaque nodes; their other statements match ciscoconfparse."""
    lines, _ = split_lines(_CERT_CONFIG)
    tree = parse(lines, "cisco_ios")
    opaque = [(n.line, n.text, n.body) for n in tree.walk() if n.kind == KIND_OPAQUE]
    assert opaque == [
        (
            8,
            "certificate self-signed 01",
            (
                "3082022B 30820194 A0030201 02020101 300D0609 2A864886 F70D0101 05050030",
                "31312F30 2D060355 04031326 494F532D 53656C66 2D536967 6E65642D 43657274",
            ),
        ),
        (
            12,
            "certificate ca 6100000002B7A1F2",
            ("308205AA 30820492 A0030201 02021361 00000002 B7A1F2C6 D8000000 000002B7",),
        ),
        (
            19,
            "key-string",
            ("30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101", "00C2E1B9"),
        ),
    ]
    parsed = ciscoconfparse2.CiscoConfParse(_CERT_CONFIG.splitlines(), syntax="ios")
    theirs: set[Row] = set()
    hidden: set[int] = set()
    for obj in parsed.objs:
        if obj.linenum in hidden:
            hidden.update(child.linenum for child in obj.children)
            continue
        if obj.is_comment or obj.text.strip() in ("", "end", "quit"):
            continue
        if _CERTIFICATE.match(obj.text):
            hidden.update(child.linenum for child in obj.children)
        parent = 0 if obj.parent is obj else obj.parent.linenum + 1
        theirs.add((obj.linenum + 1, _norm(obj.text), parent))
    assert _devaudit_rows(tree) == theirs


def test_to_ciscoconfparse_round_trip() -> None:
    """tree.to_ciscoconfparse() gives a ciscoconfparse2 object with the same families."""
    name = "cisco_ios/ccp-sample01.cfg"
    tree = _tree(name)
    parsed = tree.to_ciscoconfparse()
    assert isinstance(parsed, ciscoconfparse2.CiscoConfParse)
    vty = parsed.find_parent_objects(r"^line vty", r"transport input")
    assert [obj.text for obj in vty] == [n.text for n in tree.top("line") if n.text.startswith("line vty")]
    ours = {(tuple(_norm(t) for t in n.path), len(n.children)) for n in tree.walk() if n.kind != KIND_BANNER}
    theirs = set()
    for obj in parsed.objs:
        if obj.text.strip().startswith("banner") or (
            obj.parent is not obj and obj.parent.text.startswith("banner")
        ):
            continue
        path = tuple(_norm(o.text) for o in [*obj.all_parents, obj])
        theirs.add((path, len(obj.children)))
    assert ours == theirs


@pytest.mark.parametrize(
    ("platform", "syntax"), [("cisco_nxos", "nxos"), ("cisco_xr", "iosxr"), ("cisco_asa", "asa")]
)
def test_to_ciscoconfparse_uses_the_platform_syntax(platform: str, syntax: str) -> None:
    lines, _ = split_lines("hostname R1\ninterface mgmt0\n description oob\n")
    parsed = parse(lines, platform).to_ciscoconfparse()
    assert parsed.syntax == syntax
    assert [obj.text for obj in parsed.find_child_objects(r"^interface mgmt0", r"description")] == [
        " description oob"
    ]


def test_ciscoconfparse_stays_off_the_hot_path() -> None:
    """Reading, detecting, parsing and auditing never import the GPL-3.0 package."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from devaudit.ingest import read_dump\n"
        "from devaudit.detect import detect_platform\n"
        "from devaudit.parsers import parse\n"
        "import devaudit.runner, devaudit.cli\n"
        "dump = read_dump(b'hostname R1\\nline vty 0 4\\n transport input ssh\\nend\\n', 'x')\n"
        "parse(dump.lines, 'cisco_ios')\n"
        "detect_platform(dump.lines)\n"
        "assert 'ciscoconfparse2' not in sys.modules, 'ciscoconfparse2 was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
