"""The indentation parser on the corpus quirks (PARSING_NOTES.md) and on the peer auditors' bug classes."""

from __future__ import annotations

import pytest

from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from devaudit.tree import KIND_BANNER, KIND_COMMAND, KIND_OPAQUE, ConfigTree, Node
from tests.conftest import corpus_file


def corpus_tree(name: str) -> ConfigTree:
    path = corpus_file(name)
    return parse(read_dump(path.read_bytes(), name).lines, name.split("/", maxsplit=1)[0])


def text_tree(text: str, platform: str) -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, platform)


def shape(nodes: list[Node]) -> list[tuple[int, str, list[object]]]:
    """(line, text, children's shapes) for comparing whole subtrees."""
    return [(node.line, node.text, shape(node.children)) for node in nodes]


def banners(tree: ConfigTree) -> list[tuple[int, str, tuple[str, ...]]]:
    return [(node.line, node.text, node.body) for node in tree.walk() if node.kind == KIND_BANNER]


# --- banners, every delimiter -------------------------------------------------------------------


def test_ios_caret_c_banner_with_stray_cr_line() -> None:
    tree = corpus_tree("cisco_ios/ccp-sample01.cfg")
    assert banners(tree) == [
        (
            413,
            "banner login ^C",
            (
                "Router Foo. Access to this device or the attached",
                "networks is prohibited without express written permission from the",
                "legal owner of this device.  Violators will be prosecuted to the",
                "fullest extent of both civil and criminal law.",
                "",
                "We don't like you. Go away.",
            ),
        )
    ]
    after = next(node for node in tree.roots if node.line > 413)
    assert (after.line, after.text) == (422, "line con 0")


def test_ios_banner_login_caret_cc() -> None:
    """'^CC': the delimiter is ^C and the banner text starts with 'C' (a re-pasted ^C banner)."""
    tree = corpus_tree("cisco_ios/ccp-sample02-ios12.0.cfg")
    ((line, text, body),) = banners(tree)
    assert (line, text, body[0], body[-1], len(body)) == (222, "banner login ^C", "C", "purposes only.", 7)
    after = next(node for node in tree.roots if node.line > 222)
    assert (after.line, after.text) == (231, "line con 0")


def test_one_line_banner_does_not_swallow_the_config() -> None:
    """nipper-ng's bug: 'banner motd ^C text ^C' on one line taken as the start of a multi-line banner."""
    tree = text_tree(
        "hostname R1\nbanner motd ^C Authorised access only ^C\nline vty 0 4\n transport input telnet ssh\n"
        "line vty 5 15\n transport input all\nend\n",
        "cisco_ios",
    )
    assert banners(tree) == [(2, "banner motd ^C", ("Authorised access only",))]
    assert shape(tree.roots) == [
        (1, "hostname R1", []),
        (2, "banner motd ^C", []),
        (3, "line vty 0 4", [(4, "transport input telnet ssh", [])]),
        (5, "line vty 5 15", [(6, "transport input all", [])]),
    ]


def test_banner_closing_delimiter_after_text_on_the_same_line() -> None:
    tree = text_tree("banner exec ^C\nWelcome to R1\nAuthorised use only^C\nhostname R1\n", "cisco_ios")
    assert banners(tree) == [(1, "banner exec ^C", ("Welcome to R1", "Authorised use only"))]
    assert [node.text for node in tree.roots] == ["banner exec ^C", "hostname R1"]


def test_nxos_hash_banner() -> None:
    tree = text_tree(
        "banner motd #\nNX-OS lab switch\nAuthorised access only\n#\nbanner exec #Hello#\nfeature ssh\n",
        "cisco_nxos",
    )
    assert banners(tree) == [
        (1, "banner motd #", ("NX-OS lab switch", "Authorised access only")),
        (5, "banner exec #", ("Hello",)),
    ]
    assert tree.roots[-1].text == "feature ssh"


