"""The shared ACL model on its own: addresses, wildcards, ports and the order entries are read in."""

from __future__ import annotations

import ipaddress
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devaudit.domain.acl import acl_table
from devaudit.domain.addresses import with_mask
from tests.engine.support import tree

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def test_discontiguous_wildcard_matches_what_the_device_matches() -> None:
    match = with_mask("10.0.5.0", "0.255.0.255", netmask=False)
    assert match is not None
    assert not match.within(ipaddress.ip_network("10.0.0.0/16"))
    assert match.within(ipaddress.ip_network("10.0.0.0/8"))
    host = with_mask("10.7.5.9", "0", netmask=False)  # VRP: wildcard 0 is one host
    assert host is not None and host.within(ipaddress.ip_network("10.7.5.9/32"))


def test_destination_ports_of_every_syntax() -> None:
    ios = tree(
        "cisco_ios",
        "ip access-list extended VTY\n permit tcp 10.0.0.0 0.0.0.255 any eq 22\n permit tcp any range 20 21 any\n"
        " permit tcp any any neq telnet\n",
    )
    ssh, source_port, not_telnet = acl_table(ios).get("VTY")[0].entries
    assert ssh.admits_port(22) and not ssh.admits_port(23)
    assert source_port.admits_port(22)  # 'range 20 21' is the source port: any destination port
    assert not_telnet.admits_port(22) and not not_telnet.admits_port(23)
    vrp = tree("huawei_vrp", "acl number 3001\n rule 5 permit tcp source 10.1.1.0 0.0.0.255 destination-port eq 830\n")
    (netconf,) = acl_table(vrp).get("3001")[0].entries
    assert netconf.admits_port(830) and not netconf.admits_port(22)


def test_vrp_rules_are_read_in_number_order_and_ipv6_prefix_lengths() -> None:
    text = textwrap.dedent(
        """\
        acl number 2000
         rule 20 deny logging
         rule 5 permit source 192.0.2.0 0.0.0.255
        acl ipv6 number 2001
         rule 5 permit source 2001:db8:: 32
        """
    )
    table = acl_table(tree("huawei_vrp", text))
    first, last = table.get("2000")[0].entries
    assert (first.sequence, first.action, last.sequence, last.action) == (5, "permit", 20, "deny")
    assert table.get("2000")[0].ends_with_logged_deny()
    (v6,) = table.get("2001")[0].entries
    assert v6.sources_within([ipaddress.ip_network("2001:db8::/32")])
    assert not v6.sources_within([ipaddress.ip_network("2001:db8::/48")])


def test_junos_term_without_terminating_action_accepts_and_next_term_goes_on() -> None:
    text = textwrap.dedent(
        """\
        set firewall family inet filter F term COUNT from source-address 198.51.100.0/24
        set firewall family inet filter F term COUNT then count seen
        set firewall family inet filter F term COUNT then next term
        set firewall family inet filter F term ICMP from protocol icmp
        set firewall family inet filter F term ICMP then count icmp
        set firewall family inet filter F term LAST then discard
        """
    )
    acl = acl_table(tree("juniper_junos", text)).get("F")[0]
    assert [(e.action, e.protocol) for e in acl.entries] == [("permit", "icmp"), ("deny", "ip")]
    assert [e.node.line for e in acl.permits_any_source()] == [4]


_WORDS = [
    "permit",
    "deny",
    "any",
    "any4",
    "host",
    "10.0.0.0",
    "0.0.0.255",
    "255.255.0.0",
    "2001:db8::/32",
    "::",
    "32",
    "0",
    "tcp",
    "ip",
    "ipv6",
    "eq",
    "22",
    "range",
    "log",
    "object-group",
    "object",
    "X",
    "source",
    "destination",
    "destination-port",
    "logging",
    "rule",
    "5",
    "999.1.1.1",
    "10.0.0.0/40",
    "interface",
    "sequence",
    "dynamic",
    "from",
    "then",
    "source-address",
    "prefix-list",
    "accept",
    "discard",
    "except",
    "next",
    "term",
    "syslog",
    "entry",
    "match",
    "src-ip",
    "address",
    "ip-prefix-list",
    "action",
    "drop",
    "default-action",
]
_HEADS = {
    "cisco_ios": ("ip access-list extended A\n {}", "ipv6 access-list B\n {}", "access-list 101 {}"),
    "cisco_asa": ("access-list OUT extended {}",),
    "huawei_vrp": ("acl number 3000\n {}", "acl ipv6 name Z\n {}"),
    "zte_zxros": ("ipv4-access-list Q\n {}",),
    "juniper_junos": ("set firewall family inet filter F term T {}\nset policy-options prefix-list L {}",),
    "nokia_sros": (
        '/configure filter ip-filter "F" {}\n/configure system security management-access-filter ip-filter {}',
    ),
}


@FUZZ
@given(
    platform=st.sampled_from(sorted(_HEADS)),
    index=st.integers(min_value=0, max_value=2),
    words=st.lists(st.sampled_from(_WORDS), max_size=10),
)
def test_any_entry_text_is_read_or_left_out_never_an_error(platform: str, index: int, words: list[str]) -> None:
    forms = _HEADS[platform]
    text = forms[index % len(forms)].replace("{}", " ".join(words)) + "\n"
    for acl in acl_table(tree(platform, text)).all():
        assert all(entry.action in ("permit", "deny") for entry in acl.entries)
