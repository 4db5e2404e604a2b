"""The hp_comware pack on real text: exact verdicts and evidence on the labelled corpus, every example and
its fix, Comware 5 vs 7 defaults, line/class VTY semantics, and the parsing and facts details they rest on."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from devaudit.engine.conditions import _literal_words
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.outcome import CheckContext
from devaudit.facts import facts_from_config, facts_from_show_version
from devaudit.ingest import read_dump, split_lines
from devaudit.models import DeviceFacts, DeviceResult, Finding, Status
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes
from tests.conftest import corpus_file

PLATFORM = "hp_comware"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels" / "dev-labels.yaml"
PACK = Path(__file__).resolve().parents[2] / "baselines" / PLATFORM
DISPUTES = Path(__file__).resolve().parent / "disputes" / f"{PLATFORM}.yaml"
BASIC = "hp_comware/nu-comware7-basic.cfg"
FULL = "hp_comware/nu-comware7-full.cfg"

CORE = (
    "CMW-MGMT-001", "CMW-MGMT-002", "CMW-MGMT-003", "CMW-MGMT-004", "CMW-MGMT-005", "CMW-MGMT-006",
    "CMW-ACC-003", "CMW-AAA-001", "CMW-LOG-001", "CMW-NTP-001", "CMW-SNMP-001",
)  # fmt: skip
CATALOGUE = (
    *(f"CMW-MGMT-{n:03d}" for n in range(1, 9)),
    *(f"CMW-ACC-{n:03d}" for n in range(1, 6)),
    "CMW-AAA-001", "CMW-AAA-002", "CMW-LOG-001", "CMW-LOG-002", "CMW-LOG-003", "CMW-NTP-001",
    "CMW-SNMP-001", "CMW-CP-001", "CMW-SVC-001", "CMW-DP-001", "CMW-DP-002", "CMW-DP-003",
)  # fmt: skip
EXTRA = ("CMW-CRY-001",)  # key-size part of CMW-MGMT-002, outside the core decision rule
# Controls from the H3C/HPE security configuration guides beyond the catalogue (baselines/hp_comware/hardening.yaml).
HARDENING = (
    "CMW-ACC-006", "CMW-ACC-007", "CMW-ACC-008", "CMW-MGMT-009", "CMW-MGMT-010", "CMW-MGMT-011",
    "CMW-MGMT-012", "CMW-MGMT-013", "CMW-MGMT-014", "CMW-SNMP-002", "CMW-SNMP-003", "CMW-SNMP-004",
    "CMW-NTP-002", "CMW-NTP-003", "CMW-AAA-003", "CMW-AAA-004", "CMW-CP-002", "CMW-CP-003", "CMW-CP-004",
    "CMW-CP-005", "CMW-DP-004", "CMW-SVC-002", "CMW-CRY-002", "CMW-SNMP-005", "CMW-LOG-004",
)  # fmt: skip
MOCKS = Path(__file__).resolve().parents[2] / "mocks" / "configs" / PLATFORM


@cache
def baseline() -> Baseline:
    return load_baseline([PACK.parent / "common.yaml", PACK])


def rules() -> list[CompiledRule]:
    return [r for r in baseline().rules if PLATFORM in r.rule.platforms]


def rule(rule_id: str) -> CompiledRule:
    return next(r for r in rules() if r.rule.id == rule_id)


def verdict(rule_id: str, text: str, *, os_version: str = "", outputs: Mapping[str, str] | None = None) -> Finding:
    lines, _ = split_lines(text)
    ctx = CheckContext(
        tree=parse(lines, PLATFORM),
        facts=DeviceFacts(os_version=os_version),
        outputs=dict(outputs or {}),
        variables=baseline().variables,
        defaults=baseline().defaults_for(PLATFORM, os_version),
    )
    return evaluate_rule(rule(rule_id), ctx)


def audit_corpus(rel: str) -> DeviceResult:
    path = corpus_file(rel)
    result = audit_bytes(path.read_bytes(), rel, baseline(), AuditOptions())
    assert result.platform == PLATFORM, result.error
    assert len(result.findings) == len(CATALOGUE) + len(EXTRA) + len(HARDENING)
    return result


def by_id(result: DeviceResult) -> dict[str, Finding]:
    return {f.rule_id: f for f in result.findings}


def failing(result: DeviceResult, ids: tuple[str, ...] | None = None) -> set[str]:
    return {f.rule_id for f in result.findings if f.status is Status.FAIL and (ids is None or f.rule_id in ids)}


def lines_of(finding: Finding) -> set[int]:
    return {e.line for e in finding.evidence}


# --------------------------------------------------------------------------- the pack itself


def test_pack_implements_every_catalogue_control_once() -> None:
    ids = [r.rule.id for r in rules()]
    assert sorted(ids) == sorted((*CATALOGUE, *EXTRA, *HARDENING))
    assert len(CATALOGUE) == 25
    assert len(ids) >= 45


def test_every_rule_is_documented_and_referenced() -> None:
    recorded = {e.name for e in baseline().defaults[PLATFORM]}
    for compiled in rules():
        r = compiled.rule
        assert r.rationale, r.id
        assert r.references.as_tuple(), r.id
        assert r.profiles, r.id
        assert r.remediation, r.id
        assert r.examples.pass_, r.id
        assert r.examples.fail, r.id
        assert len(r.examples.fail) >= 2 or r.needs, f"{r.id}: one fail example only"
        assert set(r.defaults) <= recorded, r.id


def _top_patterns(spec: Any, nested: bool = False) -> list[str]:
    out: list[str] = []
    if isinstance(spec, Mapping):
        for key, value in spec.items():
            if key in ("present", "absent") and not nested:
                out.append(str(value["match"] if isinstance(value, Mapping) else value))
            elif key in ("count", "value") and not nested and isinstance(value, Mapping):
                out.append(str(value["match"]))
            elif key == "each" and isinstance(value, Mapping):
                blocks = value["block"]
                out.extend([blocks] if isinstance(blocks, str) else blocks[:1])
                out.extend(_top_patterns(value.get("check"), True))
                out.extend(_top_patterns(value.get("where"), True))
            elif key in ("all", "any"):
                for item in value:
                    out.extend(_top_patterns(item, nested))
            elif key == "not":
                out.extend(_top_patterns(value, nested))
    return out


def test_whole_config_patterns_use_the_first_word_index() -> None:
    for compiled in rules():
        for spec in (compiled.rule.check, compiled.rule.when or {}):
            for pattern in _top_patterns(spec):
                assert pattern.startswith("^"), f"{compiled.rule.id}: {pattern}"
                assert _literal_words(pattern)[0], f"{compiled.rule.id}: {pattern}"


# --------------------------------------------------------------------------- the labelled corpus


def test_comware7_full_core_verdicts_and_evidence() -> None:
    result = audit_corpus(FULL)
    assert result.facts.os_version == "7.1.045"
    assert result.facts.hostname == "NTC123456"  # ' sysname' indented after '#' is a top-level line
    found = by_id(result)
    assert failing(result, CORE) == {
        "CMW-MGMT-001", "CMW-MGMT-003", "CMW-MGMT-004", "CMW-MGMT-006", "CMW-NTP-001", "CMW-SNMP-001",
    }  # fmt: skip
    assert {i: found[i].status for i in CORE if found[i].status is Status.PASS}.keys() == {
        "CMW-MGMT-002", "CMW-MGMT-005", "CMW-ACC-003", "CMW-AAA-001", "CMW-LOG-001",
    }  # fmt: skip
    assert lines_of(found["CMW-MGMT-001"]) == {22}  # ' telnet server enable'
    assert lines_of(found["CMW-MGMT-003"]) == {174, 179}  # line vty 0 4, idle-timeout 60 0
    assert lines_of(found["CMW-MGMT-004"]) == {23, 196, 203, 223, 224}  # ACL 1111 undefined, 1234 any source
    assert lines_of(found["CMW-SNMP-001"]) == {196, 199}  # community; sys-info version v2c v3
    assert lines_of(found["CMW-ACC-003"]) == {269, 270, 276, 277}  # local-user blocks, password hash (placeholders)
    assert lines_of(found["CMW-AAA-001"]) == {236, 252, 253}
    assert min(lines_of(found["CMW-NTP-001"])) == 215  # servers without authentication-keyid
    assert not lines_of(found["CMW-MGMT-005"])  # no HTTP line: the Comware 7 default (off) decides


def test_comware7_full_whole_pack_fail_set() -> None:
    result = audit_corpus(FULL)
    assert failing(result) == {
        "CMW-MGMT-001", "CMW-MGMT-003", "CMW-MGMT-004", "CMW-MGMT-006", "CMW-MGMT-007", "CMW-MGMT-008",
        "CMW-ACC-001", "CMW-ACC-002", "CMW-ACC-004", "CMW-ACC-005", "CMW-AAA-002", "CMW-NTP-001",
        "CMW-SNMP-001", "CMW-LOG-002", "CMW-LOG-003", "CMW-CP-001",
        # hardening guides: no complexity checks, telnet/ftp/http service types, 15-minute AUX timeout,
        # password recovery on, no NTP access ACL, HWTACACS scheme without nas-ip, BGP peer without password
        "CMW-ACC-006", "CMW-ACC-007", "CMW-MGMT-010", "CMW-MGMT-014", "CMW-NTP-003", "CMW-AAA-004", "CMW-CP-003",
        "CMW-CRY-002",  # no 'undo ssh client first-time': first-time authentication is on by default
        "CMW-SNMP-005",  # community Test-Community without mib-view (196)
    }  # fmt: skip
    assert lines_of(by_id(result)["CMW-SNMP-005"]) == {196}
    found = by_id(result)
    assert lines_of(found["CMW-MGMT-014"]) == {47}  # password-recovery enable
    assert lines_of(found["CMW-MGMT-010"]) == {168, 171}  # idle-timeout 15 0 on line aux 0 1
    assert found["CMW-CP-003"].status is Status.FAIL  # 192.0.2.61 has a password, .62 none
    assert {e.text for e in found["CMW-CP-003"].evidence} == {"peer 192.0.2.62 as-number 65006"}
    assert found["CMW-DP-004"].status is Status.PASS  # stp bpdu-protection (89)
    assert lines_of(found["CMW-ACC-004"]) == {272, 273, 279, 280}  # two users with level-15 and network-admin
    assert lines_of(found["CMW-LOG-003"]) == {186}  # info-center timestamp loghost no-year-date
    assert found["CMW-CRY-001"].status is Status.NOT_APPLICABLE
    assert found["CMW-CRY-001"].reason == "needs display public-key local rsa public"


def test_comware7_basic_fragment_verdicts() -> None:
    result = audit_corpus(BASIC)
    assert result.facts.os_version == ""
    found = by_id(result)
    assert failing(result, CORE) == {
        "CMW-MGMT-002", "CMW-MGMT-003", "CMW-MGMT-004", "CMW-MGMT-006", "CMW-AAA-001", "CMW-LOG-001",
        "CMW-NTP-001", "CMW-SNMP-001",
    }  # fmt: skip
    assert lines_of(found["CMW-MGMT-004"]) == {29, 30, 31}  # communities without ACL decide even in a fragment
    assert lines_of(found["CMW-SNMP-001"]) == {29, 30, 31}
    # release unknown: the Telnet and HTTP defaults differ between Comware 5 and 7
    assert found["CMW-MGMT-001"].status is Status.NOT_APPLICABLE
    assert found["CMW-MGMT-005"].status is Status.NOT_APPLICABLE
    assert found["CMW-ACC-003"].status is Status.NOT_APPLICABLE


# --------------------------------------------------------------------------- release defaults and semantics


@pytest.mark.parametrize(
    ("os_version", "status"),
    [("7.1.045", Status.PASS), ("7.1.070", Status.PASS), ("5.20.99", Status.NOT_APPLICABLE),
     ("", Status.NOT_APPLICABLE)],
)  # fmt: skip
def test_telnet_default_comware7_vs_comware5(os_version: str, status: Status) -> None:
    assert verdict("CMW-MGMT-001", "#\n ssh server enable\n", os_version=os_version).status is status
    assert verdict("CMW-MGMT-005", "#\n ssh server enable\n", os_version=os_version).status is status


def test_explicit_lines_decide_on_any_release() -> None:
    assert verdict("CMW-MGMT-001", "#\n undo telnet server enable\n", os_version="5.20").status is Status.PASS
    assert verdict("CMW-MGMT-001", "#\n telnet server enable\n", os_version="7.1.070").status is Status.FAIL
    # the FTP part fails even when the Telnet part cannot be decided
    assert verdict("CMW-MGMT-001", "#\n ftp server enable\n").status is Status.FAIL


def test_line_class_vty_applies_only_to_default_lines() -> None:
    klass = "line class vty\n authentication-mode scheme\n protocol inbound ssh\n#\n"
    assert verdict("CMW-MGMT-003", klass + "line vty 0 63\n user-role network-operator\n").status is Status.PASS
    # a non-default authentication-mode on the line resets its protocol to the default 'all'
    overridden = verdict("CMW-MGMT-003", klass + "line vty 0 63\n authentication-mode scheme\n")
    assert overridden.status is Status.FAIL
    assert "protocol inbound 'all' (default" in overridden.reason


def test_no_vty_block_means_defaults_apply() -> None:
    finding = verdict("CMW-MGMT-003", "#\n sysname SW1\n")
    assert finding.status is Status.FAIL
    assert "authentication-mode 'password' (default)" in finding.reason


def test_network_class_users_are_not_management_accounts() -> None:
    text = (
        "local-user guest class network\n password cipher $c$3$abc\n#\n"
        "local-user adm class manage\n password hash $h$6$x\n"
    )
    assert verdict("CMW-ACC-003", text).status is Status.PASS
    assert verdict("CMW-ACC-003", "local-user guest class network\n password cipher $c$3$abc\n").status is (
        Status.NOT_APPLICABLE
    )


def test_ssh2_algorithms_only_judged_on_comware7() -> None:
    assert verdict("CMW-MGMT-008", " ssh server enable\n", os_version="7.1.070").status is Status.FAIL
    assert verdict("CMW-MGMT-008", " ssh server enable\n", os_version="5.20.99").status is Status.NOT_APPLICABLE


def test_host_key_size_from_display_output() -> None:
    head = "Key name: hostkey (default)\nKey code:\n  "
    small = head + "30819F300D06092A864886F70D010101050003818D0030818902818100DA\n"
    large = head + "30820122300D06092A864886F70D01010105000382010F003082010A0282010100C1\n"
    command = "display public-key local rsa public"
    assert verdict("CMW-CRY-001", " ssh server enable\n", outputs={command: small}).status is Status.FAIL
    assert verdict("CMW-CRY-001", " ssh server enable\n", outputs={command: large}).status is Status.PASS
    assert verdict("CMW-CRY-001", " ssh server enable\n").status is Status.NOT_APPLICABLE


# --------------------------------------------------------------------------- parsing and facts


def test_indented_global_lines_after_separator_are_top_level() -> None:
    lines, _ = split_lines("ip vpn-instance internal\n route-distinguisher 1:1\n#\n telnet server enable\n#\nreturn\n")
    tree = parse(lines, PLATFORM)
    assert [n.text for n in tree.roots] == ["ip vpn-instance internal", "telnet server enable"]


def test_release_from_version_line_and_display_version() -> None:
    dump = read_dump(b"#\n version 7.1.045, Release 2418P06\n#\n sysname SW\n#\nreturn\n", "sw.cfg")
    assert facts_from_config(parse(dump.lines, PLATFORM), dump.lines).os_version == "7.1.045"
    comware5 = (
        "H3C Comware Platform Software\nComware Software, Version 5.20.99, Release 2221P25\n"
        "H3C S5120-28P-EI uptime is 3 weeks, 2 days, 8 hours, 52 minutes\n"
    )
    facts = facts_from_show_version(PLATFORM, comware5)
    assert (facts.os_version, facts.model) == ("5.20.99", "S5120-28P-EI")


def test_display_version_beside_the_config_sets_the_release(tmp_path: Path) -> None:
    config = tmp_path / "sw.cfg"
    config.write_text("#\n sysname SW\n#\n ssh server enable\n#\nreturn\n", encoding="utf-8")
    outputs = {"display version": "HPE Comware Software, Version 7.1.070, Release 3208P03\n"}
    options = AuditOptions(platform=PLATFORM)
    result = audit_bytes(config.read_bytes(), "sw.cfg", baseline(), options, outputs=outputs)
    assert result.facts.os_version == "7.1.070"
    assert by_id(result)["CMW-MGMT-001"].status is Status.PASS


# --------------------------------------------------------------------------- hardening-guide controls


def _mock(variant: str) -> DeviceResult:
    path = MOCKS / f"{variant}.cfg"
    return audit_bytes(path.read_bytes(), str(path), baseline(), AuditOptions())


def test_simulator_hardened_switch_fails_no_rule() -> None:
    result = _mock("hardened")
    assert failing(result) == set()
    statuses = {f.rule_id: f.status for f in result.findings}
    assert {i for i in HARDENING if statuses[i] is not Status.PASS} == {
        "CMW-MGMT-011", "CMW-CP-003", "CMW-CP-004", "CMW-CP-005",
    }  # fmt: skip


def test_simulator_insecure_switch_fails_the_hardening_controls_it_breaks() -> None:
    result = _mock("insecure")
    assert failing(result, HARDENING) == {
        "CMW-ACC-006", "CMW-ACC-007", "CMW-MGMT-009", "CMW-MGMT-010", "CMW-MGMT-011", "CMW-MGMT-014",
        "CMW-SNMP-004", "CMW-NTP-003", "CMW-CP-002", "CMW-DP-004", "CMW-CRY-002",
        "CMW-SNMP-005",
    }  # fmt: skip
    text = (MOCKS / "insecure.cfg").read_text(encoding="utf-8").splitlines()
    found = by_id(result)
    assert [text[n - 1] for n in sorted(lines_of(found["CMW-ACC-007"]))] == [
        "local-user admin class manage",
        " service-type ftp",
        " service-type telnet ssh terminal http https",
        "local-user netops class manage",
        " service-type telnet ssh terminal",
    ]
    assert found["CMW-ACC-007"].reason.endswith("local-user admin class manage, local-user netops class manage")


def test_bgp_peer_authentication_through_groups_and_vpn_instances() -> None:
    text = (
        "bgp 65000\n group IBGP internal\n peer IBGP password cipher $c$3$Vb8nM1qW4eR7tY0uI3oP6aS9dF2gH5jK\n"
        " peer 10.255.0.1 group IBGP\n peer 198.51.100.1 as-number 64500\n"
        " peer 198.51.100.1 keychain BGP-KC\n #\n ip vpn-instance CUST-A\n"
        "  peer 203.0.113.1 as-number 64501\n"
    )
    finding = verdict("CMW-CP-003", text)
    assert finding.status is Status.FAIL
    assert [e.text for e in finding.evidence] == ["peer 203.0.113.1 as-number 64501"]
    fixed = text + "  peer 203.0.113.1 password cipher $c$3$Vb8nM1qW4eR7tY0uI3oP6aS9dF2gH5jK\n"
    assert verdict("CMW-CP-003", fixed).status is Status.PASS


@pytest.mark.parametrize(
    ("os_version", "status"),
    [("7.1.070", Status.PASS), ("5.20.105", Status.FAIL), ("", Status.NOT_APPLICABLE)],
)  # fmt: skip
def test_ssh1_compatibility_default_per_release(os_version: str, status: Status) -> None:
    assert verdict("CMW-MGMT-013", " ssh server enable\n", os_version=os_version).status is status
    assert verdict("CMW-MGMT-013", " undo ssh server compatible-ssh1x enable\n", os_version=os_version).status is (
        Status.PASS
    )


def test_console_class_scheme_covers_lines_without_their_own_mode() -> None:
    klass = "line class aux\n authentication-mode scheme\n#\n"
    assert verdict("CMW-MGMT-009", klass + "line aux 0\n user-role network-admin\n").status is Status.PASS
    own = verdict("CMW-MGMT-009", klass + "line aux 0\n authentication-mode none\n")
    assert (own.status, lines_of(own)) == (Status.FAIL, {4, 5})
    assert verdict("CMW-MGMT-009", "user-interface aux 0\n authentication-mode scheme\n").status is Status.PASS


def test_snmpv3_and_ntp_algorithm_checks_quote_what_failed() -> None:
    ntp = verdict(
        "CMW-NTP-002",
        " ntp-service authentication-keyid 3 authentication-mode hmac-sha-1 cipher $c$3$Lk2jH7gF4dS1aP8oI5uY2tR9\n",
    )
    assert ntp.status is Status.FAIL and "hmac-sha-1" in ntp.reason
    snmp = verdict("CMW-SNMP-002", " snmp-agent group v3 NOC authentication\n")
    assert snmp.status is Status.FAIL
    assert snmp.reason == "An SNMPv3 group does not require privacy"


COMWARE5 = """\
#
 version 5.20.99, Release 2221P25