def test_xr_hash_and_slash_banners_from_the_corpus() -> None:
    sample01 = banners(corpus_tree("cisco_xr/ccp-sample01.cfg"))
    assert [(line, text, len(body)) for line, text, body in sample01] == [(20, "banner login #", 21)]
    assert sample01[0][2][14] == "                   ! UNAUTHORISED ACCESS PROHIBITED !"
    sample05 = banners(corpus_tree("cisco_xr/ccp-sample05.cfg"))
    assert [(line, text, body[2]) for line, text, body in sample05] == [
        (6, "banner exec /", "  Welcome!"),
        (13, "banner login /", "*"),
    ]


def test_xr_tilde_banner() -> None:
    tree = text_tree(
        "hostname PE1\nbanner motd ~\nAuthorised users only - this is PE1\n~\nlogging console critical\n",
        "cisco_xr",
    )
    assert banners(tree) == [(2, "banner motd ~", ("Authorised users only - this is PE1",))]
    assert tree.roots[-1].text == "logging console critical"


def test_eos_banner_ends_with_eof() -> None:
    tree = corpus_tree("arista_eos/scrapli-veos-4.22.cfg")
    ((line, text, body),) = banners(tree)
    assert (line, text, len(body), body[0], body[-1]) == (
        260,
        "banner login",
        9,
        "No startup-config was found.",
        "Note: The device will reload when these commands are issued.",
    )
    after = next(node for node in tree.roots if node.line > 260)
    assert (after.line, after.text) == (272, "management api http-commands")


def test_asa_banner_is_one_statement_per_line() -> None:
    tree = text_tree(
        "ASA Version 9.12(4)67\nbanner motd Authorised access only.\nbanner motd Activity is logged.\n"
        "hostname fw1\n",
        "cisco_asa",
    )
    assert banners(tree) == [
        (2, "banner motd", ("Authorised access only.",)),
        (3, "banner motd", ("Activity is logged.",)),
    ]
    assert [node.text for node in tree.roots][-1] == "hostname fw1"


def test_comware_header_indented_and_not() -> None:
    full = banners(corpus_tree("hp_comware/nu-comware7-full.cfg"))
    assert [(line, text, len(body), body[1]) for line, text, body in full] == [
        (229, "header motd %", 4, "Unauthorized Access to or Use of this System is STRICTLY PROHIBITED.")
    ]
    basic = banners(corpus_tree("hp_comware/nu-comware7-basic.cfg"))
    assert [(line, text, body[2], body[-1]) for line, text, body in basic] == [
        (38, "header motd #", "!!! WARNING !!!", "==================================================")
    ]


def test_comware_header_legal_percent() -> None:
    tree = text_tree(
        "#\n sysname SW1\n#\nheader legal %Authorised users only.\nViolators will be prosecuted.%\n#\n"
        " header shell %\n  ASCII art line\n%\n#\nreturn\n",
        "hp_comware",
    )
    assert banners(tree) == [
        (4, "header legal %", ("Authorised users only.", "Violators will be prosecuted.")),
        (7, "header shell %", ("  ASCII art line",)),
    ]
    assert [node.text for node in tree.roots] == ["sysname SW1", "header legal %", "header shell %"]


def test_zte_banner_incoming_hash() -> None:
    tree = text_tree(
        "!<system-config>\nhostname ZXR10\nbanner incoming #\nAuthorised access only\n  Support: noc@example.net\n#\n"
        "!</system-config>\n",
        "zte_zxros",
    )
    assert banners(tree) == [
        (3, "banner incoming #", ("Authorised access only", "  Support: noc@example.net"))
    ]


def test_vrp_quoted_header_one_line_and_multi_line() -> None:
    tree = text_tree(
        '#\nheader login information "Authorised access only"\n#\nheader shell information "\nWelcome\n'
        'to PE1"\n#\nuser-interface vty 0 4\n authentication-mode aaa\n#\nreturn\n',
        "huawei_vrp",
    )
    assert banners(tree) == [
        (2, 'header login information "', ("Authorised access only",)),
        (4, 'header shell information "', ("Welcome", "to PE1")),
    ]
    assert shape(tree.roots)[-1] == (8, "user-interface vty 0 4", [(9, "authentication-mode aaa", [])])


