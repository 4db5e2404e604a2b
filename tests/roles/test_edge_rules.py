"""Edge controls on inferred external interfaces: which rules now FAIL or PASS instead of NOT_APPLICABLE, the
warnings that say why, the inventory's declared roles and --role."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.engine.conditions import ConditionError
from devaudit.engine.loader import Baseline, builtin_baselines_dir, load_baseline
from devaudit.errors import DevauditError
from devaudit.models import DeviceResult, Status
from devaudit.runner import AuditOptions, audit_bytes, declared_interfaces
from tests.conftest import corpus_file

NA, P, F = Status.NOT_APPLICABLE, Status.PASS, Status.FAIL
PERIMETER_NOTE = "no role was given: rules for perimeter devices apply because an interface faces the outside"


@cache
def pack(platform: str) -> Baseline:
    root = builtin_baselines_dir()
    return load_baseline([root / "common.yaml", root / platform])


def audit(platform: str, text: str, **options: object) -> DeviceResult:
    opts = AuditOptions(platform=platform, **options)  # type: ignore[arg-type]
    return audit_bytes(text.encode(), f"{platform}.cfg", pack(platform), opts)


def audit_corpus(rel: str) -> DeviceResult:
    platform = rel.partition("/")[0]
    path = corpus_file(rel)
    return audit_bytes(path.read_bytes(), str(path), pack(platform), AuditOptions(platform=platform))


def statuses(result: DeviceResult, *rule_ids: str) -> dict[str, Status]:
    return {f.rule_id: f.status for f in result.findings if f.rule_id in rule_ids}


# --------------------------------------------------------------------------- the corpus


@pytest.mark.corpus
def test_ios_ebgp_router_gets_its_edge_rules() -> None:
    # Before interface roles: NOT_APPLICABLE "no external interface" for all three (no description, no NAT).
    result = audit_corpus("cisco_ios/bf-example-as2dept1.cfg")
    rules = ("IOS-DP-003", "IOS-DP-004", "IOS-DP-005")
    assert statuses(result, *rules) == dict.fromkeys(rules, F)
    urpf = next(f for f in result.findings if f.rule_id == "IOS-DP-004")
    assert [e.line for e in urpf.evidence] == [59, 66]  # interface GigabitEthernet0/0, GigabitEthernet1/0
    assert result.warnings[-3:] == (
        PERIMETER_NOTE,
        "GigabitEthernet0/0 treated as external: eBGP neighbour 2.34.101.3 (AS 2) is on its subnet (line 85)",
        "GigabitEthernet1/0 treated as external: eBGP neighbour 2.34.201.3 (AS 2) is on its subnet (line 86)",
    )


@pytest.mark.corpus
def test_xr_ebgp_subinterfaces_get_urpf_and_unreachables_rules() -> None:
    result = audit_corpus("cisco_xr/ccp-sample05.cfg")
    # XR-DP-001 was NOT_APPLICABLE and XR-DP-002 PASS: no interface was described as external.
    assert statuses(result, "XR-DP-001", "XR-DP-002") == {"XR-DP-001": F, "XR-DP-002": F}


@pytest.mark.corpus
def test_asa_wan_nameif_at_security_level_10_is_untrusted() -> None:
    result = audit_corpus("cisco_asa/ox-asa5512-9.12.cfg")
    # All five were NOT_APPLICABLE: no interface at security level 0. ASA-DP-006 ('no icmp permit any' on an
    # untrusted interface) now passes.
    assert statuses(result, "ASA-DP-003", "ASA-DP-004", "ASA-DP-005", "ASA-DP-006", "ASA-DP-007") == {
        "ASA-DP-003": F,
        "ASA-DP-004": F,
        "ASA-DP-005": F,
        "ASA-DP-006": P,
        "ASA-DP-007": F,
    }
    assert "GigabitEthernet0/1 treated as external: nameif WAN (line 103)" in result.warnings


@pytest.mark.corpus
def test_junos_border_router_gets_edge_antispoofing() -> None:
    result = audit_corpus("juniper_junos/bf-as1border1-set.set")
    assert statuses(result, "JUN-DP-002") == {"JUN-DP-002": F}


@pytest.mark.corpus
def test_a_switch_default_route_through_its_vlan_interface_changes_nothing() -> None:
    result = audit_corpus("juniper_junos/ccp-sample01-ex.conf")
    assert statuses(result, "JUN-DP-002") == {"JUN-DP-002": NA}
    assert PERIMETER_NOTE not in result.warnings


# --------------------------------------------------------------------------- small configs per platform

IOS_EBGP = """\
version 15.2
hostname ce1
interface GigabitEthernet0/0
 ip address 203.0.113.2 255.255.255.252
interface GigabitEthernet0/1
 ip address 10.1.1.1 255.255.255.0
 no ip redirects
 no ip unreachables
router bgp 65010
 neighbor 203.0.113.1 remote-as 64500
