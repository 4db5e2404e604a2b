"""Interface roles inferred from real configurations: which interface is external, internal or management, and why."""

from __future__ import annotations

import pytest

from devaudit.engine.roles import InterfaceRoles, description_pattern, infer_interface_roles, interface_key
from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from tests.conftest import corpus_file


def roles_of(platform: str, text: str, declared: dict[str, str] | None = None) -> InterfaceRoles:
    lines, _ = split_lines(text)
    return infer_interface_roles(parse(lines, platform), description=description_pattern(), declared=declared)


def corpus_roles(rel: str) -> InterfaceRoles:
    path = corpus_file(rel)
    dump = read_dump(path.read_bytes(), str(path))
    return infer_interface_roles(parse(dump.lines, rel.partition("/")[0]), description=description_pattern())


def told(roles: InterfaceRoles, role: str | None = None) -> dict[str, str]:
    """Interface name -> its explanation, for the interfaces with ``role`` (all decided ones by default)."""
    return {i.name: i.explain() for i in roles.items if (i.role == role if role else i.role != "unknown")}


# --------------------------------------------------------------------------- the corpus


@pytest.mark.corpus
def test_ios_ebgp_peer_group_neighbours_make_their_interfaces_external() -> None:
    # as2dept1 (AS 65001) peers with AS 2 through the peer-group 'as2': 2.34.101.3 and 2.34.201.3.
    assert told(corpus_roles("cisco_ios/bf-example-as2dept1.cfg")) == {
        "GigabitEthernet0/0": "GigabitEthernet0/0 treated as external: "
        "eBGP neighbour 2.34.101.3 (AS 2) is on its subnet (line 85)",
        "GigabitEthernet1/0": "GigabitEthernet1/0 treated as external: "
        "eBGP neighbour 2.34.201.3 (AS 2) is on its subnet (line 86)",
    }


@pytest.mark.corpus
def test_ios_nat_outside_wins_and_nat_inside_outweighs_the_backup_default_route() -> None:
    roles = corpus_roles("cisco_ios/ccp-sample01.cfg")
    assert told(roles) == {
        "Dialer1": "Dialer1 treated as external: 'ip nat outside' (line 255); "
        "the default route leaves through it (line 282)",
        # 'ip route 0.0.0.0 0.0.0.0 172.16.2.254 254' points into this LAN, but it is 'ip nat inside'.
        "FastEthernet0/0": "FastEthernet0/0 treated as internal: 'ip nat inside' (line 224)",
    }


@pytest.mark.corpus
def test_asa_wan_nameif_is_external_and_the_management_port_is_management() -> None:
    assert told(corpus_roles("cisco_asa/ox-asa5512-9.12.cfg")) == {
        "GigabitEthernet0/1": "GigabitEthernet0/1 treated as external: nameif WAN (line 103)",
        "Management0/0": "Management0/0 treated as management: a management port by name (line 134); "
        "'management-only' (line 136); nameif management (line 137)",
    }


@pytest.mark.corpus
def test_xr_ebgp_subinterfaces_are_external_ibgp_is_not() -> None:
    roles = corpus_roles("cisco_xr/ccp-sample05.cfg")
    assert told(roles, "external") == {
        f"TenGigE0/0/0/0/0.{unit}": f"TenGigE0/0/0/0/0.{unit} treated as external: eBGP neighbour "
        f"192.168.{unit}.1 (AS 43906) is on its subnet (line {line})"
        for unit, line in ((10, 1501), (11, 1515), (12, 1529))
    }
    assert told(roles, "management") == {
        "MgmtEth0/RP0/CPU0/0": "MgmtEth0/RP0/CPU0/0 treated as management: a management port by name (line 624)"
    }


@pytest.mark.corpus
def test_junos_untrust_zone_and_ebgp_make_units_external() -> None:
    assert told(corpus_roles("juniper_junos/bf-srx2-set.set")) == {
        "ge-0/0/0.0": "ge-0/0/0.0 treated as external: in security zone untrust (line 75); "
        "eBGP neighbour 10.12.0.1 (AS 1) is on its subnet (line 92)",
        "ge-0/0/1.0": "ge-0/0/1.0 treated as external: in security zone untrust (line 76); "
        "eBGP neighbour 10.23.0.3 (AS 3) is on its subnet (line 93)",
        "st0.1": "st0.1 treated as internal: in security zone trust (line 68)",
        "st0.3": "st0.3 treated as internal: in security zone trust (line 69)",
        "fxp0.0": "fxp0.0 treated as management: a management port by name (line 85)",
    }


