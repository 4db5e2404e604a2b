"""What happens around a verdict is done once and only when a text needs it: a device's secret words are read
only for a found text that quotes the device, interface addresses only when a route or peer is looked up,
role evidence once per device, and a rule's fix binding once per rule and platform."""

from __future__ import annotations

import ipaddress

import pytest

from devaudit.engine import bindings, roles
from devaudit.engine.bindings import is_bound
from devaudit.engine.messages import render_found
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.facts import facts_from_config
from devaudit.ingest import split_lines
from devaudit.parsers import parse
from devaudit.redact import MASK
from devaudit.tree import ConfigTree
from tests.workcount import lines_executed

IOS = """\
hostname edge1
enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
snmp-server community Fr0gLeap RO
username ops privilege 15 secret 0 Sunset42
interface GigabitEthernet0/0
 description uplink to the ISP
 ip address 203.0.113.2 255.255.255.252
interface GigabitEthernet0/1
 description users
 ip address 10.1.1.1 255.255.255.0
 ip nat inside
line vty 0 4
 transport input telnet ssh
"""


def context(text: str, platform: str = "cisco_ios") -> CheckContext:
    lines, _ = split_lines(text)
    tree = parse(lines, platform)
    return CheckContext(tree=tree, facts=facts_from_config(tree, lines))


def tree_of(text: str, platform: str = "cisco_ios") -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, platform)


def test_a_found_text_that_quotes_nothing_from_the_device_never_reads_its_secrets() -> None:
    ctx = context(IOS)
    text, missing = render_found("the vty lines accept Telnet", Outcome(False), [], ctx)
    assert (text, missing) == ("the vty lines accept Telnet", [])
    # A value the text does not show is not masked either: the secrets are still unread.
    text, _ = render_found("no SSH-only vty lines", Outcome(False, fill=(("value", "Fr0gLeap"),)), [], ctx)
    assert (text, ctx.secrets) == ("no SSH-only vty lines", [])


def test_a_quoted_device_value_is_masked_and_the_secrets_are_read_once() -> None:
    ctx = context(IOS)
    outcome = Outcome(False, fill=(("value", "Fr0gLeap"), ("value", "public")))
    assert render_found("communities in use: {value}", outcome, [], ctx) == (
        f"communities in use: {MASK}, public",
        [],
    )
    secrets = ctx.secrets[0]
    assert {"fr0gleap", "sunset42"} <= secrets
    render_found("communities in use: {value}", outcome, ["community Fr0gLeap is read-only"], ctx)
    assert len(ctx.secrets) == 1 and ctx.secrets[0] is secrets


@pytest.mark.parametrize(
    ("address", "mask"),
    [
        ("10.1.2.3", "255.255.255.0"),
        ("10.1.2.3", "0.0.0.255"),  # a wildcard (host) mask
        ("10.1.2.3", "24"),
        ("10.1.2.3", "08"),
        ("10.1.2.3", "33"),
        ("10.1.2.3", "255.0.255.0"),
        ("10.1.2.3/24", None),
        ("10.1.2.3/24", "255.255.0.0"),  # the prefix written with the address wins
        ("10.1.2.3/255.255.255.252", None),
        ("10.1.2.3", None),
        ("10.1.2.3/", None),
        ("010.1.2.3", "255.255.255.0"),  # leading zeros are refused
        ("256.1.2.3", "255.255.255.0"),
        ("10.1.2", "255.255.255.0"),
        ("dhcp", None),
        ("negotiated", "255.255.255.0"),
        ("2001:db8:0:1::1/64", None),
        ("2001:DB8::1", "64"),
        ("fe80::1", None),
        ("0.0.0.0", "0.0.0.0"),
        ("192.0.2.1", "255.255.255.255"),
    ],
)
def test_interface_addresses_are_read_as_the_ipaddress_module_reads_them(address: str, mask: str | None) -> None:
    try:
        text = f"{address}/{mask}" if mask is not None and "/" not in address else address
        net = ipaddress.ip_interface(text).network
        expected: tuple[int, int, int] | None = (net.version, net.prefixlen, int(net.network_address))
    except ValueError:
        expected = None
    assert roles._net(address, mask) == expected


def test_addresses_are_read_only_when_a_route_or_peer_is_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = roles._net

    def counted(address: str, mask: str | None = None) -> tuple[int, int, int] | None:
        read.append(address)
        return real(address, mask)

    monkeypatch.setattr(roles, "_net", counted)
    ports = "".join(f"interface GigabitEthernet1/{n}\n ip address 10.9.{n}.1 255.255.255.0\n" for n in range(40))
    quiet = roles.infer_interface_roles(tree_of(ports))
    assert read == [] and {r.role for r in quiet.items} == {"unknown"}
    routed = roles.infer_interface_roles(tree_of(ports + "ip route 0.0.0.0 0.0.0.0 10.9.7.254\n"))
    assert len(read) == 40 and [r.name for r in routed.external()] == ["GigabitEthernet1/7"]


def test_role_evidence_is_read_once_per_device_whatever_the_description_words() -> None:
    ports = "".join(f"interface GigabitEthernet1/{n}\n description rack {n}\n no shutdown\n" for n in range(200))
    ctx = context(IOS + ports)
    first = lines_executed(lambda: roles.roles_for(ctx))
    again = lines_executed(lambda: roles.roles_for(ctx))
    other = lines_executed(lambda: roles.roles_for(ctx, roles.description_pattern(["transit"])))
    assert again < 50
    # A second pattern judges the descriptions again, but reads no statement of the configuration.
    assert other < first / 3
    assert [r.name for r in roles.roles_for(ctx).external()] == ["GigabitEthernet0/0"]


def test_interface_keys_are_worked_out_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "_KEYS", {})
    name = "TenGigabitEthernet7/0/42"
    first = lines_executed(lambda: roles.interface_key(name))
    assert roles.interface_key(name) == "te7/0/42"
    assert lines_executed(lambda: roles.interface_key(name)) < first


def test_whether_a_fix_binds_is_decided_once_per_fix_and_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bindings, "_BOUND", {})
    lines = ("line vty 0 4", " access-class <vty-acl> in")
    first = lines_executed(lambda: is_bound(lines, "cisco_ios"))
    assert is_bound(lines, "cisco_ios") is True
    assert is_bound(("no ip http server",), "cisco_ios") is False
    assert lines_executed(lambda: is_bound(lines, "cisco_ios")) < first
    assert is_bound(list(lines), "cisco_ios") is True  # a list is read as it is
