"""``resolve`` and ``acl`` on real-looking configurations of every platform family: exact outcomes and lines."""

from __future__ import annotations

import textwrap

import pytest

from devaudit.engine.conditions import ConditionError
from tests.engine.support import compiled, evaluate, lines

IOS = textwrap.dedent(
    """\
    hostname edge1
    object-group network ADMINS
     host 192.0.2.10
     10.1.0.0 255.255.0.0
    ip access-list standard MGMT
     10 permit 10.0.0.0 0.0.0.255
     20 permit host 192.0.2.5
     30 deny   any log
    ip access-list extended VTY-WIDE
     permit tcp object-group ADMINS any eq 22
     permit tcp any any eq 22
     deny   ip any any
    access-list 10 permit 172.16.1.0 0.0.0.255
    access-list 10 deny   any log
    access-list 99 remark SNMP pollers
    access-list 99 permit 10.9.9.9
    snmp-server community n0tpublic RO 99
    snmp-server community wr1te RW 98
    line vty 0 4
     access-class MGMT in
     transport input ssh
    line vty 5 15
     access-class VTY-WIDE in
     transport input ssh
    end
    """
)

VTY_ACL = """
each:
  block: '^line vty\\s'
  check:
    resolve:
      from: '^access-class\\s+(?P<name>\\S+)\\s+in\\b'
      to: acl
      check: {acl: {permits_any_source: false}}
    """


def test_ios_vty_access_class_resolves_to_named_acl_and_finds_the_permit_any() -> None:
    outcome = evaluate("cisco_ios", IOS, VTY_ACL)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [11]  # permit tcp any any eq 22 in VTY-WIDE
    assert lines(outcome.context) == [9, 22, 23]  # the ACL header, the line block and its access-class
    assert outcome.notes == ("line vty 5 15: ACL VTY-WIDE permits any source (line 11)",)


def test_ios_vty_access_class_passes_when_every_acl_is_restricted() -> None:
    fixed = IOS.replace(" permit tcp any any eq 22\n", "")
    outcome = evaluate("cisco_ios", fixed, VTY_ACL)
    assert outcome.ok is True


def test_ios_permits_only_expands_object_groups_and_variables() -> None:
    check = """
    each:
      block: '^line vty\\s'
      check:
        resolve:
          from: '^access-class\\s+(\\S+)\\s+in\\b'
          to: acl
          check: {acl: {permits_only: '${mgmt_networks}'}}
    """
    fixed = IOS.replace(" permit tcp any any eq 22\n", "")
    wide = {"mgmt_networks": ["10.0.0.0/8", "192.0.2.0/24"]}
    assert evaluate("cisco_ios", fixed, check, wide).ok is True
    narrow = {"mgmt_networks": ["10.0.0.0/24", "192.0.2.0/24"]}
    outcome = evaluate("cisco_ios", fixed, check, narrow)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [10]  # object-group ADMINS holds 10.1.0.0/16
    assert outcome.notes == ("line vty 5 15: ACL VTY-WIDE permits sources outside 10.0.0.0/24, 192.0.2.0/24 (line 10)",)