@pytest.mark.corpus
def test_junos_border_router_ebgp_group() -> None:
    assert told(corpus_roles("juniper_junos/bf-as1border1-set.set"), "external") == {
        "fe-0/0/1.0": "fe-0/0/1.0 treated as external: eBGP neighbour 10.12.11.2 (AS 2) is on its subnet (line 19)"
    }


@pytest.mark.corpus
@pytest.mark.parametrize(
    "rel",
    [
        "arista_eos/avd-dc1-leaf1a.cfg",  # eBGP to spines in private AS 65001: a fabric, not the outside
        "juniper_junos/ccp-sample01-ex.conf",  # an EX switch's default route through vlan.0 is its gateway
        "juniper_junos/ccp-sample03-stackexchange.conf",
        "cisco_nxos/ccp-sample01.cfg",
        "cisco_ios/ox-asr920-16.8.cfg",
    ],
)
def test_no_external_interface_where_nothing_faces_the_outside(rel: str) -> None:
    assert told(corpus_roles(rel), "external") == {}


# --------------------------------------------------------------------------- small real-looking configs

IOS_EDGE = """\
hostname edge1
zone security OUTSIDE
zone security INSIDE
interface GigabitEthernet0/0
 description *** UPLINK TO ISP ***
 ip address 198.51.100.2 255.255.255.252
 zone-member security OUTSIDE
interface GigabitEthernet0/1
 ip address 10.1.1.1 255.255.255.0
 zone-member security INSIDE
interface GigabitEthernet0/2
 ip address 192.0.2.1 255.255.255.0
 ip access-group OUTSIDE-IN in
interface GigabitEthernet0/3
 description Internet backup
 ip address 203.0.113.6 255.255.255.252
interface GigabitEthernet0/4
 description LAN printers
 ip address 10.2.2.1 255.255.255.0
 ip access-group OUTSIDE-IN out
interface GigabitEthernet0
 vrf forwarding Mgmt-intf
 ip address 172.16.0.2 255.255.255.0
ip route vrf Mgmt-intf 0.0.0.0 0.0.0.0 172.16.0.1
"""


def test_ios_zone_acl_description_and_management_vrf() -> None:
    assert told(roles_of("cisco_ios", IOS_EDGE)) == {
        "GigabitEthernet0/0": "GigabitEthernet0/0 treated as external: member of firewall zone OUTSIDE (line 7); "
        "description '*** UPLINK TO ISP ***' (line 5)",
        "GigabitEthernet0/1": "GigabitEthernet0/1 treated as internal: member of firewall zone INSIDE (line 10)",
        "GigabitEthernet0/2": "GigabitEthernet0/2 treated as external: inbound ACL OUTSIDE-IN (line 13)",
        "GigabitEthernet0/3": "GigabitEthernet0/3 treated as external: description 'Internet backup' (line 15)",
        # an outbound ACL says nothing about where the interface faces; the management VRF's default is no edge
        "GigabitEthernet0": "GigabitEthernet0 treated as management: in the management VRF Mgmt-intf (line 22)",
    }


def test_nxos_ebgp_neighbour_block_and_management_vrf_default_route() -> None:
    roles = roles_of(
        "cisco_nxos",
        """\
hostname n9k-edge
feature bgp
interface Ethernet1/1
  no switchport
  ip address 203.0.113.2/30
  no shutdown
interface Ethernet1/2
  no switchport
  ip address 10.0.0.1/31
interface mgmt0
  vrf member management
  ip address 172.16.0.5/24
vrf context management
  ip route 0.0.0.0/0 172.16.0.1
router bgp 65010
  neighbor 203.0.113.1
    remote-as 64500
    address-family ipv4 unicast
  neighbor 10.0.0.0
    remote-as 65010
""",
    )
    assert told(roles, "external") == {
        "Ethernet1/1": "Ethernet1/1 treated as external: eBGP neighbour 203.0.113.1 (AS 64500) is on its subnet "
        "(line 17)"
    }
    assert [(i.name, i.role) for i in roles.items] == [
        ("Ethernet1/1", "external"),
        ("Ethernet1/2", "unknown"),
        ("mgmt0", "management"),
    ]
    assert roles.get("Eth1/1") is roles.items[0]