"""


def test_ios_ebgp_interface_fails_edge_rules_and_core_role_still_wins() -> None:
    rules = ("IOS-DP-003", "IOS-DP-004", "IOS-DP-005")
    assert statuses(audit("cisco_ios", IOS_EBGP), *rules) == dict.fromkeys(rules, F)
    assert statuses(audit("cisco_ios", IOS_EBGP, role="core"), *rules) == dict.fromkeys(rules, NA)
    result = audit("cisco_ios", IOS_EBGP, role="router")
    assert statuses(result, *rules) == dict.fromkeys(rules, F)
    assert PERIMETER_NOTE not in result.warnings  # a role was given


def test_ios_edge_rules_pass_once_the_external_interface_is_hardened() -> None:
    hardened = IOS_EBGP.replace(
        " ip address 203.0.113.2 255.255.255.252\n",
        " ip address 203.0.113.2 255.255.255.252\n no ip redirects\n no ip unreachables\n"
        " ip verify unicast source reachable-via rx\n",
    )
    assert statuses(audit("cisco_ios", hardened), "IOS-DP-003", "IOS-DP-004") == {"IOS-DP-003": P, "IOS-DP-004": P}
    # Before 12.0 directed broadcasts were forwarded by default: the external interface must say otherwise.
    old = hardened.replace("version 15.2", "version 11.3")
    assert statuses(audit("cisco_ios", old), "IOS-DP-003") == {"IOS-DP-003": F}


def test_inventory_declares_the_ebgp_interface_internal() -> None:
    result = audit("cisco_ios", IOS_EBGP, interfaces=(("Gi0/0", "internal"),))
    assert statuses(result, "IOS-DP-003", "IOS-DP-004", "IOS-DP-005") == dict.fromkeys(
        ("IOS-DP-003", "IOS-DP-004", "IOS-DP-005"), NA
    )
    assert PERIMETER_NOTE not in result.warnings


def test_inventory_declares_an_interface_external() -> None:
    text = IOS_EBGP.replace(" neighbor 203.0.113.1 remote-as 64500\n", "")
    assert statuses(audit("cisco_ios", text), "IOS-DP-004") == {"IOS-DP-004": NA}
    result = audit("cisco_ios", text, interfaces=(("GigabitEthernet0/1", "external"), ("Gi0/9", "dmz")))
    assert statuses(result, "IOS-DP-004") == {"IOS-DP-004": F}
    assert result.warnings[-3:] == (
        "the inventory gives interface Gi0/9 the unknown role 'dmz' (known: external, internal, management, "
        "unknown): ignored",
        PERIMETER_NOTE,
        "GigabitEthernet0/1 declared external: set in the inventory",
    )


def test_inventory_data_interfaces_become_audit_options() -> None:
    assert declared_interfaces({"role": "perimeter", "interfaces": {"Gi0/0": "External", "Gi0/1": "internal"}}) == (
        ("Gi0/0", "external"),
        ("Gi0/1", "internal"),
    )
    assert declared_interfaces({"interfaces": ["Gi0/0"]}) == ()
    assert declared_interfaces({}) == ()


def test_nxos_ebgp_interface_needs_unreachables_off_and_urpf() -> None:
    text = """\
hostname n9k-edge
feature bgp
interface Ethernet1/1
  no switchport
  ip address 203.0.113.2/30
  no ip redirects
  no shutdown
interface Ethernet1/2
  no switchport
  ip address 10.0.0.1/31
  no ip redirects
  no shutdown
router bgp 65010
  neighbor 203.0.113.1
    remote-as 64500
"""
    # Before: NXOS-DP-001 PASS (unreachables only checked on described interfaces), NXOS-DP-003 and
    # NXOS-SVC-003 NOT_APPLICABLE (no SVI, nothing described as external).
    result = audit("cisco_nxos", text)
    assert statuses(result, "NXOS-DP-001", "NXOS-DP-003", "NXOS-SVC-003") == {
        "NXOS-DP-001": F,
        "NXOS-DP-003": F,
        "NXOS-SVC-003": F,
    }


def test_eos_default_route_interface_needs_urpf_or_an_ingress_acl() -> None:
    text = """\
! device: eos-edge (DCS-7280SR, EOS-4.28.3M)
hostname eos-edge
interface Ethernet1
   no switchport
   ip address 198.51.100.10/29
interface Ethernet2
   no switchport
   ip address 10.10.0.1/31
ip route 0.0.0.0/0 198.51.100.9
"""
    assert statuses(audit("arista_eos", text), "EOS-DP-002") == {"EOS-DP-002": F}
    urpf = "   ip verify unicast source reachable-via rx\n"
    fixed = text.replace("   ip address 198.51.100.10/29\n", "   ip address 198.51.100.10/29\n" + urpf)
    assert statuses(audit("arista_eos", fixed), "EOS-DP-002") == {"EOS-DP-002": P}


def test_junos_untrust_zone_unit_gets_edge_antispoofing() -> None:
    text = """\
