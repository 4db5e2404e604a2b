"""The nokia_srl pack on real text: public containerlab configurations and the simulator's configs.

Every assertion names exact rule IDs and evidence lines (the files and their sources: configs/MANIFEST.tsv).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, builtin_baselines_dir, load_baseline
from devaudit.facts import facts_from_show_version
from devaudit.models import DeviceResult, Status
from devaudit.redaction.redactor import redact_text
from devaudit.runner import AuditOptions, audit_bytes

HERE = Path(__file__).resolve().parent
CONFIGS = HERE / "configs"
MOCKS = HERE.parents[2] / "mocks" / "configs" / "nokia_srl"

# What no lab template sets: factory passwords kept, no password policy, no remote AAA accounting, NTP
# or login events to syslog.
LAB_GAPS = {
    "SRL-ACCT-001", "SRL-ACCT-002", "SRL-ACCT-003", "SRL-ACCT-004", "SRL-ACCT-005", "SRL-ACCT-006",
    "SRL-ACCT-007", "SRL-AAA-004", "SRL-LOG-001", "SRL-LOG-003", "SRL-NTP-001",
}  # fmt: skip


@cache
def pack() -> Baseline:
    root = builtin_baselines_dir()
    return load_baseline([root / "common.yaml", root / "nokia_srl"])


def audit(path: Path) -> DeviceResult:
    result = audit_bytes(path.read_bytes(), path.name, pack(), AuditOptions())
    assert result.platform == "nokia_srl", result.platform_reason
    return result


def failed(result: DeviceResult) -> set[str]:
    return {f.rule_id for f in result.findings if f.status is Status.FAIL}


def evidence(result: DeviceResult, rule_id: str) -> list[tuple[int, str]]:
    finding = next(f for f in result.findings if f.rule_id == rule_id)
    return [(e.line, e.text) for e in finding.evidence]


def test_containerlab_defaults_fail_on_http_insecure_grpc_and_snmpv2c() -> None:
    """The script containerlab applies on top of the factory configuration: a fragment (no mgmt0)."""
    result = audit(CONFIGS / "containerlab-defaults.cfg")
    assert result.warnings[0].startswith("a fragment of a configuration, not a whole device")
    assert failed(result) == {
        "SRL-AAA-001", "SRL-AAA-004", "SRL-ACCT-001", "SRL-ACCT-002", "SRL-ACCT-003", "SRL-ACCT-004",
        "SRL-ACCT-005", "SRL-ACCT-006", "SRL-ACCT-007", "SRL-MGMT-001", "SRL-MGMT-003", "SRL-MGMT-006",
        "SRL-SVC-002", "SRL-SVC-003",
    }  # fmt: skip
    assert evidence(result, "SRL-MGMT-001") == [
        (42, "system json-rpc-server network-instance mgmt http admin-state enable")
    ]
    assert evidence(result, "SRL-MGMT-003") == [(18, "system grpc-server insecure-mgmt admin-state enable")]
    assert evidence(result, "SRL-SVC-002") == [
        (33, "system snmp access-group SNMPv2-RO-Community community-entry RO-Community community <redacted>")
    ]
    assert evidence(result, "SRL-MGMT-006") == [(45, "system aaa authentication idle-timeout 7200")]
    grpc = next(f for f in result.findings if f.rule_id == "SRL-MGMT-003")
    assert grpc.reason == "A gRPC or gNMI server is enabled without a TLS profile: gRPC server insecure-mgmt"
    statuses = {f.rule_id: f.status for f in result.findings}
    # The NETCONF SSH server runs in mgmt; the secure gRPC server has its profile.
    assert (statuses["SRL-MGMT-004"], statuses["SRL-MGMT-005"]) == (Status.PASS, Status.PASS)
    # No 'acl' or logging section in the script: the factory CPM filter and logs are not judged.
    assert (statuses["SRL-MGMT-008"], statuses["SRL-LOG-001"]) == (Status.NOT_APPLICABLE, Status.NOT_APPLICABLE)


def test_telemetry_lab_flat_script_has_one_syslog_server() -> None:
    result = audit(CONFIGS / "telemetry-lab-leaf1.cfg")
    assert failed(result) == {"SRL-LOG-001", "SRL-LOG-003"}
    assert evidence(result, "SRL-LOG-001") == [
        (140, "system logging remote-server 172.80.80.45 transport udp"),
        (141, "system logging remote-server 172.80.80.45 remote-port 1514"),
        (142, "system logging remote-server 172.80.80.45 facility local6 priority match-above informational"),
    ]
    statuses = {f.rule_id: f.status for f in result.findings}
    assert statuses["SRL-LOG-002"] is Status.PASS
    assert statuses["SRL-ACCT-001"] is Status.NOT_APPLICABLE  # no 'system aaa' in this script


def test_telemetry_lab_config_json_reads_like_the_cli() -> None:
    """A 22.x config.json: module-prefixed names, the pre-24.3 gnmi-server and the cpm-filter."""
    result = audit(CONFIGS / "telemetry-lab-leaf1.json")
    assert failed(result) == LAB_GAPS | {"SRL-AAA-001", "SRL-MGMT-001", "SRL-MGMT-006"}
    assert evidence(result, "SRL-MGMT-001") == [
        (129, "system json-rpc-server network-instance mgmt http admin-state enable")
    ]
    statuses = {f.rule_id: f.status for f in result.findings}
    assert statuses["SRL-MGMT-003"] is Status.PASS  # gnmi-server network-instance mgmt tls-profile clab-profile
    assert statuses["SRL-MGMT-007"] is Status.PASS  # the containerlab login banner
    assert statuses["SRL-MGMT-008"] is Status.PASS  # acl cpm-filter ipv4-filter


def test_radius_lab_session_authenticates_remotely_but_falls_back_on_reject() -> None:
    result = audit(CONFIGS / "radius-lab-session.txt")
    assert failed(result) == {
        "SRL-AAA-003", "SRL-AAA-004", "SRL-ACCT-001", "SRL-ACCT-002", "SRL-ACCT-003", "SRL-ACCT-004",
        "SRL-ACCT-005", "SRL-ACCT-006", "SRL-ACCT-007",
    }  # fmt: skip
    statuses = {f.rule_id: f.status for f in result.findings}
    assert statuses["SRL-AAA-001"] is Status.PASS
    assert statuses["SRL-AAA-002"] is Status.PASS
    assert statuses["SRL-AAA-005"] is Status.NOT_APPLICABLE  # RADIUS has no command authorization
    aaa = next(f for f in result.findings if f.rule_id == "SRL-AAA-001")
    assert [(e.line, e.text) for e in aaa.evidence][:1] == [(6, "system aaa server-group RADIUS-DEMO type radius")]
    assert evidence(result, "SRL-AAA-003") == []  # a missing 'exit-on-reject true'


def test_simulator_hardened_config_passes_every_rule() -> None:
    result = audit(MOCKS / "hardened.cfg")
    statuses = {f.rule_id: f.status for f in result.findings}
    assert len(statuses) == 29
    assert {rule for rule, status in statuses.items() if status is not Status.PASS} == set()


def test_simulator_insecure_config_fails_what_it_is_meant_to() -> None:
    result = audit(MOCKS / "insecure.cfg")
    statuses = {f.rule_id: f.status for f in result.findings}
    assert failed(result) == set(statuses) - {"SRL-AAA-003", "SRL-MGMT-002", "SRL-SVC-004"}
    assert statuses["SRL-AAA-003"] is Status.NOT_APPLICABLE  # local authentication only
    assert statuses["SRL-SVC-004"] is Status.NOT_APPLICABLE  # no SNMPv3 user
    assert statuses["SRL-MGMT-002"] is Status.PASS  # https has its profile; http is SRL-MGMT-001
    assert evidence(result, "SRL-MGMT-004") == [(118, "system grpc-server insecure-mgmt metadata-authentication false")]
    assert evidence(result, "SRL-MGMT-005") == [(159, "system ssh-server inband network-instance default")]
    assert evidence(result, "SRL-CRYPTO-001") == [
        (101, "system tls server-profile clab-profile cipher-list aes128-sha256")
    ]
    assert evidence(result, "SRL-SVC-001") == [(151, "system ftp-server network-instance mgmt admin-state enable")]


@pytest.mark.parametrize(
    ("config", "rule_id", "status"),
    [
        # The factory admin password, written as the YANG default hash or in clear text, fails.
        (
            "set / system aaa authentication admin-user password "
            "$y$j9T$pNVjOgcNNGIWjBcdDfK/7.$Ir4uYxszxtqzVj5AGiZvdWJGs.bpLWBJvHON3YgqnC2\n",
            "SRL-ACCT-001",
            Status.FAIL,
        ),
        ("set / system aaa authentication admin-user password NokiaSrl1!\n", "SRL-ACCT-001", Status.FAIL),
        # The idle timeout may not be 0 (off) nor above 600 seconds; unset is the 600-second default.
        ("set / system aaa authentication idle-timeout 0\n", "SRL-MGMT-006", Status.FAIL),
        ("set / system name host-name leaf1\n", "SRL-MGMT-006", Status.PASS),
        # A trap destination without auth-priv fails like an access group.
        ("set / system snmp trap-group t destination d security-level auth-no-priv\n", "SRL-SVC-003", Status.FAIL),
        # A remote-server with a subsystem selection is sent messages.
        (
            "set / system logging remote-server 192.0.2.50 subsystem aaa priority match-above informational\n",
            "SRL-LOG-002",
            Status.PASS,
        ),
    ],
)
def test_single_statements(config: str, rule_id: str, status: Status, tmp_path: Path) -> None:
    path = tmp_path / "leaf.cfg"
    # The management port and its network-instance make it a whole configuration, not a fragment.
    whole = "set / interface mgmt0 admin-state enable\nset / network-instance mgmt type ip-vrf\n"
    path.write_text(whole + "set / system name host-name leaf1\n" + config)
    result = audit_bytes(path.read_bytes(), path.name, pack(), AuditOptions(platform="nokia_srl"))
    assert {f.rule_id: f.status for f in result.findings}[rule_id] is status


def test_facts_from_the_config_and_show_version() -> None:
    assert audit(MOCKS / "hardened.cfg").facts.hostname == "leaf1"
    version = (MOCKS / "version.txt").read_text().replace("{hostname}", "leaf1")
    facts = facts_from_show_version("nokia_srl", version)
    assert (facts.hostname, facts.os_version, facts.model) == ("leaf1", "24.10.1", "7220 IXR-D2L")


def test_stored_configs_mask_every_secret_and_keep_the_policy_lines() -> None:
    """What an archive keeps: passwords, keys, secrets and communities masked; policy numbers readable."""
    text = (MOCKS / "hardened.cfg").read_text() + (MOCKS / "insecure.cfg").read_text()
    masked = redact_text(text, "nokia_srl")
    for secret in ("wD4hX9zK2pL6vB1nM8qR5tY3", "ZnqqbUTtWc25xjJt0sSgsg", "T2xkS2V5TWF0ZXJpYWxIZXJl", "U4lfbaSe7c2yu4H"):
        assert secret in text and secret not in masked
    assert "                    community <redacted>" in masked.splitlines()
    assert "                idle-timeout 600" in masked.splitlines()
    assert "                        attempts 3" in masked.splitlines()
    flat = redact_text((CONFIGS / "radius-lab-session.txt").read_text(), "nokia_srl")
    assert "/ system aaa server-group RADIUS-DEMO server 172.20.20.111 radius secret-key <redacted>" in flat
    assert "/ system aaa authentication authentication-method [ RADIUS-DEMO local ]" in flat
