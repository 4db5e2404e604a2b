"""SR Linux parsing: 'info' braces, 'info flat' / scripts, and JSON give one tree of schema paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.errors import ParseError
from devaudit.ingest import split_lines
from devaudit.parsers import parse
from devaudit.platforms.nokia_srl.parser import parse_srl
from devaudit.tree import ConfigTree

CONFIGS = Path(__file__).resolve().parent / "configs"

BRACE = """\
--{ running }--[  ]--
A:leaf1# info from running /system
    system {
        aaa {
            authentication {
                idle-timeout 7200
                authentication-method [
                    TACACS
                    local
                ]
            }
            server-group TACACS {
                type tacacs
                server 10.0.0.1 {
                    network-instance mgmt
                    tacacs {
                        secret-key $aes1$AWFrUtA4xFpYAWYPH8s=$Znqq==
                    }
                }
            }
        }
        banner {
            login-banner "Authorised access only.
All activity is logged."
        }
        json-rpc-server {
            admin-state enable
            network-instance mgmt {
                http {
                    admin-state enable
                }
                https {
                    admin-state enable
                    tls-profile "clab-profile"
                }
            }
        }
        grpc-server mgmt {
            services [ gnmi gnoi ]
        }
    }
--{ running }--[  ]--
A:leaf1#
"""

FLAT = """\
set / system aaa authentication idle-timeout 7200
set / system aaa authentication authentication-method [ TACACS local ]
set / system aaa server-group TACACS
set / system aaa server-group TACACS type tacacs
set / system aaa server-group TACACS server 10.0.0.1 network-instance mgmt
set / system aaa server-group TACACS server 10.0.0.1 tacacs secret-key $aes1$AWFrUtA4xFpYAWYPH8s=$Znqq==
set / system banner login-banner "Authorised access only.
All activity is logged."
set / system json-rpc-server admin-state enable network-instance mgmt http admin-state enable
set / system json-rpc-server admin-state enable network-instance mgmt https admin-state enable tls-profile clab-profile
set / system grpc-server mgmt services [ gnmi gnoi ]
"""

JSON = """\
{
  "_preamble": {"header": {"generated-by": "SRLINUX", "release": "SRLINUX-v24.10.1-492-gf8858c5836"}},
  "srl_nokia-system:system": {
    "srl_nokia-aaa:aaa": {
      "authentication": {"idle-timeout": 7200, "authentication-method": ["TACACS", "local"]},
      "server-group": [{"name": "TACACS", "type": "srl_nokia-aaa-types:tacacs",
         "server": [{"address": "10.0.0.1", "network-instance": "mgmt",
                     "tacacs": {"secret-key": "$aes1$AWFrUtA4xFpYAWYPH8s=$Znqq=="}}]}]
    },
    "srl_nokia-system-banner:banner": {"login-banner": "Authorised access only.\\nAll activity is logged."},
    "srl_nokia-json-rpc:json-rpc-server": {"admin-state": "enable", "network-instance": [
      {"name": "mgmt", "http": {"admin-state": "enable"},
       "https": {"admin-state": "enable", "tls-profile": "clab-profile"}}]},
    "srl_nokia-grpc:grpc-server": [{"name": "mgmt", "services": ["gnmi", "gnoi"]}]
  }
}
"""

LEAVES = [
    "system aaa authentication idle-timeout 7200",
    "system aaa authentication authentication-method TACACS",
    "system aaa authentication authentication-method local",
    "system aaa server-group TACACS type tacacs",
    "system aaa server-group TACACS server 10.0.0.1 network-instance mgmt",
    "system aaa server-group TACACS server 10.0.0.1 tacacs secret-key $aes1$AWFrUtA4xFpYAWYPH8s=$Znqq==",
    'system banner login-banner "Authorised access only.\\nAll activity is logged."',
    "system json-rpc-server admin-state enable",
    "system json-rpc-server network-instance mgmt http admin-state enable",
    "system json-rpc-server network-instance mgmt https admin-state enable",
    "system json-rpc-server network-instance mgmt https tls-profile clab-profile",
    "system grpc-server mgmt services gnmi",
    "system grpc-server mgmt services gnoi",
]


def tree(text: str) -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, "nokia_srl")


@pytest.mark.parametrize("text", [BRACE, FLAT, JSON], ids=["brace", "flat", "json"])
def test_the_three_forms_give_one_tree(text: str) -> None:
    parsed = tree(text)
    assert parsed.flat
    assert sorted(node.text for node in parsed.roots) == sorted(LEAVES)


def test_each_leaf_keeps_the_line_it_was_written_on() -> None:
    brace = {node.text: node.line for node in tree(BRACE).roots}
    assert brace["system aaa authentication idle-timeout 7200"] == 6
    assert brace["system aaa authentication authentication-method local"] == 7  # the '[' line
    assert brace["system json-rpc-server network-instance mgmt https tls-profile clab-profile"] == 34
    flat = {node.text: node.line for node in tree(FLAT).roots}
    assert flat["system json-rpc-server network-instance mgmt https tls-profile clab-profile"] == 10
    assert flat['system banner login-banner "Authorised access only.\\nAll activity is logged."'] == 7
    json_lines = {node.text: node.line for node in tree(JSON).roots}
    assert json_lines["system aaa server-group TACACS server 10.0.0.1 network-instance mgmt"] == 7
    assert json_lines["system grpc-server mgmt services gnoi"] == 14


def test_prompts_and_session_commands_are_counted_not_parsed() -> None:
    parsed = tree((CONFIGS / "radius-lab-session.txt").read_text())
    assert parsed.stats.skipped == {"terminal prompt or command": 7, "blank": 3}
    assert [node.text for node in parsed.roots if "authentication-method" in node.text] == [
        "system aaa authentication authentication-method RADIUS-DEMO",
        "system aaa authentication authentication-method local",
    ]
    assert "system aaa authorization role admin services json-rpc" in {node.text for node in parsed.roots}
    assert "system configuration role viewer rule / action read" in {node.text for node in parsed.roots}


def test_compound_set_lines_and_deletes_of_a_config_script() -> None:
    """containerlab's own script: several leaves per 'set' line, a 'delete', 'enter candidate' / 'commit now'."""
    parsed = tree((CONFIGS / "containerlab-defaults.cfg").read_text())
    texts = [node.text for node in parsed.roots]
    assert "system snmp access-group SNMPv2-RO-Community security-level no-auth-no-priv" in texts
    assert "system snmp access-group SNMPv2-RO-Community community-entry RO-Community community public" in texts
    assert "system netconf-server mgmt admin-state enable" in texts
    assert "system netconf-server mgmt ssh-server mgmt-netconf" in texts
    assert [t for t in texts if t.startswith("system json-rpc-server")] == [
        "system json-rpc-server admin-state enable",
        "system json-rpc-server network-instance mgmt http admin-state enable",
        "system json-rpc-server network-instance mgmt https admin-state enable",
        "system json-rpc-server network-instance mgmt https tls-profile clab-profile",
    ]
    assert parsed.stats.skipped["terminal prompt or command"] == 2  # enter candidate, commit now
    deleted = tree("set / system ftp-server network-instance mgmt admin-state enable\ndelete / system ftp-server\n")
    assert deleted.roots == []