set system host-name srx-edge
set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30
set interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/24
set routing-options static route 0.0.0.0/0 next-hop 203.0.113.1
"""
    assert statuses(audit("juniper_junos", text), "JUN-DP-002") == {"JUN-DP-002": F}
    assert statuses(audit("juniper_junos", text, interfaces=(("ge-0/0/0", "internal"),)), "JUN-DP-002") == {
        "JUN-DP-002": NA
    }


# --------------------------------------------------------------------------- the interface_role condition

SITE = """\
platform: cisco_ios
rules:
  - id: SITE-DP-001
    title: Inbound ACL on external interfaces
    severity: medium
    category: data plane
    expected: "Every external interface filters inbound traffic"
    found: "An external interface has no inbound ACL"
    remediation: [interface GigabitEthernet0/0, " ip access-group EDGE-IN in"]
    check:
      each:
        block: '^interface\\s'
        where: {interface_role: %s}
        check: {present: '^ip access-group \\S+ in\\b'}
    examples:
      pass: ["interface GigabitEthernet0/0\\n ip nat outside\\n ip access-group EDGE-IN in\\n"]
      fail: ["interface GigabitEthernet0/0\\n ip nat outside\\n"]
"""


def site_pack(tmp_path: Path, role: str) -> Baseline:
    path = tmp_path / "site.yaml"
    path.write_text(SITE % role, encoding="utf-8")
    return load_baseline([path])


def test_interface_role_selects_blocks_in_each(tmp_path: Path) -> None:
    baseline = site_pack(tmp_path, "{role: external, description: [uplink]}")
    text = IOS_EBGP + "interface GigabitEthernet0/2\n description Uplink to DC\n ip access-group EDGE-IN in\n"
    result = audit_bytes(text.encode(), "ce1.cfg", baseline, AuditOptions(platform="cisco_ios"))
    finding = result.findings[0]
    assert finding.status is F
    assert [e.line for e in finding.evidence] == [3]  # GigabitEthernet0/0 (eBGP); Gi0/2 (uplink) has its ACL
    internal = audit_bytes(
        text.encode(), "ce1.cfg", site_pack(tmp_path, "[internal, unknown]"), AuditOptions(platform="cisco_ios")
    )
    assert internal.findings[0].status is F  # GigabitEthernet0/1 has no ACL
    assert [e.line for e in internal.findings[0].evidence] == [5]


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("dmz", "unknown interface role 'dmz'; known: external, internal, management, unknown"),
        ("{role: external, description: 5}", "description needs a list of words or a pattern"),
        ("{role: external, where: x}", "unknown key 'where'; allowed: description, role"),
        ("[]", "interface_role needs a role or a list of roles"),
    ],
)
def test_interface_role_is_validated(tmp_path: Path, role: str, message: str) -> None:
    with pytest.raises((DevauditError, ConditionError)) as raised:
        site_pack(tmp_path, role)
    assert message in str(raised.value)


def test_inventory_internal_beats_a_junos_untrust_zone() -> None:
    text = """\
set system host-name srx-edge
set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30
set security zones security-zone untrust interfaces ge-0/0/0.0
"""
    assert statuses(audit("juniper_junos", text), "JUN-DP-002") == {"JUN-DP-002": F}
    declared = audit("juniper_junos", text, interfaces=(("ge-0/0/0.0", "internal"),))
    assert statuses(declared, "JUN-DP-002") == {"JUN-DP-002": NA}


def test_inventory_internal_beats_an_asa_security_level_0() -> None:
    text = """\
ASA Version 9.12(4)
hostname fw1
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.2 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.255.255.0
"""
    assert statuses(audit("cisco_asa", text), "ASA-DP-004") == {"ASA-DP-004": F}
    declared = audit("cisco_asa", text, interfaces=(("GigabitEthernet0/0", "internal"),))
    assert statuses(declared, "ASA-DP-004") == {"ASA-DP-004": NA}


ROLE_RULE = """\
platform: cisco_ios
rules:
  - id: SITE-EDGE-001
    title: Edge devices log to the edge collector
    severity: low
    category: logging
    roles: [perimeter]
    expected: "Edge devices send logs to 192.0.2.50"
    found: "No log host for edge devices"
    remediation: [logging host 192.0.2.50]
    when: {role: perimeter}
    check: {present: '^logging host 192\\.0\\.2\\.50\\b'}
    examples:
      pass: [{config: "logging host 192.0.2.50\\n", role: perimeter}]
      fail: [{config: "hostname r1\\n", role: perimeter}]
"""


def test_a_device_with_an_external_interface_is_perimeter_when_no_role_is_given(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(ROLE_RULE, encoding="utf-8")
    baseline = load_baseline([path])

    def verdict(text: str, role: str = "") -> Status:
        result = audit_bytes(text.encode(), "r.cfg", baseline, AuditOptions(platform="cisco_ios", role=role))
        return result.findings[0].status

    assert verdict(IOS_EBGP) is F  # 'role: perimeter' holds: Gi0/0 carries an eBGP session
    assert verdict(IOS_EBGP + "logging host 192.0.2.50\n") is P
    internal = "hostname r1\ninterface GigabitEthernet0/1\n ip address 10.1.1.1 255.255.255.0\n"
    assert verdict(internal) is NA  # no role and nothing faces the outside: 'role:' cannot be decided
    assert verdict(IOS_EBGP, role="core") is NA  # the given role wins
