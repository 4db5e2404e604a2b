"""Bytes to numbered lines: encodings, line endings, pager debris, and what read_dump refuses."""

from __future__ import annotations

import random

import pytest

from devaudit.errors import InputError
from devaudit.ingest import _PAGER, _PAGER_PROMPT, decode, read_dump, split_lines
from tests.conftest import corpus_file


def _corpus(name: str) -> bytes:
    return corpus_file(name).read_bytes()


# --- line endings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [("cisco_ios/ccp-sample03-ios12.2.cfg", 174), ("huawei_vrp/sf-security-config-SYNTHETIC.cfg", 112)],
)
def test_crlf_file_has_no_cr_and_lf_numbering(name: str, lines: int) -> None:
    data = _corpus(name)
    assert data.count(b"\r\n") == data.count(b"\n") == lines
    dump = read_dump(data, name)
    assert [number for number, _ in dump.lines] == list(range(1, lines + 1))
    assert not any("\r" in text for _, text in dump.lines)
    assert dump.lines == read_dump(data.replace(b"\r\n", b"\n"), name).lines


def test_mixed_endings_stray_cr_line_in_banner_keeps_lf_numbering() -> None:
    """ccp-sample01: 451 LF lines and one CRLF line (418, empty, inside the ^C login banner)."""
    data = _corpus("cisco_ios/ccp-sample01.cfg")
    assert data.count(b"\r") == 1
    dump = read_dump(data, "ccp-sample01")
    assert len(dump.lines) == 452
    numbered = dict(dump.lines)
    assert numbered[413] == "banner login ^C"
    assert numbered[418] == ""
    assert numbered[419] == "We don't like you. Go away."
    assert numbered[420] == "^C"
    assert numbered[422] == "line con 0"


def test_crlf_file_with_an_lf_banner() -> None:
    """xod442-5930-leaf01 style: CRLF everywhere but the ASCII-art 'header legal %' banner, which is LF."""
    data = (
        b"#\r\n sysname LEAF01\r\n#\r\n header legal %\n  _   _ ____  _____\n | | | |  _ \\| ____|\n%\r\n#\r\n"
        b"line vty 0 63\r\n authentication-mode scheme\r\n#\r\nreturn\r\n"
    )
    dump = read_dump(data, "leaf01.cfg")
    assert dump.lines == (
        (1, "#"),
        (2, " sysname LEAF01"),
        (3, "#"),
        (4, " header legal %"),
        (5, "  _   _ ____  _____"),
        (6, " | | | |  _ \\| ____|"),
        (7, "%"),
        (8, "#"),
        (9, "line vty 0 63"),
        (10, " authentication-mode scheme"),
        (11, "#"),
        (12, "return"),
    )


def test_cr_only_file_is_split_by_cr() -> None:
    lines, _ = split_lines("hostname R1\rinterface Gi0/1\r description x\r")
    assert lines == [(1, "hostname R1"), (2, "interface Gi0/1"), (3, " description x")]


def test_stray_cr_inside_an_lf_line_splits_it_under_one_number() -> None:
    lines, _ = split_lines("hostname R1\nfoo\rbar\nend\n")
    assert lines == [(1, "hostname R1"), (2, "foo"), (2, "bar"), (3, "end")]


@pytest.mark.parametrize(
    ("name", "last"),
    [
        ("cisco_nxos/scrapli-nxos.cfg", (297, "boot nxos bootflash:/nxos.9.2.4.bin")),
        ("cisco_asa/nu-asa-full.cfg", (108, ": end")),
        ("arista_eos/scrapli-veos-4.22.cfg", (279, "end")),
        ("juniper_junos/scrapli-vmx17.conf", (114, "}")),
        (
            "nokia_sros/clab-srsim-flat.cfg",
            (
                158,
                "/configure port 1/1/c22/1 ethernet lldp dest-mac nearest-bridge"
                " tx-mgmt-address oob admin-state enable",
            ),
        ),
        ("hp_comware/nu-comware7-full.cfg", (283, "return")),
    ],
)
def test_missing_final_newline_keeps_the_last_line(name: str, last: tuple[int, str]) -> None:
    data = _corpus(name)
    assert not data.endswith(b"\n")
    assert read_dump(data, name).lines[-1] == last


# --- encodings ----------------------------------------------------------------------------------


def test_gbk_config_is_decoded_and_reported() -> None:
    """A Comware 5 template saved by a Chinese Windows editor: GBK placeholders for IP and password."""
    text = (
        "#\n sysname 出口路由器\n#\ninterface GigabitEthernet0/0\n ip address 公网ip 255.255.255.248\n#\n"
        "local-user admin\n password simple 密码\n#\nreturn\n"
    )
    dump = read_dump(text.encode("gbk"), "wensip-like.cfg")
    assert dump.encoding == "gbk"
    assert dump.lines[4] == (5, " ip address 公网ip 255.255.255.248")
    assert dump.lines[7] == (8, " password simple 密码")


@pytest.mark.parametrize(
    "text",
    [
        "snmp-server location Zürich, Bahnhofstraße 1\n",
        "interface Gi0/1\n description Liaison Montréal - Québec\n",
        "hostname R1\nbanner motd ^C Accès réservé ^C\n",
    ],
)
def test_latin1_config_is_decoded_and_reported(text: str) -> None:
    data = text.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data) == (text, "latin-1")


def test_utf8_and_bom() -> None:
    assert decode("description café\n".encode()) == ("description café\n", "utf-8")
    dump = read_dump(b"\xef\xbb\xbfhostname R1\nend\n", "bom.cfg")
    assert dump.encoding == "utf-8-sig"
    assert dump.lines == ((1, "hostname R1"), (2, "end"))