def test_eos_default_route_next_hop_and_private_as_fabric_peer() -> None:
    roles = roles_of(
        "arista_eos",
        """\
hostname eos-edge
interface Ethernet1
   no switchport
   ip address 198.51.100.10/29
interface Ethernet2
   no switchport
   ip address 10.10.0.1/31
interface Management1
   vrf MGMT
   ip address 172.16.0.9/24
ip route 0.0.0.0/0 198.51.100.9
router bgp 65010
   neighbor SPINES peer group
   neighbor SPINES remote-as 65001
   neighbor 10.10.0.0 peer group SPINES
""",
    )
    assert told(roles, "external") == {
        "Ethernet1": "Ethernet1 treated as external: the default route's next hop 198.51.100.9 is on its subnet "
        "(line 11)"
    }


def test_asa_outside_nameif_low_security_level_and_access_group_by_nameif() -> None:
    roles = roles_of(
        "cisco_asa",
        """\
hostname fw1
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.2 255.255.255.248
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.255.255.0
interface GigabitEthernet0/2
 nameif dmz
 security-level 50
 ip address 192.168.50.1 255.255.255.0
interface GigabitEthernet0/3
 nameif isp2
 security-level 5
 ip address 198.51.100.2 255.255.255.252
access-group ISP2_IN in interface isp2
route outside 0.0.0.0 0.0.0.0 203.0.113.1 1
""",
    )
    assert told(roles) == {
        "GigabitEthernet0/0": "GigabitEthernet0/0 treated as external: nameif outside (line 3); "
        "security-level 0, the least trusted (line 4); the default route leaves through it (line 19)",
        "GigabitEthernet0/1": "GigabitEthernet0/1 treated as internal: nameif inside (line 7); "
        "security-level 100 (line 8)",
        "GigabitEthernet0/3": "GigabitEthernet0/3 treated as external: nameif isp2 (line 15); "
        "inbound ACL ISP2_IN (line 18)",
    }


JUNOS_SRX = """\
system {
    host-name srx-edge;
}
interfaces {
    ge-0/0/0 {
        description "Transit: AS64500 circuit 4411";
        unit 0 {
            family inet {
                address 203.0.113.2/30;
            }
        }
    }
    ge-0/0/1 {
        unit 0 {
            family inet {
                address 10.0.0.1/24;
            }
        }
    }
    ge-0/0/2 {
        unit 0 {
            family inet {
                filter {
                    input INTERNET-IN;
                }
                address 198.51.100.2/30;
            }
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 203.0.113.1;
    }
    autonomous-system 65010;
}
protocols {
    bgp {
        group TRANSIT {
            type external;
            peer-as 64500;
            neighbor 203.0.113.1;
        }
    }
}
security {
    zones {
        security-zone untrust {
            interfaces {
                ge-0/0/0.0;
            }
        }
        security-zone trust {
            interfaces {
                ge-0/0/1.0;
            }
        }
    }
}
"""


def test_junos_brace_form_zone_ebgp_default_route_filter_and_description() -> None:
    assert told(roles_of("juniper_junos", JUNOS_SRX)) == {
        "ge-0/0/0.0": "ge-0/0/0.0 treated as external: in security zone untrust (line 50); "
        "eBGP neighbour 203.0.113.1 (AS 64500) is on its subnet (line 42); "
        "the default route's next hop 203.0.113.1 is on its subnet (line 33); "
        "description 'Transit: AS64500 circuit 4411' (line 6)",
        "ge-0/0/1.0": "ge-0/0/1.0 treated as internal: in security zone trust (line 55)",
        "ge-0/0/2.0": "ge-0/0/2.0 treated as external: input filter INTERNET-IN (line 24)",
    }


def test_vrp_nat_outbound_firewall_zone_and_peer_as_number() -> None:
    roles = roles_of(
        "huawei_vrp",
        """\
sysname AR-EDGE
#
interface GigabitEthernet0/0/0
 ip address 203.0.113.2 255.255.255.252
 nat outbound 3000
#
interface GigabitEthernet0/0/1
 ip address 10.0.0.1 24
#
interface GigabitEthernet0/0/2
 ip address 198.51.100.2 255.255.255.252
#
bgp 65010
 peer 198.51.100.1 as-number 64500
#
firewall zone untrust
 add interface GigabitEthernet0/0/2
#
ip route-static 0.0.0.0 0.0.0.0 203.0.113.1
#
return
""",
    )
    assert told(roles) == {
        "GigabitEthernet0/0/0": "GigabitEthernet0/0/0 treated as external: 'nat outbound 3000' translates traffic "
        "leaving it (line 5); the default route's next hop 203.0.113.1 is on its subnet (line 19)",
        "GigabitEthernet0/0/2": "GigabitEthernet0/0/2 treated as external: in firewall zone untrust (line 17); "
        "eBGP neighbour 198.51.100.1 (AS 64500) is on its subnet (line 14)",
    }