def test_vrp_header_with_esc_bytes_is_one_banner() -> None:
    data = b'#\nheader login information "WARNING\x1b\x19Unauthorised access prohibited"\n#\nsysname PE1\n#\nreturn\n'
    tree = parse(read_dump(data, "vrp").lines, "huawei_vrp")
    assert banners(tree) == [(2, 'header login information "', ("WARNING Unauthorised access prohibited",))]
    assert tree.roots[-1].text == "sysname PE1"


# --- headers before the configuration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first", "skipped"),
    [
        # About 620 RANCID '!' lines (show version, inventory, diag) before the config.
        ("cisco_xr/faddr-xrv6-rancid.cfg", (625, "hostname cisco-iosxr-6-xrv"), {"comment": 660}),
        ("cisco_ios/faddr-7206-rancid.cfg", (113, "config-register 0x2102"), {"comment": 148}),
        ("cisco_ios/ox-asr920-16.8.cfg", (30, "version 16.8"), {"comment": 141, "blank": 2}),
        ("cisco_xr/ccp-sample07.cfg", (5, "hostname ASR9001"), {"preamble": 1, "comment": 218}),
        ("cisco_asa/nu-asa-full.cfg", (4, "ASA Version 9.7(1)24"), {"comment": 10, "blank": 2}),
        ("cisco_nxos/napalm-nxos-ssh-running.cfg", (3, "version 7.3(1)D1(1)"), {"comment": 2}),
        ("huawei_vrp/faddr-ne40e-v800-rancid.cfg", (12, "sysname huawei-vrp-v800-ne40"), {"comment": 75}),
    ],
)
def test_headers_are_skipped(name: str, first: tuple[int, str], skipped: dict[str, int]) -> None:
    tree = corpus_tree(name)
    assert (tree.roots[0].line, tree.roots[0].text) == first
    assert tree.stats.skipped == skipped


def test_building_configuration_and_current_configuration_lines() -> None:
    tree = text_tree(
        "Building configuration...\n\nCurrent configuration : 1234 bytes\n!\n! Last configuration change at 10:00\n"
        "version 17.9\nhostname R1\nend\n",
        "cisco_ios",
    )
    assert [node.text for node in tree.roots] == ["version 17.9", "hostname R1"]
    assert tree.stats.skipped == {"preamble": 2, "blank": 1, "comment": 2}


def test_asa_trailer_comments_and_checksum() -> None:
    tree = corpus_tree("cisco_asa/pyntc-asa-9.0.cfg")
    texts = [node.text for node in tree.roots]
    assert texts[0] == "ASA Version 9.0(1)"
    assert not [text for text in texts if text.startswith((":", "Cryptochecksum"))]


# --- NX-OS elisions, wrapped lines --------------------------------------------------------------


def test_nxos_elision_marks_the_tree() -> None:
    tree = corpus_tree("cisco_nxos/ox-n5548-7.3.cfg")
    assert tree.elided
    assert tree.stats.skipped["elided by the source"] == 1
    assert not text_tree("feature ssh\ninterface mgmt0\n  vrf member management\n", "cisco_nxos").elided


def test_asa_line_wrapped_at_80_columns_is_joined() -> None:
    tree = corpus_tree("cisco_asa/pyntc-asa-9.0.cfg")
    (timeout,) = [node for node in tree.roots if node.text.startswith("timeout conn")]
    assert timeout.line == 56
    assert timeout.text.endswith(
        "h323 0:05:00 h225 1:00:00 mgcp 0:05:00 mgcp-pat 0:05:00 sip 0:30:00 sip_media 0:02:00"
    )
    assert [node.text for node in tree.roots if node.line in (55, 57, 58, 59)] == [
        "timeout xlate 3:00:00",
        "timeout uauth 0:00:00 absolute",
    ]