def test_ios_snmp_community_names_a_numbered_acl_and_a_missing_one() -> None:
    check = r"""
    resolve:
      from: '^snmp-server community\s+\S+\s+(?:view\s+\S+\s+)?(?:RO|RW)\s+(?P<name>\S+)\s*$'
      to: acl
      check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("cisco_ios", IOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [18]  # community with ACL 98, which does not exist
    assert outcome.notes == ("ACL 98 is not defined (line 18 names it)",)
    configured = evaluate("cisco_ios", IOS.replace("RW 98", "RW 99"), check)
    assert configured.ok is True
    assert lines(configured.evidence) == [15, 17, 18]  # ACL 99 (its first line) and both communities


def test_missing_referent_is_configurable_and_a_partial_file_is_not_judged() -> None:
    check = r"""
    resolve:
      from: '^snmp-server community\s+\S+\s+(?:RO|RW)\s+(?P<name>\S+)\s*$'
      to: acl
      missing: na
    """
    assert evaluate("cisco_ios", IOS, check).ok is True  # ACL 98 is left out, 99 exists
    assert evaluate("cisco_ios", IOS.replace("RO 99", "RO 97"), check).ok is None  # nothing left to judge
    strict = check.replace("missing: na", "missing: fail")
    assert evaluate("cisco_ios", IOS, strict).ok is False
    assert evaluate("cisco_ios", IOS, strict, elided=True).ok is True


def test_ios_numbered_acl_through_lines_target_and_deny_log() -> None:
    check = r"""
    resolve:
      from: {match: '^access-class\s+(?P<name>\S+)\s+in\b', in: any}
      to: {block: '^ip access-list (?:standard|extended) {name}$', lines: '^access-list {name}\s'}
      check: {acl: {ends_with_deny_log: true}}
    """
    outcome = evaluate("cisco_ios", IOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [12]  # VTY-WIDE ends with 'deny ip any any' without log
    text = IOS.replace("access-class MGMT in", "access-class 10 in").replace("VTY-WIDE in", "MGMT in")
    assert evaluate("cisco_ios", text, check).ok is True


def test_present_and_absent_read_the_resolved_object() -> None:
    check = r"""
    resolve:
      from: {match: '^access-class\s+(?P<name>\S+)\s+in\b', in: any}
      to: acl
      check: {absent: '^(?:\d+\s+)?permit\s+tcp\s+any\b'}
    """
    outcome = evaluate("cisco_ios", IOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [11]


NXOS = textwrap.dedent(
    """\
    hostname n9k
    object-group ip address ADMINS
      10 host 192.0.2.10
      20 10.20.0.0/16
    ip access-list VTY
      10 permit tcp addrgroup ADMINS any eq 22
      20 permit tcp 10.30.0.0/24 any eq 22
      30 deny ip any any log
    ipv6 access-list VTY6
      10 permit tcp 2001:db8:100::/48 any eq 22
      20 deny ipv6 any any log
    line vty
      access-class VTY in
      ipv6 access-class VTY6 in
    """
)


def test_nxos_addrgroup_and_ipv6_acl() -> None:
    check = r"""
    each:
      block: '^line vty\b'
      check:
        resolve:
          from: '^(?:ipv6 )?access-class\s+(?P<name>\S+)\s+in\b'
          to: acl
          check: {acl: {permits_only: [10.0.0.0/8, 192.0.2.0/24, '2001:db8::/32'], ends_with_deny_log: true}}
    """
    assert evaluate("cisco_nxos", NXOS, check).ok is True
    outcome = evaluate("cisco_nxos", NXOS.replace("2001:db8:100::/48", "2001:db9::/32"), check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [10]


XR = textwrap.dedent(
    """\
    hostname xr1
    ipv4 access-list MGMT
     10 permit ipv4 10.0.0.0 0.0.255.255 any
     20 permit tcp any any eq 22
     30 deny ipv4 any any log
    !
    line default
     access-class ingress MGMT
    !
    ssh server v2
    """
)


def test_xr_sequence_numbers_and_shadowing() -> None:
    check = r"""
    resolve:
      from: {match: '^access-class\s+ingress\s+(?P<name>\S+)', in: any}
      to: acl
      check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("cisco_xr", XR, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [4]
    shadow = evaluate(
        "cisco_xr",
        XR.replace("20 permit tcp any any eq 22", "20 permit ipv4 10.0.5.0 0.0.0.255 any"),
        "{acl: {shadowed_entries: none}}",
    )
    assert shadow.ok is False
    assert lines(shadow.evidence) == [4]  # 10.0.5.0/24 is inside 10.0.0.0/16, already permitted by line 3
    assert "an earlier entry (line 3) matches first" in shadow.notes[0]


ASA = textwrap.dedent(
    """\
    ASA Version 9.16(3)
    hostname fw1
    object network ADMIN-NET
     subnet 10.5.0.0 255.255.0.0
    access-list OUTSIDE_IN extended permit tcp object ADMIN-NET any eq ssh
    access-list OUTSIDE_IN extended permit tcp any4 host 198.51.100.10 eq https
    access-list OUTSIDE_IN extended deny ip any any log
    access-list SNMP-HOSTS standard permit 10.0.0.0 255.0.0.0
    access-group OUTSIDE_IN in interface outside
    """
)


def test_asa_netmasks_objects_and_access_group() -> None:
    check = r"""
    resolve:
      from: '^access-group\s+(?P<name>\S+)\s+in\s+interface\s+outside\b'
      to: acl
      check: {acl: {permits_only: [10.0.0.0/8]}}
    """
    outcome = evaluate("cisco_asa", ASA, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [6]  # any4 to the web server
    assert evaluate("cisco_asa", ASA, "{acl: {name: SNMP-HOSTS, permits_only: [10.0.0.0/8]}}").ok is True
    assert evaluate("cisco_asa", ASA, "{acl: {name: SNMP-HOSTS, permits_only: [10.0.0.0/9]}}").ok is False


EOS = textwrap.dedent(
    """\
    ! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.28.3M)
    hostname leaf1
    ip access-list standard SSH-IN
       10 permit 10.0.0.0/8
       20 permit any
    management ssh
       ip access-group SSH-IN in
    """
)


def test_eos_standard_acl_on_management_ssh() -> None:
    check = r"""
    resolve:
      from: {match: '^ip access-group\s+(?P<name>\S+)\s+in\b', in: any}
      to: acl
      check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("arista_eos", EOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [5]


VRP = textwrap.dedent(
    """\
    sysname PE1
    #
    acl number 2001
     rule 5 permit source 10.10.10.0 0.0.0.255
     rule 10 deny logging
    #
    acl name VTY-IN 3001
     rule 5 permit tcp source 10.1.1.0 0.0.0.255 destination-port eq 22
     rule 15 permit ip
    #
    snmp-agent community read cipher %^%#K8m:2]Yv%^%# acl 2001
    snmp-agent community write cipher %^%#Zq1!9w%^%# acl 2002
    #
    user-interface vty 0 4
     acl 3001 inbound
     protocol inbound ssh
    #
    return
    """
)


def test_vrp_snmp_community_acl_numbers_and_vty_acl() -> None:
    snmp = r"""
    resolve:
      from: '^snmp-agent community\s+(?:read|write)\s+.*\bacl\s+(?P<name>\d+)\s*$'
      to: acl
      check: {acl: {permits_only: [10.0.0.0/8], ends_with_deny_log: true}}
    """
    outcome = evaluate("huawei_vrp", VRP, snmp)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [12]  # acl 2002 does not exist
    assert outcome.notes == ("ACL 2002 is not defined (line 12 names it)",)
    vty = r"""
    each:
      block: '^user-interface vty\b'
      check:
        resolve:
          from: '^acl\s+(?P<name>\d+)\s+inbound\b'
          to: acl
          check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("huawei_vrp", VRP, vty)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [9]  # rule 15 permit ip: no source is any source


COMWARE = textwrap.dedent(
    """\
     sysname HPE-5130
    #
    acl basic 2000
     rule 0 permit source 192.168.10.0 0.0.0.255
     rule 5 deny source any logging
    #
    acl advanced name WEB
     rule 1 permit tcp source 10.180.50.0 0.0.0.127 destination 10.1.4.62 0 destination-port eq 443
     rule 2 permit tcp source any destination 10.1.4.62 0
    #
    line vty 0 63
     acl 2000 inbound
    #
    return
    """
)


def test_comware_basic_and_named_advanced() -> None:
    check = r"""
    each:
      block: '^line vty\b'
      check:
        resolve:
          from: '^acl\s+(?:basic\s+)?(?P<name>\d+)\s+inbound\b'
          to: acl
          check: {acl: {permits_only: [192.168.0.0/16], ends_with_deny_log: true}}
    """
    assert evaluate("hp_comware", COMWARE, check).ok is True
    named = evaluate("hp_comware", COMWARE, "{acl: {name: WEB, permits_any_source: false}}")
    assert named.ok is False
    assert lines(named.evidence) == [9]


ZXROS = textwrap.dedent(
    """\
    hostname ZXR10-PE
    ipv4-access-list MGMT
      rule 1 permit 10.1.1.0 0.0.0.255
      rule 5 permit any
      rule 10 deny 192.0.2.0 0.0.0.255
    !
    ssh server access-class ipv4 MGMT
    snmp-server community encrypted *31*RNZd view AllView ro ipv4-access-list 1301
    """
)


def test_zte_ssh_access_class_and_shadowed_rules() -> None:
    check = r"""
    resolve:
      from: '^ssh server access-class\s+(?:ipv4\s+)?(?P<name>\S+)'
      to: acl
      check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("zte_zxros", ZXROS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [4]
    shadow = evaluate("zte_zxros", ZXROS, "{acl: {shadowed_entries: none}}")
    assert shadow.ok is False
    assert lines(shadow.evidence) == [5]  # after 'permit any' the deny never matches
    missing = evaluate("zte_zxros", ZXROS, r"{resolve: {from: '\bipv4-access-list\s+(?P<name>\S+)\s*$', to: acl}}")
    assert missing.ok is False
    assert missing.notes == ("ACL 1301 is not defined (line 8 names it)",)


JUNOS = textwrap.dedent(
    """\
    system {
        host-name mx1;
    }
    interfaces {
        lo0 {
            unit 0 {
                family inet {
                    filter {
                        input PROTECT-RE;
                    }
                }
            }
        }
    }
    policy-options {
        prefix-list MGMT-HOSTS {
            10.0.0.0/24;
            192.0.2.0/28;
        }
    }
    firewall {
        family inet {
            filter PROTECT-RE {
                term SSH {
                    from {
                        source-prefix-list {
                            MGMT-HOSTS;
                        }
                        protocol tcp;
                        destination-port ssh;
                    }
                    then accept;
                }
                term BGP {
                    from {
                        source-address {
                            0.0.0.0/0;
                            198.51.100.0/24 except;
                        }
                        protocol tcp;
                        port bgp;
                    }
                    then accept;
                }
                term DEFAULT {
                    then {
                        syslog;
                        discard;
                    }
                }
            }
        }
    }
    """
)


def test_junos_filter_input_resolves_with_prefix_lists() -> None:
    check = r"""
    resolve:
      from: {match: '^interfaces lo0 unit 0 family inet filter input\s+(?P<name>\S+)', in: top}
      to: acl
      check: {acl: {permits_only: [10.0.0.0/8, 192.0.2.0/24]}}
    """
    outcome = evaluate("juniper_junos", JUNOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [37, 38, 40, 41, 43]  # term BGP's lines
    ends = check.replace("permits_only: [10.0.0.0/8, 192.0.2.0/24]", "ends_with_deny_log: true")
    assert evaluate("juniper_junos", JUNOS, ends).ok is True
    unlogged = JUNOS.replace("syslog;", "count refused;")
    assert evaluate("juniper_junos", unlogged, ends).ok is False


def test_junos_missing_filter_and_prefix_list_by_name() -> None:
    text = JUNOS.replace("input PROTECT-RE;", "input PROTECT-RE-V2;")
    outcome = evaluate(
        "juniper_junos", text, r"{resolve: {from: '^interfaces \S+ unit \S+ family inet filter input (\S+)', to: acl}}"
    )
    assert outcome.ok is False
    assert outcome.notes == ("ACL PROTECT-RE-V2 is not defined (line 9 names it)",)
    assert evaluate("juniper_junos", JUNOS, "{acl: {name: MGMT-HOSTS, permits_only: [10.0.0.0/8, 192.0.2.0/24]}}").ok


SROS_CLASSIC = textwrap.dedent(
    """\
    # TiMOS-B-20.10.R3 both/x86_64 Nokia 7750 SR
    configure
        system
            security
                management-access-filter
                    ip-filter
                        default-action deny
                        entry 10
                            src-ip 10.1.0.0/16
                            protocol tcp
                            action permit
                        exit
                        entry 20
                            protocol tcp
                            dst-port 22 65535
                            action permit
                        exit
                    exit
                exit
            exit
        exit
        filter
            ip-filter 10 create
                default-action drop
                entry 10 create
                    match protocol tcp
                        src-ip 10.0.0.0/8
                    exit
                    action forward
                exit
            exit
        exit
    exit
    """
)


def test_sros_classic_management_access_filter_and_ip_filter() -> None:
    maf = "{acl: {name: management-access-filter ip-filter, permits_any_source: false}}"
    outcome = evaluate("nokia_sros", SROS_CLASSIC, maf)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [14, 15, 16]  # entry 20: any source to SSH
    assert evaluate("nokia_sros", SROS_CLASSIC, "{acl: {name: '10', permits_only: [10.0.0.0/8]}}").ok is True
    permissive = SROS_CLASSIC.replace("default-action drop", "default-action forward")
    outcome = evaluate("nokia_sros", permissive, "{acl: {name: '10', permits_only: [10.0.0.0/8]}}")
    assert outcome.ok is False
    assert "accepts what no entry matches" in outcome.notes[0]


SROS_MD = textwrap.dedent(
    """\
    # TiMOS-B-22.10.R1
    configure {
        filter {
            match-list {
                ip-prefix-list "mgmt" {
                    prefix 10.9.0.0/16 { }
                }
            }
        }
        system {
            security {
                cpm-filter {
                    default-action drop
                    ip-filter {
                        admin-state enable
                        entry 10 {
                            match {
                                src-ip {
                                    ip-prefix-list "mgmt"
                                }
                            }
                            action {
                                accept
                            }
                        }
                        entry 20 {
                            match {
                                protocol tcp
                            }
                            action {
                                accept
                            }
                        }
                    }
                }
            }
        }
    }
    """
)


def test_sros_md_cli_cpm_filter_with_prefix_list() -> None:
    outcome = evaluate("nokia_sros", SROS_MD, "{acl: {name: cpm-filter ip-filter, permits_only: [10.0.0.0/8]}}")
    assert outcome.ok is False
    assert lines(outcome.evidence) == [28, 31]  # entry 20 accepts TCP from anywhere
    fixed = SROS_MD.replace("protocol tcp", "protocol tcp\n                                src-ip 10.9.1.0/24")
    assert evaluate("nokia_sros", fixed, "{acl: {name: cpm-filter ip-filter, permits_only: [10.0.0.0/8]}}").ok


def test_ntp_key_join_between_statements() -> None:
    text = textwrap.dedent(
        """\
        hostname r1
        ntp authentication-key 5 md5 0822455D0A16 7
        ntp authenticate
        ntp trusted-key 5
        ntp server 192.0.2.1 key 5
        ntp server 192.0.2.2 key 7
        """
    )
    check = r"""
    resolve:
      from: '^ntp server\s+\S+.*\bkey\s+(?P<name>\d+)'
      to: {lines: '^ntp (?:authentication-key|trusted-key)\s+{name}\b'}
      what: NTP key
      check:
        all:
          - present: '^ntp authentication-key\s'
          - present: '^ntp trusted-key\s'
    """
    outcome = evaluate("cisco_ios", text, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [6]
    assert outcome.notes == ("NTP key 7 is not defined (line 6 names it)",)
    untrusted = text.replace("ntp trusted-key 5\n", "ntp trusted-key 7\nntp authentication-key 7 md5 1 7\n")
    outcome = evaluate("cisco_ios", untrusted, check)
    assert outcome.ok is False
    assert lines(outcome.context) == [6]  # 'server 192.0.2.1 key 5': key 5 is defined but not trusted


def test_acl_inside_each_over_acl_blocks_and_top_level() -> None:
    check = r"""
    each:
      block: '^ip access-list\s'
      check: {acl: {permits_any_source: false}}
    """
    outcome = evaluate("cisco_ios", IOS, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [11]
    every = evaluate("cisco_ios", IOS, "{acl: {denies_logged: true}}")
    assert every.ok is False
    assert lines(every.evidence) == [12]
    assert evaluate("cisco_ios", "hostname r\n", "{acl: {exists: true}}").ok is False
    assert evaluate("cisco_ios", IOS, "{acl: {exists: true}}").ok is True


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("{resolve: {from: '^access-class \\S+', to: acl}}", "the pattern must capture the name"),
        ("{resolve: {from: '^access-class (\\S+)', to: {block: '^ip access-list'}}}", "{name}"),
        ("{acl: {permits_only: [10.0.0.300/8]}}", "is not a network"),
    ],
)
def test_mistakes_are_told_in_plain_words(check: str, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        compiled(check)
    assert message in info.value.message


EDGE = textwrap.dedent(
    """\
    hostname edge1
    interface GigabitEthernet0/0
     description uplink to ISP
     ip address 203.0.113.2 255.255.255.252
     ip access-group INTERNET-IN in
    ip access-list extended INTERNET-IN
     deny   ip 10.0.0.0 0.255.255.255 any log-input
     deny   ip 172.16.0.0 0.15.255.255 any
     permit ip 192.168.0.0 0.0.255.255 any
     deny   ip 192.168.0.0 0.0.255.255 any log-input
     permit tcp any host 203.0.113.2 eq 22
     permit ip any any
    """
)


def test_denies_sources_in_order_with_logging() -> None:
    check = r"""
    each:
      block: '^interface\s'
      check:
        resolve:
          from: '^ip access-group\s+(?P<name>\S+)\s+in\b'
          to: acl
          check: {acl: {denies_sources: {networks: '${bogons}', logged: true}}}
    """
    bogons = {"bogons": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8"]}
    outcome = evaluate("cisco_ios", EDGE, check, bogons)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [8, 9, 11]  # 127.0.0.0/8 reaches SSH before 'permit ip any any'
    assert outcome.notes == (
        "interface GigabitEthernet0/0: ACL INTERNET-IN lets listed sources through: "
        "172.16.0.0/12 is denied without logging (line 8); "
        "192.168.0.0/16 is permitted (line 9); 127.0.0.0/8 is permitted (line 11)",
    )
    quiet = check.replace("{networks: '${bogons}', logged: true}", "['10.0.0.0/8', '172.16.0.0/12']")
    assert evaluate("cisco_ios", EDGE, quiet, bogons).ok is True


def test_join_inside_one_block_bgp_neighbor_to_its_peer_group() -> None:
    text = textwrap.dedent(
        """\
        router bgp 64500
         neighbor EBGP peer-group
         neighbor EBGP password 7 0822455D0A16
         neighbor IBGP peer-group
         neighbor 198.51.100.1 remote-as 64501
         neighbor 198.51.100.1 peer-group EBGP
         neighbor 10.0.0.2 remote-as 64500
         neighbor 10.0.0.2 peer-group IBGP
        router bgp 64999
         neighbor IBGP password 7 1511021F0725
        """
    )
    check = r"""
    each:
      block: '^router bgp\s'
      check:
        resolve:
          from: '^neighbor\s+\S+\s+peer-group\s+(?P<name>\S+)\s*$'
          to: {lines: '^neighbor\s+{name}\s+password\s', in: scope}
          what: password for peer-group
    """
    outcome = evaluate("cisco_ios", text, check)
    assert outcome.ok is False
    assert lines(outcome.evidence) == [8]  # the IBGP password is in another router bgp block
    assert outcome.notes == ("router bgp 64500: password for peer-group IBGP is not defined (line 8 names it)",)


def test_sros_interface_filter_by_name_and_ntp_key_join() -> None:
    text = textwrap.dedent(
        """\
        configure {
            filter {
                ip-filter "EDGE-IN" {
                    default-action accept
                    entry 10 {
                        match {
                            src-ip {
                                address 10.0.0.0/8
                            }
                        }
                        action {
                            drop
                        }
                    }
                }
            }
            router "Base" {
                interface "to-isp" {
                    ingress {
                        filter {
                            ip "EDGE-IN"
                        }
                    }
                }
            }
            system {
                time {
                    ntp {
                        authentication-key 5 {
                            key "abc" hash2
                            type message-digest
                        }
                        server 192.0.2.1 router-instance "Base" {
                            key-id 5
                        }
                        server 192.0.2.2 router-instance "Base" {
                            key-id 6
                        }
                    }
                }
            }
        }
        """
    )
    edge = r"""
    resolve:
      from: '^router \S+ interface \S+ ingress filter ip\s+(?P<name>\S+)'
      to: acl
      check: {acl: {denies_sources: [10.0.0.0/8, 192.168.0.0/16]}}
    """
    outcome = evaluate("nokia_sros", text, edge)
    assert outcome.ok is False
    assert outcome.notes == (
        "ACL EDGE-IN lets listed sources through: 192.168.0.0/16 is accepted by its default action",
    )
    assert lines(outcome.context) == [4, 21]  # the filter and the interface that applies it
    ntp = r"""
    resolve:
      from: '^system time ntp server\s.*\bkey-id\s+(?P<name>\d+)'
      to: {lines: '^system time ntp authentication-key\s+{name}\s'}
      what: NTP authentication key
    """
    outcome = evaluate("nokia_sros", text, ntp)
    assert outcome.ok is False
    assert outcome.notes == ("NTP authentication key 6 is not defined (line 37 names it)",)


def test_junos_and_vrp_ntp_key_joins() -> None:
    junos = textwrap.dedent(
        """\
        set system ntp authentication-key 5 type sha256 value "$9$Hk5FCA0IhruOBEclM"
        set system ntp trusted-key 5
        set system ntp server 192.0.2.1 key 5
        set system ntp server 192.0.2.2 key 6
        set system ntp authentication-key 6 type sha256 value "$9$LxC7dsgJDqPQ"
        """
    )
    check = r"""
    resolve:
      from: '^system ntp server\s+\S+.*\bkey\s+(?P<name>\d+)'
      to: {lines: '^system ntp (?:authentication-key|trusted-key)\s+{name}\b'}
      check: {present: '^system ntp trusted-key\s'}
    """
    outcome = evaluate("juniper_junos", junos, check)
    assert outcome.ok is False
    assert lines(outcome.context) == [4]  # key 6 is defined but not trusted
    vrp = textwrap.dedent(
        """\
        ntp-service authentication enable
        ntp-service authentication-keyid 5 authentication-mode hmac-sha256 cipher %^%#Wd1$B3%^%#
        ntp-service reliable authentication-keyid 5
        ntp-service unicast-server 192.0.2.1 authentication-keyid 5
        ntp-service unicast-server 192.0.2.2 authentication-keyid 5
        """
    )
    check = r"""
    resolve:
      from: '^ntp-service unicast-server\s.*\bauthentication-keyid\s+(?P<name>\d+)'
      to: {lines: '^ntp-service (?:reliable )?authentication-keyid\s+{name}\b'}
      check:
        all:
          - present: '^ntp-service authentication-keyid\s'
          - present: '^ntp-service reliable authentication-keyid\s'
    """
    outcome = evaluate("huawei_vrp", vrp, check)
    assert outcome.ok is True
    assert lines(outcome.evidence) == [2, 3, 4, 5]


def test_top_level_acl_judges_filters_not_prefix_lists() -> None:
    assert evaluate("juniper_junos", JUNOS, "{acl: {ends_with_deny_log: true}}").ok is True
    listed = evaluate("juniper_junos", JUNOS, "{acl: {name: prefix-list MGMT-HOSTS, ends_with_deny_log: true}}")
    assert listed.ok is False


def test_resolve_family_keeps_an_ipv4_reference_off_the_ipv6_acl_of_the_same_name() -> None:
    text = textwrap.dedent(
        """\
        ip access-list standard MGMT
         permit 192.0.2.0 0.0.0.255
        ipv6 access-list MGMT
         permit ipv6 2001:db8:100::/48 any
        line vty 0 4
         access-class MGMT in
         ipv6 access-class MGMT in
        """
    )
    check = r"""
    each:
      block: '^line vty\s'
      check:
        resolve:
          from: '^access-class\s+(?P<name>\S+)\s+in\b'
          to: acl
          family: ipv4
          check: {acl: {permits_only: [192.0.2.0/24]}}
    """
    assert evaluate("cisco_ios", text, check).ok is True
    both = evaluate("cisco_ios", text, check.replace("family: ipv4", "missing: fail"))
    assert both.ok is False
    assert lines(both.evidence) == [4]