def test_xr_neighbor_group_remote_as_and_router_static_default() -> None:
    roles = roles_of(
        "cisco_xr",
        """\
hostname pe1
interface TenGigE0/0/0/0
 ipv4 address 203.0.113.2 255.255.255.252
!
interface TenGigE0/0/0/1
 ipv4 address 198.51.100.10 255.255.255.248
!
router static
 address-family ipv4 unicast
  0.0.0.0/0 198.51.100.9
 !
!
router bgp 65010
 neighbor-group TRANSIT
  remote-as 64500
 !
 neighbor 203.0.113.1
  use neighbor-group TRANSIT
 !
!
""",
    )
    assert told(roles) == {
        "TenGigE0/0/0/0": "TenGigE0/0/0/0 treated as external: eBGP neighbour 203.0.113.1 (AS 64500) is on its "
        "subnet (line 17)",
        "TenGigE0/0/0/1": "TenGigE0/0/0/1 treated as external: the default route's next hop 198.51.100.9 is on its "
        "subnet (line 10)",
    }


# --------------------------------------------------------------------------- declared roles and names


def test_declared_roles_override_the_inference_under_any_abbreviation() -> None:
    roles = roles_of("cisco_ios", IOS_EDGE, declared={"Gi0/0": "internal", "gi0/4": "external"})
    declared = roles.get("GigabitEthernet0/0")
    assert declared is not None
    assert declared.explain() == "GigabitEthernet0/0 declared internal: set in the inventory"
    assert [i.name for i in roles.external()] == ["GigabitEthernet0/2", "GigabitEthernet0/3", "GigabitEthernet0/4"]


def test_declared_junos_physical_interface_covers_its_units() -> None:
    roles = roles_of("juniper_junos", JUNOS_SRX, declared={"ge-0/0/1": "external", "ge-0/0/0.0": "internal"})
    assert [i.name for i in roles.external()] == ["ge-0/0/1.0", "ge-0/0/2.0"]


def test_shut_interfaces_are_not_external_for_the_checks() -> None:
    roles = roles_of("cisco_ios", "interface GigabitEthernet0/0\n description ISP\n shutdown\n")
    assert roles.external() == []
    assert [i.name for i in roles.external(active=False)] == ["GigabitEthernet0/0"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("GigabitEthernet0/0", "Gi0/0"), ("TenGigabitEthernet1/1", "Te1/1"), ("Ethernet1", "et1"), ("mgmt0", "MGMT0")],
)
def test_interface_key_joins_abbreviations(a: str, b: str) -> None:
    assert interface_key(a) == interface_key(b)


def test_a_port_described_as_management_outweighs_the_default_route_through_it() -> None:
    # An NE40E's GigabitEthernet0/0/0 is its out-of-band port: the management default route leaves through it.
    vrp = """sysname PE-AGG-01
interface GigabitEthernet0/0/0
 description OOB management
 ip address 10.10.20.61 255.255.255.0
#
interface GigabitEthernet1/0/0
 description Transit to AS 3356
 ip address 203.0.113.2 255.255.255.252
#
ip route-static 0.0.0.0 0.0.0.0 10.10.20.1
"""
    assert told(roles_of("huawei_vrp", vrp)) == {
        "GigabitEthernet0/0/0": "GigabitEthernet0/0/0 treated as management: "
        "description 'OOB management' (line 3): a management port",
        "GigabitEthernet1/0/0": "GigabitEthernet1/0/0 treated as external: "
        "description 'Transit to AS 3356' (line 7)",
    }
    # Without the description the route decides: the port is where the device meets the outside.
    plain = vrp.replace(" description OOB management\n", "")
    assert roles_of("huawei_vrp", plain).get("GigabitEthernet0/0/0").role == "external"  # type: ignore[union-attr]
