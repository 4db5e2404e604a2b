"""Nokia SR OS: classic CLI, MD-CLI braces and flat MD-CLI paths into one flat tree."""

from __future__ import annotations

from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from devaudit.tree import ConfigTree
from tests.conftest import corpus_file

MDCLI_BRACE = """\
# TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.
# Configuration format version 21.2 revision 0

configure {
    system {
        name "pe1"
        login-control {
            ssh {
                inbound-max-sessions 10
            }
        }
        security {
            telnet-server false
            ssh {
                server-cipher-list-v2 {
                    cipher 190 {
                        name aes256-ctr
                    }
                }
            }
            user-params {
                local-user {
                    user "admin" {
                        password "$2y$10$abcdefghijklmnopqrstuv"
                        access {
                            console true
                            ftp false
                        }
                        console {
                            member ["administrative" "default"]
                        }
                    }
                }
            }
        }
    }
    router "Base" {
        interface "system" {
        }
    }
}
"""

MDCLI_FLAT = """\
# TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.
/configure system name "pe1"
/configure system login-control ssh inbound-max-sessions 10
/configure    system security telnet-server false
/ configure system security ssh server-cipher-list-v2 cipher 190 name aes256-ctr
/configure system security user-params local-user user "admin" password "$2y$10$abcdefghijklmnopqrstuv"
/configure system   security user-params local-user user "admin" access console true
/configure system security user-params local-user user "admin" access ftp false
/configure system security user-params local-user user "admin" console member ["administrative" "default"]
/configure router "Base" interface "system"
"""

EXPECTED = [
    'system name "pe1"',
    "system login-control ssh inbound-max-sessions 10",
    "system security telnet-server false",
    "system security ssh server-cipher-list-v2 cipher 190 name aes256-ctr",
    'system security user-params local-user user "admin" password "$2y$10$abcdefghijklmnopqrstuv"',
    'system security user-params local-user user "admin" access console true',
    'system security user-params local-user user "admin" access ftp false',
    'system security user-params local-user user "admin" console member ["administrative" "default"]',
    'router "Base" interface "system"',
]

CLASSIC = """\
# TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.

exit all
configure
#--------------------------------------------------
echo "System Configuration"
#--------------------------------------------------
    system
        name "pe1"
        bluetooth
            module A
            exit
            power off
        exit
        security
            telnet-server
            no ftp-server
            user "admin"
                password "$2y$10$abcdefghijklmnopqrstuv"
                access console ftp
            exit
        exit
    exit
exit all

# Finished THU APR 15 01:29:00 2021 UTC
INFO: CLI #2052: Switching to the MD-CLI engine
"""


def sros(text: str) -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, "nokia_sros")


def test_mdcli_brace_and_flat_give_identical_trees() -> None:
    brace, flat = sros(MDCLI_BRACE), sros(MDCLI_FLAT)
    assert [node.text for node in brace.roots] == EXPECTED
    assert [node.text for node in flat.roots] == EXPECTED
    assert brace.flat
    assert flat.flat


def test_flat_lines_keep_their_line_numbers() -> None:
    assert [node.line for node in sros(MDCLI_FLAT).roots] == list(range(2, 11))


def test_classic_cli_blocks_closed_by_exit() -> None:
    tree = sros(CLASSIC)
    assert [(node.line, node.text) for node in tree.roots] == [
        (9, 'system name "pe1"'),
        (11, "system bluetooth module A"),  # an empty block: 'module A' then 'exit'
        (13, "system bluetooth power off"),
        (16, "system security telnet-server"),
        (17, "system security no ftp-server"),
        (19, 'system security user "admin" password "$2y$10$abcdefghijklmnopqrstuv"'),
        (20, 'system security user "admin" access console ftp'),
    ]
    # The TiMOS header, echo lines, 'exit all' and the CLI's closing INFO message are not configuration.
    assert tree.stats.skipped == {"comment": 4, "blank": 2, "structure": 4}


def _corpus(name: str) -> ConfigTree:
    path = corpus_file(name)
    return parse(read_dump(path.read_bytes(), name).lines, "nokia_sros")


def test_corpus_flat_file_with_irregular_spacing() -> None:
    tree = _corpus("nokia_sros/clab-srsim-flat.cfg")
    texts = {node.line: node.text for node in tree.roots}
    assert texts[94] == "system grpc admin-state enable"  # '/configure    system ...'
    assert texts[98] == "system management-interface netconf listen admin-state enable"  # '/ configure ...'
    assert len(tree.roots) == 155


def test_corpus_classic_file() -> None:
    tree = _corpus("nokia_sros/nu-sros-r1-baseconfig.cfg")
    texts = {node.line: node.text for node in tree.roots}
    assert texts[14] == 'system name "sros-r1"'
    assert texts[34] == "system bluetooth power off"
    assert texts[87].startswith('system security user "admin" password "$2y$10$')
    assert not [text for text in texts.values() if text.startswith("INFO:")]


def test_corpus_mdcli_brace_file() -> None:
    tree = _corpus("nokia_sros/bf-sros-r1-mdcli.cfg")
    texts = {node.line: node.text for node in tree.roots}
    assert texts[11] == "card 1 card-type iom-1"
    assert (
        texts[24]
        == 'policy-options policy-statement "export-system" entry 10 from prefix-list ["system-pfx"]'
    )
    assert texts[82] == 'system name "r1"'