def test_an_80_column_line_followed_by_a_command_is_not_joined() -> None:
    banner_line = "snmp-server location Building 4, floor 2, rack 17, row C, datacentre Frankfurt/M"
    assert len(banner_line) == 80
    tree = text_tree(f"{banner_line}\nsnmp-server contact noc@example.net\n", "cisco_ios")
    assert [node.text for node in tree.roots] == [banner_line, "snmp-server contact noc@example.net"]


# --- ZTE ZXROS: sections, '$' block ends, wrapped lines -----------------------------------------

PASSWORD = (
    "*21*Qm9yZWFsaXMgaXMgYSB0ZXN0IHN0cmluZyBmb3IgZGV2YXVkaXQgb25seS4gTm90IGEgcmVhbCBwYXNzd29yZCBibG9iLCBqdXN0"
    "IGJhc2U2NCBwYWRkaW5nLiBEZXZhdWRpdCB0ZXN0IGZpeHR1cmUu"
)
PROFILE = (
    "traffic-profile 500M cir 550000 cbs 98304 pir 550000 pbs 98304 color-mode blind policer-type enhanced_mef "
    "coupling-flag enable"
)


def _wrap80(line: str) -> str:
    return "\n".join(line[i : i + 80] for i in range(0, len(line), 80))


ZXROS = f"""\
!<mim>
!configuration saved at 10:42:17 Tue Mar 05 2024
!</mim>
!<system-config>
hostname ZXR10-PE1
!</system-config>
!<if-intf>
interface gei-0/1/0/1
  description to-core-01
  ip address 10.10.1.1 255.255.255.252
$
interface loopback1
  ip address 192.0.2.1 255.255.255.255
$
!</if-intf>
!<system-user>
system-user
  authorization-template 1
    bind aaa-authorization-template 2001
    local-privilege-level 15
  $
  user-name admin
    bind authorization-template 1
{_wrap80("    password encrypted " + PASSWORD)}
  $
  strong-password check enable
$
!</system-user>
!<MSAN>
{_wrap80(PROFILE)}
qos queue-number 8
!</MSAN>
  line telnet server disable
"""


def test_zxros_sections_block_ends_and_wrapped_lines() -> None:
    lines, _ = split_lines(ZXROS)
    assert len(lines[23][1]) == 80  # the capture really is wrapped
    assert lines[24][1][0] != " "
    assert lines[31][1].endswith("blind ")  # wrapped at a space: 80 columns with the space
    tree = parse(lines, "zte_zxros")
    assert shape(tree.roots) == [
        (5, "hostname ZXR10-PE1", []),
        (
            8,
            "interface gei-0/1/0/1",
            [(9, "description to-core-01", []), (10, "ip address 10.10.1.1 255.255.255.252", [])],
        ),
        (12, "interface loopback1", [(13, "ip address 192.0.2.1 255.255.255.255", [])]),
        (
            17,
            "system-user",
            [
                (
                    18,
                    "authorization-template 1",
                    [(19, "bind aaa-authorization-template 2001", []), (20, "local-privilege-level 15", [])],
                ),
                (
                    22,
                    "user-name admin",
                    [(23, "bind authorization-template 1", []), (24, "password encrypted " + PASSWORD, [])],
                ),
                (28, "strong-password check enable", []),
            ],
        ),
        (32, PROFILE, []),
        (34, "qos queue-number 8", []),
        # A section marker closes every block: the indented line after '!</MSAN>' is top level.
        (36, "line telnet server disable", []),
    ]
    assert tree.stats.skipped == {"comment": 1}


def test_zxros_dollar_closes_the_block_even_without_indentation() -> None:
    tree = text_tree("interface gei-0/1/0/1\n  shutdown\n$\nhostname R\n", "zte_zxros")
    assert shape(tree.roots) == [(1, "interface gei-0/1/0/1", [(2, "shutdown", [])]), (4, "hostname R", [])]


