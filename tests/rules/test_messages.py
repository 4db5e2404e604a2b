"""Rules speak in written words: what a FAIL found and what a compliant device has, variables filled in,
device values masked, and ``baseline lint`` refusing a pack whose rendered texts show engine internals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from devaudit.engine.authoring import evaluate_example, lint_baseline, lint_messages
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.messages import internals, words
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.engine.rules import Example
from devaudit.errors import BaselineError
from devaudit.models import Finding, Status
from devaudit.redact import MASK
from devaudit.tree import Node


@cache
def shipped(**variables: Any) -> Baseline:
    return load_baseline(variables=variables or None)


def verdict(rule_id: str, platform: str, config: str, baseline: Baseline | None = None) -> Finding:
    baseline = baseline or shipped()
    compiled = next(r for r in baseline.rules if r.rule.id == rule_id)
    return evaluate_example(baseline, compiled, Example(config=config), platform)


def test_every_rule_renders_plain_texts_over_all_its_examples() -> None:
    problems = [p for compiled in shipped().rules for p in lint_messages(shipped(), compiled)]
    assert problems == []


def test_every_rule_has_written_expected_and_found_texts() -> None:
    rules = [r.rule for r in shipped().rules]
    assert len(rules) > 400
    assert [r.id for r in rules if not r.expected] == []
    assert [r.id for r in rules if not r.found] == []
    assert [r.id for r in rules if MASK in (r.expected or "") + (r.found or "")] == []


def test_missing_remote_syslog_says_so_in_words() -> None:
    finding = verdict("EOS-LOG-001", "arista_eos", "logging source-interface Management1\n")
    assert finding.status is Status.FAIL
    assert finding.reason == "No remote syslog server is configured"
    assert finding.expected == "At least one remote syslog server ('logging host') and a logging source interface"


def test_each_failing_part_is_told_in_its_own_words() -> None:
    both = verdict("EOS-LOG-001", "arista_eos", "hostname leaf1\n")
    assert both.reason == "No remote syslog server is configured; no logging source interface is configured"
    logging = verdict("IOS-LOG-001", "cisco_ios", "logging buffered 4096\nlogging console debugging\n")
    assert logging.reason == (
        "The logging buffer is missing, or smaller than 64000 bytes; "
        "the console logs below critical (set 'logging console critical' or 'no logging console')"
    )
    assert [(e.line, e.text) for e in logging.evidence] == [
        (1, "logging buffered 4096"),
        (2, "logging console debugging"),
    ]
    kex = verdict("IOS-CRY-003", "cisco_ios", "ip ssh server algorithm kex diffie-hellman-group14-sha1\n")
    assert kex.reason == (
        "SSH key exchange is not set, or allows SHA-1 groups; "
        "Diffie-Hellman key exchange is allowed below 2048 bits ('ip ssh dh min size')"
    )
    # Parts that fail inside blocks follow the block's line; several parts of one block share it.
    timeouts = verdict(
        "IOS-MGMT-003", "cisco_ios", "line con 0\n exec-timeout 0 0\nline vty 0 4\n exec-timeout 30 0\nline vty 5 15\n"
    )
    assert timeouts.reason == (
        "line con 0: exec-timeout 0 0 never disconnects idle sessions; "
        "line vty 0 4: exec-timeout longer than 10 minutes"
    )
    policy = verdict("XR-ACC-002", "cisco_xr", "aaa password-policy STRONG\n min-length 8\n upper-case 1\n")
    assert policy.reason == (
        "aaa password-policy STRONG: the minimum length is not set or is below 15, no lower-case character required, "
        "no digit required, no special character required, more than 3 authentication attempts allowed (or no limit), "
        "no lockout time"
    )
    # Acronyms keep their capitals after a semicolon.
    fips = verdict("EOS-CRY-004", "arista_eos", "management ssh\n   idle-timeout 5\n")
    assert fips.reason == (
        "No 'fips restrictions' under 'management ssh'; "
        "no hardware or haveged entropy source under 'management security'"
    )


def test_variables_are_spelt_out_in_expected_and_found() -> None:
    config = "management security\n   password minimum length 8\n"
    finding = verdict("EOS-ACC-003", "arista_eos", config)
    assert (
        finding.expected
        == "Passwords of at least 15 characters ('password minimum length' under 'management security')"
    )
    assert finding.reason == "The minimum password length is not set under 'management security', or is below 15"
    site = shipped(eos_min_password_length=12)
    assert verdict("EOS-ACC-003", "arista_eos", config, site).expected.startswith("Passwords of at least 12 characters")
    communities = verdict("IOS-SNMP-001", "cisco_ios", "snmp-server community public RO\n").expected
    assert communities == (
        "SNMP communities that are not vendor defaults ('public', 'private', 'cisco', 'admin' or 'community') "
        "and none read-write"
    )


def test_found_text_quotes_the_count_the_value_and_the_block() -> None:
    ntp = verdict("IOS-NTP-001", "cisco_ios", "ntp server 192.0.2.1\n")
    assert ntp.reason == "1 NTP server(s) configured; at least 2 are needed"
    assert verdict("IOS-NTP-001", "cisco_ios", "ntp server 192.0.2.1\n", shipped(min_ntp_servers=3)).reason == (
        "1 NTP server(s) configured; at least 3 are needed"
    )
    account = verdict("ASA-ACC-008", "cisco_asa", "username admin password x pbkdf2\n")
    assert account.reason == "A local account has a well-known default name: admin"
    mgmt = verdict("EOS-MGMT-008", "arista_eos", "interface Management1\n   ip address 192.0.2.5/24\n")
    assert mgmt.reason == "Management interface not in a VRF: interface Management1"
    assert [(e.line, e.text) for e in mgmt.evidence] == [(1, "interface Management1")]


def test_block_texts_read_as_sentences() -> None:
    finding = verdict("IOS-MGMT-002", "cisco_ios", "line vty 0 4\n access-class 23 in\n")
    assert finding.expected == (
        "Every vty line restricted by an inbound access-class naming a defined ACL that does not permit any source"
    )
    assert finding.reason == (
        "A vty line is not restricted by a defined, source-limiting access-class: "
        "line vty 0 4: ACL 23 is not defined (line 2 names it)"
    )


def test_written_words_survive_while_device_secrets_are_masked() -> None:
    eos = verdict("EOS-SNMP-002", "arista_eos", "snmp-server community s3cr3tRO ro\n")
    assert eos.reason == "An SNMP community has no IPv4 access list"
    assert [(e.line, e.text) for e in eos.evidence] == [(1, f"snmp-server community {MASK} ro")]
    junos = verdict("JUN-SNMP-003", "juniper_junos", "set snmp community s3cr3tRO authorization read-only\n")
    assert junos.reason == "An SNMP community has no clients or client-list-name: every source is accepted"
    assert [(e.line, e.text) for e in junos.evidence] == [(1, f"snmp community {MASK} authorization read-only")]
    shown = eos.reason + junos.reason + "".join(e.text for e in (*eos.evidence, *junos.evidence))
    assert "s3cr3tRO" not in shown


def test_expected_text_is_never_redacted() -> None:
    for rule_id, platform, config in (
        ("XR-CRY-001", "cisco_xr", "ssh server algorithms cipher aes128-cbc\n"),
        ("EOS-ACC-004", "arista_eos", "aaa authentication policy lockout failure 5 duration 60\n"),
    ):
        finding = verdict(rule_id, platform, config)
        assert finding.status is Status.FAIL
        assert MASK not in finding.expected + finding.reason
    assert "cipher" in verdict("CMW-MGMT-008", "hp_comware", "ssh2 algorithm cipher aes128-cbc\n").expected


def test_eapi_pass_with_a_shut_block_does_not_claim_the_block_is_missing() -> None:
    shut = verdict("EOS-MGMT-002", "arista_eos", "management api http-commands\n   protocol http\n")
    assert (shut.status, shut.reason) == (Status.PASS, "")
    enabled = verdict("EOS-MGMT-002", "arista_eos", "management api http-commands\n   protocol http\n   no shutdown\n")
    assert (enabled.status, enabled.reason) == (Status.FAIL, "eAPI is enabled with plain HTTP")
    assert [e.text for e in enabled.evidence] == ["management api http-commands", "protocol http"]


def test_not_applicable_says_why_in_words() -> None:
    assert verdict("IOS-AAA-003", "cisco_ios", "hostname r1\n").reason == "AAA new-model is not enabled"
    assert verdict("IOS-CRY-004", "cisco_ios", "hostname r1\n").reason == "needs show crypto key mypubkey rsa"


def test_words_spell_out_variable_values() -> None:
    assert words(["public", "private", "cisco"]) == "'public', 'private' or 'cisco'"
    assert words(["strict"]) == "'strict'"
    assert words(15) == "15"
    assert words(True) == "yes"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            r"no line matches '^logging\s+(?:vrf\s+\S+\s+)?host\s+\S'",
            ["'^l", r"\s", "(?", r"\s", r"\S", r"\s", r"\s", r"\S"],
        ),
        ("group 'p' of lines matching 'x'", ["group 'p'"]),
        ("at least ${eos_min_password_length}", ["${"]),
        ("aaa authentication policy lockout<value> duration", ["<value>"]),
        ("ip access-group [0-9] in", ["[0-9]"]),
        ("description .+ ends here", [".+"]),
        ("one of ['a', 'b']", ["['", "']"]),
        ("Only {count} servers", ["{count}"]),
        ("secrets hashed as type 9 ($9$) or sha512", []),
        ("'ip access-group <acl> [vrf <vrf>] in' with a key <n>", []),
    ],
)
def test_internals_are_recognised(text: str, found: list[str]) -> None:
    assert internals(text) == found


RULE = """\
platform: cisco_ios
rules:
  - id: SITE-LOG-001
    title: Remote syslog
    severity: medium
    category: logging
    rationale: Logs must leave the device.
    references: {other: site policy}
    remediation: [logging host 192.0.2.10]
