"""The enclosing statements redaction reads, the lines it looks at, and the memos that spare repeated work."""

from __future__ import annotations

import random
import re

import pytest

from devaudit.redaction import MASK, Redactor, redact_line
from devaudit.redaction.outline import CLOSERS, MAX_CONTEXT, Outline
from devaudit.redaction.redactor import _TRIGGER, may_redact
from tests.conftest import CORPUS
from tests.workcount import lines_executed


def _statement(line: str) -> bool:
    body = line.strip()
    return bool(body) and not (
        body[0] in "!}" or (body[0] == "#" and not body.startswith("##")) or body in CLOSERS
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _ancestors_by_definition(lines: list[str], index: int) -> list[tuple[int, bool, str]]:
    """The nearest earlier statement less indented than the line, then its own, and so on (quadratic)."""
    out = []
    current = index
    while len(out) < MAX_CONTEXT:
        found = -1
        for j in range(current - 1, -1, -1):
            if _statement(lines[j]) and _indent(lines[j]) < _indent(lines[current]):
                found = j
                break
        if found < 0:
            break
        out.append((_indent(lines[found]), False, lines[found]))
        current = found
    out.reverse()
    return out


IOS = """\
hostname r1
!
tacacs server T1
 address ipv4 192.0.2.1
!
 key 7 0822455D0A16
line vty 0 4
 password 7 060506324F41
 exit
 transport input ssh
interface Gi0/1
  description uplink
 ip ospf message-digest-key 1 md5 Clear4711
# a comment at the left margin
 standby 1 authentication Clear4712
""".splitlines()


def test_a_comment_blank_or_closer_at_the_left_margin_closes_no_block() -> None:
    outline = Outline(IOS)
    assert outline.ancestors(5) == [(0, False, "tacacs server T1")]  # after '!' at the margin
    assert outline.ancestors(9) == [(0, False, "line vty 0 4")]  # after ' exit'
    assert outline.ancestors(12) == [(0, False, "interface Gi0/1")]  # a less indented sibling of a deeper line
    assert outline.ancestors(14) == [(0, False, "interface Gi0/1")]  # after '# a comment'
    assert outline.ancestors(0) == []


def test_ancestors_match_their_definition_in_any_order_of_questions() -> None:
    rng = random.Random(7)
    words = ["a", "b c", "!", "", "#x", "##y", "}", "exit", "quit", "$", "key 7 x"]
    for _ in range(200):
        lines = [" " * rng.choice([0, 1, 2, 3, 4, 8]) + rng.choice(words) for _ in range(40)]
        outline = Outline(lines)
        order = list(range(len(lines)))
        rng.shuffle(order)
        for index in order:
            assert outline.ancestors(index) == _ancestors_by_definition(lines, index), (lines, index)


@pytest.mark.corpus
def test_ancestors_match_their_definition_on_real_configs() -> None:
    checked = 0
    for path in sorted(CORPUS.glob("*/*")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")[:600]
        outline = Outline(lines)
        for index in range(0, len(lines), 7):
            assert outline.ancestors(index) == _ancestors_by_definition(lines, index), (path.name, index)
            checked += 1
    assert checked > 1000


def test_a_line_costs_the_walk_over_its_own_blocks_not_over_the_config_before_them() -> None:
    def config(interfaces: int) -> list[str]:
        lines = []
        for i in range(interfaces):
            lines += [f"interface Gi0/{i}", " description x", " shutdown", "!"]
        tail = ["router ospf 1", " area 0 authentication", "interface Gi9/9", " ip ospf message-digest-key 1 md5 K"]
        return lines + tail

    small, large = config(10), config(5000)
    assert Outline(small).ancestors(len(small) - 1) == Outline(large).ancestors(len(large) - 1) == [
        (0, False, "interface Gi9/9")
    ]
    work_small = lines_executed(lambda: Outline(small).ancestors(len(small) - 1))
    work_large = lines_executed(lambda: Outline(large).ancestors(len(large) - 1))
    assert work_large == work_small  # 20,000 lines before the block cost nothing
    in_margin = lines_executed(lambda: Outline(large).ancestors(len(large) - 2))
    assert in_margin <= work_small


# The words the trigger stands for, as a plain list: the trigger must find exactly the lines this finds.
_TRIGGER_WORDS = re.compile(
    r"key|pass|secret|token|communit|snmp|auth|priv|psk|cipher|simple|securityname|security-name|shared|pwd|"
    r"pre-share|checkcode|encryption|aaa-server|pw\b(?<!\wpw)|\$[0-9a-z]{1,8}\$|%\^%#|%\$%\$|@%@%|://"
)


def test_the_trigger_finds_exactly_the_lines_its_word_list_finds() -> None:
    rng = random.Random(11)
    pieces = [
        "key", "pass", "secret", "token", "communit", "snmp", "auth", "priv", "psk", "cipher", "simple",
        "securityname", "security-name", "shared", "pwd", "pre-share", "checkcode", "encryption", "aaa-server",
        "pw", "$1$", "$", "%^%#", "%$%$", "@%@%", "://", "a", "-", " ", "_", "p", "w", "c", "h", "k", "v", "s", "1",
    ]  # fmt: skip
    lines = ["snmp-server host 192.0.2.1 C0mm", " pw x", "xpw y", "a-pw", "pwx", "ip ospf authentication-key 7 x"]
    for _ in range(20000):
        lines.append("".join(rng.choice(pieces)[: rng.randrange(1, 12)] for _ in range(rng.randrange(1, 8))))
    found = [line for line in lines if _TRIGGER.search(line)]
    assert found == [line for line in lines if _TRIGGER_WORDS.search(line)]
    assert 0 < len(found) < len(lines)
    text = "\n".join(lines)
    assert [text.count("\n", 0, m.start()) for m in _TRIGGER.finditer(text)][:1] == [0]


@pytest.mark.corpus
def test_the_trigger_finds_exactly_the_real_lines_its_word_list_finds() -> None:
    for path in sorted(CORPUS.glob("*/*")):
        for line in path.read_text(encoding="utf-8", errors="replace").lower().split("\n"):
            assert bool(_TRIGGER.search(line)) == bool(_TRIGGER_WORDS.search(line)), (path.name, line)


def test_enclosing_statements_cost_linear_work() -> None:
    def config(blocks: int) -> str:
        parts = []
        for i in range(blocks):
            parts += [f"snmp-server community Comm{i} RO", f"interface Gi0/{i}", " description x", " shutdown"]
        return "\n".join(parts)

    small = lines_executed(lambda: Redactor.for_text(config(250), "cisco_ios"))
    large = lines_executed(lambda: Redactor.for_text(config(2500), "cisco_ios"))
    assert large < small * 12  # ten times the lines: about ten times the work, never a hundred


def test_may_redact_names_every_line_redaction_changes() -> None:
    lines = [
        "hostname r1",
        "snmp-server community Comm1 RO",
        "description uplink to core",
        "enable secret 9 $9$abc",
        "username admin password 0 Clear4711",
        "info-center loghost 192.0.2.1",
        "local-user a password irreversible-cipher %^%#abc def%^%#",
        "ntp server 192.0.2.2",
        "ftp://user:Secret1@192.0.2.9/x",
        "set system login user a authentication encrypted-password x",
        "radius-server host 192.0.2.3 pw Secret2",
        "interface Gi0/1 pwx",
    ]
    found = may_redact(lines)
    assert found == [1, 3, 4, 6, 8, 9, 10]
    assert all(redact_line(lines[i]) == lines[i] for i in range(len(lines)) if i not in found)
    # A line holding a line break of its own: looked at line by line, with the same answer.
    assert may_redact(["a\nb", "snmp-server community C1 RO"]) == [1]
    assert may_redact([]) == []


@pytest.mark.corpus
def test_may_redact_misses_no_real_line_redaction_changes() -> None:
    for path in sorted(CORPUS.glob("*/*")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        found = set(may_redact(lines))
        changed = {i for i, line in enumerate(lines) if redact_line(line) != line}
        assert changed <= found, path.name


def test_the_same_config_twice_teaches_both_redactors_its_secrets() -> None:
    config = "tacacs server T1\n key Clear4711\nsnmp-server community Comm4711 RO\nip access-list standard Comm4711-ACL"
    first = Redactor.for_text(config, "cisco_ios")
    second = Redactor.for_text(config, "cisco_ios")  # its statements come from the memo
    assert first.secrets == second.secrets == {"Clear4711", "Comm4711"}
    assert second.text(config).splitlines()[-1] == f"ip access-list standard {MASK}-ACL"
    assert second.line("remark Clear4711 used here") == f"remark {MASK} used here"


def test_a_value_learned_later_is_masked_in_lines_already_asked_for() -> None:
    redactor = Redactor.for_text("hostname r1", "cisco_ios")
    assert redactor.line("description link to Tango42") == "description link to Tango42"
    redactor.learn(["Tango42"])
    assert redactor.line("description link to Tango42") == f"description link to {MASK}"


def test_findings_are_masked_where_a_line_path_or_reason_carries_a_learned_secret() -> None:
    from devaudit.models import Evidence, Finding, Severity, Status
    from devaudit.redaction import redact_findings

    redactor = Redactor.for_text("snmp-server community Comm4711 RO", "cisco_ios")
    clean = Finding("R-1", "t", Status.PASS, Severity.LOW, "c", (Evidence(3, "ntp server 192.0.2.1", ""),))
    in_path = Finding(
        "R-2",
        "t",
        Status.FAIL,
        Severity.HIGH,
        "c",
        (Evidence(1, "hostname r1", ""), Evidence(5, " deny any", "ip access-list standard Comm4711-IN")),
        reason="the list Comm4711-IN permits too much",
    )
    out = redact_findings([clean, in_path], redactor)
    assert out[0] is clean
    assert out[1].evidence == (
        Evidence(1, "hostname r1", ""),
        Evidence(5, " deny any", f"ip access-list standard {MASK}-IN"),
    )
    assert out[1].reason == f"the list {MASK}-IN permits too much"