# --- VRP and Comware separators -----------------------------------------------------------------


def test_comware5_one_space_globals_after_separator_are_top_level() -> None:
    tree = text_tree(
        "#\n version 5.20.99, Release 1106\n#\n sysname SW1\n#\nvlan 10\n description users\n#\n"
        " snmp-agent\n snmp-agent community read public\n#\nuser-interface vty 0 4\n authentication-mode scheme\n"
        "#\nreturn\n",
        "hp_comware",
    )
    assert shape(tree.roots) == [
        (2, "version 5.20.99, Release 1106", []),
        (4, "sysname SW1", []),
        (6, "vlan 10", [(7, "description users", [])]),
        (9, "snmp-agent", []),
        (10, "snmp-agent community read public", []),
        (12, "user-interface vty 0 4", [(13, "authentication-mode scheme", [])]),
    ]


def test_comware_public_key_block_is_opaque() -> None:
    tree = corpus_tree("hp_comware/nu-comware7-special.cfg")
    (key,) = [node for node in tree.walk() if node.kind == KIND_OPAQUE]
    assert (key.line, key.text, key.parent.text if key.parent else None) == (
        10,
        "public-key-code begin",
        "rsa peer-public-key 192.0.2.5",
    )
    assert (key.body[0], key.body[-1], len(key.body)) == ("ABCDEF01", "FACED", 12)
    assert [node.text for node in tree.roots][-1] == "sysname NTC-Router"


# --- peer auditors' bug classes -----------------------------------------------------------------


def test_several_line_vty_blocks_stay_separate() -> None:
    """pynipper-ng's bug: one 'transport input ssh' anywhere counted for every vty line."""
    tree = corpus_tree("cisco_ios/ccp-sample01.cfg")
    vty = tree.top_two("line vty")
    assert [(node.line, node.text) for node in vty] == [(440, "line vty 0 4")]
    text = text_tree(
        "line vty 0 4\n transport input ssh\nline vty 5 15\n transport input telnet ssh\nline vty 16 31\n"
        " transport input ssh\nend\n",
        "cisco_ios",
    )
    transports = [(node.parent.text, node.text) for node in text.anywhere("transport") if node.parent]
    assert transports == [
        ("line vty 0 4", "transport input ssh"),
        ("line vty 5 15", "transport input telnet ssh"),
        ("line vty 16 31", "transport input ssh"),
    ]


def test_upper_case_keywords_parse_and_index_in_lower_case() -> None:
    """ciscoconfaudit's bug: a regex expecting lower-case 'ro'/'rw' misses 'RO'/'RW'."""
    tree = text_tree(
        "HOSTNAME R1\nSNMP-SERVER COMMUNITY public RW\nINTERFACE GigabitEthernet0/1\n IP ADDRESS 10.0.0.1 255.0.0.0\n"
        "BANNER MOTD ^C Keep out ^C\nLINE VTY 0 4\n TRANSPORT INPUT TELNET\nEND\nhostname after-end\n",
        "cisco_ios",
    )
    assert [node.text for node in tree.top("snmp-server")] == ["SNMP-SERVER COMMUNITY public RW"]
    assert [node.line for node in tree.top("interface")] == [3]
    assert [node.text for node in tree.anywhere("ip")] == ["IP ADDRESS 10.0.0.1 255.0.0.0"]
    assert [node.text for node in tree.top_two("line vty")] == ["LINE VTY 0 4"]
    assert banners(tree) == [(5, "BANNER MOTD ^C", ("Keep out",))]
    assert [node.text for node in tree.roots][-1] == "LINE VTY 0 4"  # END stops the config
    assert tree.stats.skipped == {"after end of configuration": 1}