#
 sysname ACC-5500-07
#
 super password level 3 cipher $c$3$Wq8eR1tY4uI7oP0aS3dF6gH9jK2lZ5xC
#
 undo password-recovery enable
#
 password-control enable
 password-control length 15
 password-control complexity user-name check
 password-control complexity same-character check
#
domain default enable system
#
 ip https enable
 ip https acl 2001
#
 stp bpdu-protection
 stp enable
#
radius scheme rad-mgmt
 primary authentication 10.10.50.21
 key authentication cipher $c$3$Hj4kL7zX1cV8bN5mQ2wE9rT6yU3iO0pA
#
domain system
 authentication login radius-scheme rad-mgmt local
 accounting login radius-scheme rad-mgmt
#
acl number 2001
 rule 5 permit source 10.10.20.0 0.0.0.255
 rule 100 deny
#
local-user admin
 password cipher $c$3$Rt5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN
 authorization-attribute level 3
 service-type ssh telnet terminal
#
 ssh server enable
 ssh server authentication-retries 5
 ssh server authentication-timeout 60
#
user-interface aux 0
 authentication-mode password
 idle-timeout 0 0
user-interface vty 0 4
 authentication-mode scheme
 protocol inbound ssh
#
return
"""


def test_comware5_switch_verdicts_and_evidence() -> None:
    got = {rule_id: verdict(rule_id, COMWARE5, os_version="5.20.99") for rule_id in HARDENING}
    failed_ids = {i for i, f in got.items() if f.status is Status.FAIL}
    assert failed_ids == {
        "CMW-ACC-007", "CMW-ACC-008", "CMW-MGMT-009", "CMW-MGMT-010", "CMW-MGMT-011", "CMW-MGMT-012",
        "CMW-MGMT-013", "CMW-AAA-004", "CMW-CRY-002",
    }  # fmt: skip
    lines = COMWARE5.splitlines()
    quoted = {i: [lines[n - 1] for n in sorted(lines_of(got[i]))] for i in ("CMW-ACC-008", "CMW-MGMT-012")}
    assert quoted == {
        "CMW-ACC-008": [" super password level 3 cipher $c$3$Wq8eR1tY4uI7oP0aS3dF6gH9jK2lZ5xC"],
        "CMW-MGMT-012": [" ssh server authentication-retries 5"],
    }
    # Comware 5 accepts SSH1 clients and trusts new server keys unless told otherwise.
    assert got["CMW-MGMT-013"].reason == "No line turns SSH1 compatibility off, and it is on by default on this release"
    assert got["CMW-CRY-002"].reason == "No line turns first-time authentication off, and it is on by default"
    assert got["CMW-MGMT-014"].status is Status.PASS  # undo password-recovery enable
    assert got["CMW-AAA-003"].status is Status.PASS  # accounting login radius-scheme
    assert got["CMW-DP-004"].status is Status.PASS  # 'stp enable' (Comware 5) with 'stp bpdu-protection'
    assert got["CMW-MGMT-011"].reason == "The HTTPS server uses no SSL server policy ('ip https ssl-server-policy')"


def test_snmpv3_user_keys_are_masked_in_evidence() -> None:
    from devaudit.redact import redact_line

    line = (
        " snmp-agent usm-user v3 nms-poller NOC-RO cipher authentication-mode sha $c$3$Kq8wE2rT5yU7iO0pA3sD6fG9"
        " privacy-mode aes128 $c$3$Zx1cV4bN7mQ0wE3rT6yU9iO2"
    )
    assert redact_line(line) == (
        " snmp-agent usm-user v3 nms-poller NOC-RO cipher authentication-mode sha $c$<redacted>"
        " privacy-mode aes128 $c$<redacted>"
    )
    comware5 = " snmp-agent usm-user v3 poller NOC authentication-mode md5 Auth-Key-1 privacy-mode des56 Priv-Key-2"
    assert "Key-" not in redact_line(comware5)
    # an OSPF key id after the algorithm is not a key
    assert redact_line(" ospf authentication-mode md5 1 cipher $c$3$Xq2m") == (
        " ospf authentication-mode md5 1 cipher $c$<redacted>"
    )