%s    check:
      present: '^logging host\\s'
    examples:
      pass: ["logging host 192.0.2.10\\n"]
      fail: ["hostname r1\\n"]
"""


def _site_pack(tmp_path: Path, texts: str) -> Baseline:
    path = tmp_path / "site.yaml"
    path.write_text(RULE % texts, encoding="utf-8")
    return load_baseline([path])


def _rule(baseline: Baseline) -> CompiledRule:
    return baseline.rules[0]


def test_lint_rejects_missing_texts(tmp_path: Path) -> None:
    baseline = _site_pack(tmp_path, "")
    where = f"{_rule(baseline).source}:3: SITE-LOG-001"
    assert lint_baseline(baseline) == [
        f"{where}: no 'expected' text (what a compliant device has)",
        f"{where}: can FAIL but has no 'found' text",
    ]


SYSLOG_FOUND = "    found: No syslog host\n"


@pytest.mark.parametrize(
    ("texts", "problem"),
    [
        (
            "    expected: \"a line matching '^logging host\\\\s'\"\n" + SYSLOG_FOUND,
            "SITE-LOG-001: expected text shows engine internals '^l, \\s",
        ),
        (
            '    expected: A syslog host\n    found: "no line matches <value>"\n',
            "fail example #1 [cisco_ios]: reason text shows engine internals <value>",
        ),
        ("    expected: \"group 'h' of the host\"\n" + SYSLOG_FOUND, "expected text shows engine internals group 'h'"),
        ('    expected: "community <redacted> an ACL"\n' + SYSLOG_FOUND, "expected text holds the redaction marker"),
        ('    expected: A syslog host\n    found: "Only {count}"\n', "'found' placeholder {count} has no value"),
    ],
)
def test_lint_rejects_internals_in_rendered_texts(tmp_path: Path, texts: str, problem: str) -> None:
    problems = lint_baseline(_site_pack(tmp_path, texts))
    assert len([p for p in problems if problem in p]) == 1, problems


def test_unknown_variables_and_placeholders_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"unknown variable \$\{min_hosts\}"):
        _site_pack(tmp_path, "    expected: At least ${min_hosts} hosts\n    found: Too few\n")
    with pytest.raises(BaselineError, match=r"found: unknown placeholder \{hosts\}; allowed: \{count\}"):
        _site_pack(tmp_path, "    expected: A host\n    found: Only {hosts}\n")


def test_a_clean_site_rule_lints_clean_and_renders_its_words(tmp_path: Path) -> None:
    baseline = _site_pack(
        tmp_path, "    expected: At least one 'logging host'\n    found: No remote syslog server is configured\n"
    )
    assert lint_baseline(baseline) == []
    finding = evaluate_example(baseline, _rule(baseline), Example(config="hostname r1\n"), "cisco_ios")
    assert (finding.status, finding.reason, finding.expected) == (
        Status.FAIL,
        "No remote syslog server is configured",
        "At least one 'logging host'",
    )


VTY_RULE = """\
platform: cisco_ios
rules:
  - id: SITE-MGMT-001
    title: SSH-only vty lines
    severity: high
    category: management plane
    rationale: Telnet sends passwords in clear.
    references: {other: site policy}
    remediation: [line vty 0 15, ' transport input ssh']
    expected: Every vty line accepts SSH only
    found: A vty line accepts more than SSH
    check:
      each:
        block: '^line vty\\s'
        none: fail
        check:
          found: "accepts more than SSH ('transport input ssh' missing)"
          present: '^transport input ssh$'
    examples:
      pass: ["line vty 0 4\\n transport input ssh\\n"]
      fail: ["line vty 0 4\\n transport input telnet\\n"]