def test_certificate_block_is_one_opaque_node() -> None:
    tree = text_tree(
        "crypto pki certificate chain TP-self-signed-42\n certificate self-signed 01\n"
        "  30820229 30820192 A0030201 02020101\n  3C4B5A69\n  \tquit\nline vty 0 4\n transport input ssh\n",
        "cisco_ios",
    )
    (chain, vty) = tree.roots
    (certificate,) = chain.children
    assert (certificate.kind, certificate.text, certificate.body, certificate.children) == (
        KIND_OPAQUE,
        "certificate self-signed 01",
        ("30820229 30820192 A0030201 02020101", "3C4B5A69"),
        [],
    )
    assert (vty.kind, vty.text, [child.text for child in vty.children]) == (
        KIND_COMMAND,
        "line vty 0 4",
        ["transport input ssh"],
    )
    assert tree.anywhere("30820229") == []


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        (
            "cisco_ios",
            "hostname R1\nbanner motd ^C One line ^C\nbanner login ^C\nTwo\n lines\n^C\n"
            "crypto pki certificate chain TP\n certificate ca 01\n  3082AA\n  quit\ninterface Gi0/1\n shutdown\nend\n",
        ),
        ("arista_eos", "hostname S1\nbanner login\nWelcome\nEOF\nmanagement ssh\n   idle-timeout 5\n"),
        ("cisco_asa", "hostname FW\nbanner motd Authorised\nbanner motd only\n"),
        ("huawei_vrp", 'sysname PE1\nheader login information "Authorised\nonly"\nuser-interface vty 0 4\n'),
        ("hp_comware", " sysname SW1\nheader legal %Authorised only%\nline vty 0 63\n"),
    ],
)
def test_to_text_parses_back_into_the_same_tree(platform: str, text: str) -> None:
    tree = text_tree(text, platform)
    again = text_tree(tree.to_text(), platform)
    assert [(n.text, n.kind, n.body, len(n.children)) for n in again.walk()] == [
        (n.text, n.kind, n.body, len(n.children)) for n in tree.walk()
    ]


# --- the nodes the parser builds ------------------------------------------------------------------


def test_every_node_has_every_attribute_a_constructed_node_has() -> None:
    text = (
        "hostname R1\n!\ninterface Gi0/1\n description Uplink To Core\n ip address 192.0.2.1 255.255.255.0\n"
        "  Secondary-Thing x\nrouter ospf 1\n network 192.0.2.0 0.0.0.255 area 0\nbanner motd ^C hi ^C\n"
        "crypto pki certificate chain TP\n certificate ca 01\n  3082 01\n  quit\nline vty 0 4\n"
    )
    for platform in ("cisco_ios", "cisco_nxos", "cisco_xr", "arista_eos", "cisco_asa", "huawei_vrp", "zte_zxros"):
        tree = text_tree(text, platform)
        nodes = list(tree.walk())
        assert len(nodes) >= 8
        for node in nodes:
            made = Node(node.text, node.line, node.parent, node.kind, node.body)
            for slot in Node.__slots__:
                if slot not in ("children", "_by_key"):
                    assert getattr(node, slot) == getattr(made, slot), (platform, node, slot)
            assert isinstance(node.children, list)
            assert all(child.parent is node for child in node.children)
    tree = text_tree(text, "cisco_ios")
    interface = tree.top("interface")[0]
    assert (interface.key, interface.inherited, interface.kind) == ("interface", False, KIND_COMMAND)
    assert interface.body == ()
    assert [child.key for child in interface.children] == ["description", "ip"]
    assert interface.children[1].children[0].key == "secondary-thing"


def test_a_block_indexes_its_children_by_first_word() -> None:
    tree = text_tree(
        "line vty 0 4\n Transport input ssh\n exec-timeout 5 0\n transport output none\n password 7 0822455D0A16\n",
        "cisco_ios",
    )
    vty = tree.top("line")[0]
    transports = vty.children_with_key("transport")
    assert [node.text for node in transports] == ["Transport input ssh", "transport output none"]
    assert [node.line for node in vty.children_with_key("exec-timeout")] == [3]
    assert vty.children_with_key("Transport") == [] == vty.children_with_key("login")
    assert vty.children[0].children_with_key("x") == []