def test_vrp_banner_esc_and_0x19_bytes_separate_words() -> None:
    """VRP stores the line breaks of 'header login information' as ESC/0x19 bytes."""
    data = (
        b'#\nheader login information "WARNING - PRIVATE DEVICE\x1b\x19Any unauthorized access is'
        b' prohibited.\x1b\x19\x1b\x19Disconnect now."\n#\nreturn\n'
    )
    dump = read_dump(data, "vrp.cfg")
    assert dump.lines[1] == (
        2,
        'header login information "WARNING - PRIVATE DEVICE Any unauthorized access is prohibited. Disconnect now."',
    )


def test_tabs_become_spaces() -> None:
    lines, _ = split_lines("interface Gi0/1\n\tdescription\tuplink\n  \tquit\n")
    assert lines == [(1, "interface Gi0/1"), (2, " description uplink"), (3, "   quit")]


# --- pager debris -------------------------------------------------------------------------------


def test_backspace_erased_more_prompt_mid_line() -> None:
    """A PuTTY log of a ZTE C300: the pager prompt is erased with backspaces in the middle of a line."""
    erase = "\b" * 8 + " " * 8 + "\b" * 8
    data = f"interface gei_1/19/1\n  switchport vlan 100 --More--{erase}tag\n  no shutdown\n".encode()
    dump = read_dump(data, "c300.log")
    assert dump.lines == ((1, "interface gei_1/19/1"), (2, "  switchport vlan 100 tag"), (3, "  no shutdown"))
    assert dump.pager_debris == 1


def test_literal_more_prompt_mid_line_and_at_line_start() -> None:
    """A 'printable output' log keeps the prompt and its erasing spaces but not the backspaces."""
    text = (
        "interface gpon-olt_1/1/1\n"
        "  name PON-1 --More--         \n"
        "--More--          onu 1 type ZTE-F660 sn ZTEGC0000001\n"
        " --More-- \n"
        "  ip address 10.0.0.1 --More--         255.255.255.0\n"
    )
    lines, debris = split_lines(text)
    assert [line.rstrip() for _, line in lines] == [
        "interface gpon-olt_1/1/1",
        "  name PON-1",
        "  onu 1 type ZTE-F660 sn ZTEGC0000001",
        "",
        "  ip address 10.0.0.1 255.255.255.0",
    ]
    assert debris == 4


def test_huawei_more_prompt_erased_by_cursor_moves() -> None:
    erase = b"\x1b[42D" + b" " * 42 + b"\x1b[42D"
    data = b"interface Vlanif10\n  ---- More ----" + erase + b" ip address 10.0.0.1 24\n"
    assert read_dump(data, "vrp.log").lines == ((1, "interface Vlanif10"), (2, " ip address 10.0.0.1 24"))


def test_ansi_colour_codes_are_removed() -> None:
    lines, _ = split_lines("\x1b[1;32mhostname R1\x1b[0m\n")
    assert lines == [(1, "hostname R1")]


def test_words_containing_more_are_not_debris() -> None:
    lines, debris = split_lines(" description more links to core\n")
    assert (lines, debris) == ([(1, " description more links to core")], 0)


def test_a_text_holds_a_pager_prompt_exactly_when_the_prompt_pattern_finds_one() -> None:
    # The quick test of a whole text agrees with the pattern that cleans the lines, on texts built to tell
    # them apart: runs of dashes, white space before them, percentages, the Huawei and Junos prompts.
    pieces = ["-", "--", "---", " ", "\t", "\n", "more", "MORE", "More", "(", ")", "50%", " 5", "<--- More --->", "x"]
    rng = random.Random(3)
    prompts = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        found = _PAGER.search(text) is not None
        assert (_PAGER_PROMPT.search(text) is not None) == found, text
        prompts += found
    assert prompts > 1_000


def test_a_banner_saying_more_keeps_its_lines() -> None:
    text = "banner motd ^C\nFor more information -- call the NOC --\n^C\n" + " no shutdown\n" * 3
    lines, debris = split_lines(text)
    assert debris == 0 and lines[1] == (2, "For more information -- call the NOC --") and len(lines) == 6


def test_trailing_white_space_is_kept() -> None:
    lines, _ = split_lines("traffic-profile 500M color-mode blind \npolicer-type enhanced\n")
    assert lines == [(1, "traffic-profile 500M color-mode blind "), (2, "policer-type enhanced")]


# --- what read_dump refuses ---------------------------------------------------------------------


def test_empty_input_is_refused() -> None:
    for data in (b"", b"\n\n  \r\n"):
        with pytest.raises(InputError) as info:
            read_dump(data, "empty.cfg")
        assert info.value.reason == "file is empty"
        assert str(info.value) == "empty.cfg: file is empty"


def test_binary_input_is_refused() -> None:
    gzip_header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)) * 4
    with pytest.raises(InputError) as info:
        read_dump(gzip_header, "backup.cfg.gz")
    assert info.value.reason == "file is binary, not a text configuration"


def test_oversized_input_is_refused() -> None:
    with pytest.raises(InputError) as info:
        read_dump(b"hostname R1\n" * 100, "big.cfg", max_bytes=1000)
    assert info.value.reason == "file is 1,200 bytes, above the limit of 1,000 (--max-size)"


def test_dump_records_source_and_size() -> None:
    dump = read_dump(b"hostname R1\n", "r1.cfg")
    assert (dump.source, dump.size, dump.encoding, dump.pager_debris) == ("r1.cfg", 12, "utf-8", 0)