"""


def test_a_part_that_fails_inside_a_block_names_the_block(tmp_path: Path) -> None:
    path = tmp_path / "vty.yaml"
    path.write_text(VTY_RULE, encoding="utf-8")
    baseline = load_baseline([path])
    assert lint_baseline(baseline) == []
    config = "line vty 0 4\n transport input telnet\nline vty 5 15\n transport input ssh\nline vty 16 20\n"
    finding = evaluate_example(baseline, _rule(baseline), Example(config=config), "cisco_ios")
    assert finding.reason == (
        "line vty 0 4: accepts more than SSH ('transport input ssh' missing); "
        "line vty 16 20: accepts more than SSH ('transport input ssh' missing)"
    )
    none = evaluate_example(baseline, _rule(baseline), Example(config="hostname r1\n"), "cisco_ios")
    assert (none.status, none.reason) == (Status.FAIL, "A vty line accepts more than SSH")


def test_lint_wants_every_part_told_once_one_is(tmp_path: Path) -> None:
    path = tmp_path / "parts.yaml"
    path.write_text(
        VTY_RULE.replace(
            "        check:\n          found: \"accepts more than SSH ('transport input ssh' missing)\"\n"
            "          present: '^transport input ssh$'\n",
            "        check:\n          all:\n            - found: No SSH-only transport\n"
            "              present: '^transport input ssh$'\n            - present: '^exec-timeout\\s'\n",
        ),
        encoding="utf-8",
    )
    baseline = load_baseline([path])
    where = f"{_rule(baseline).source}:3: SITE-MGMT-001"
    assert lint_baseline(baseline) == [f"{where}: check.each.all.1 has no 'found' while its siblings do"]


def broken_check(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """A site check with a bug: it reads a key the line does not have."""
    return Outcome.failed((), {"community": "s3cr3tRO"}["snmp-server community s3cr3tRO"])


def test_a_faulty_python_check_is_an_error_in_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        RULE.replace(
            "    check:\n      present: '^logging host\\s'\n",
            "    check:\n      python: tests.rules.test_messages:broken_check\n",
        )
        % "    expected: A syslog host\n    found: No syslog host\n",
        encoding="utf-8",
    )
    baseline = load_baseline([path])
    finding = evaluate_example(baseline, _rule(baseline), Example(config="hostname r1\n"), "cisco_ios")
    assert finding.status is Status.ERROR
    assert "KeyError" not in finding.reason and "s3cr3tRO" not in finding.reason
    assert finding.reason == (
        "the check could not be evaluated (a fault in devaudit, please report it): 'snmp-server community <redacted>"
    )