def test_json_module_prefixes_and_list_keys() -> None:
    parsed = tree((CONFIGS / "telemetry-lab-leaf1.json").read_text())
    texts = {node.text: node.line for node in parsed.roots}
    assert texts["system aaa server-group local type local"] == 110  # 'srl_nokia-aaa-types:local'
    assert texts["system ssh-server network-instance mgmt admin-state enable"] == 162
    assert texts["acl cpm-filter ipv4-filter entry 60 match destination-port value 22"] > 0
    assert texts["interface mgmt0 subinterface 0 ipv4 dhcp-client"] > 0
    assert not any(text.startswith(("_preamble", "srl_nokia")) for text in texts)


def test_quotes_around_one_word_are_dropped_and_kept_around_text() -> None:
    parsed = tree(
        'set / system aaa authorization role "admin" services [ cli ]\n'
        'set / acl acl-filter cpm type ipv4 entry 10 description "Accept SSH"\n'
    )
    assert [node.text for node in parsed.roots] == [
        "system aaa authorization role admin services cli",
        'acl acl-filter cpm type ipv4 entry 10 description "Accept SSH"',
    ]


def test_bad_input_names_the_line() -> None:
    with pytest.raises(ParseError, match="line 3"):
        tree('{\n  "srl_nokia-system:system": {\n    "name" "x"\n  }\n}\n')
    with pytest.raises(ParseError, match="nested deeper than 64"):
        tree("".join(f"{'  ' * i}b{i} {{\n" for i in range(70)))


def test_the_parser_reads_numbered_lines_directly() -> None:
    parsed = parse_srl([(10, "set / system name host-name leaf1")], "nokia_srl")
    assert [(node.line, node.text) for node in parsed.roots] == [(10, "system name host-name leaf1")]
