"""IOS checks read IPv4 addresses as the C library's ``inet_aton`` does, without loading ``socket``."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from devaudit.platforms.cisco_ios.checks import _ipv4

FORMS = [
    "192.0.2.1",
    "0.0.0.0",
    "255.255.255.255",
    "010.0.0.1",  # octal: 8.0.0.1
    "0x0a.0X0B.0xff.00",  # hexadecimal
    "08.1.1.1",  # 8 is not an octal digit
    "09.1.1.1",
    "256.1.1.1",
    "1.2.3.256",
    "0x100.1.1.1",
    "0000000000000377.1.1.1",
    "4294967296.1.1.1",
    "1.1.1.99999999999999999999",
    "0x.1.1.1",
    "1.2.3.",
    "1..2.3",
    ".1.2.3",
    "1.2.3.4x",
    "1_0.1.1.1",
    "+1.2.3.4",
    "1.2.3.-4",
    "any.host.x.y",
    "1.2.3.4 5",  # not from split words: the C library's reading is kept
    "\u0661.2.3.4",  # an Arabic-Indic digit is not a digit here
    "1.2.3",
    "1.2.3.4.5",
]


def _inet_aton(text: str) -> int | None:
    if text.count(".") != 3:
        return None
    try:
        return int.from_bytes(socket.inet_aton(text), "big")
    except (OSError, ValueError):
        return None


@pytest.mark.parametrize("text", FORMS)
def test_address_reading_matches_inet_aton(text: str) -> None:
    assert _ipv4(text) == _inet_aton(text)


def test_values() -> None:
    assert _ipv4("010.0.0.1") == 0x08000001
    assert _ipv4("0x0a.0X0B.0xff.00") == 0x0A0BFF00
    assert _ipv4("192.0.2.1") == 0xC0000201
    assert _ipv4("08.1.1.1") is None


def test_reading_plain_addresses_does_not_load_socket() -> None:
    code = (
        "import sys\n"
        "from devaudit.platforms.cisco_ios.checks import _ipv4\n"
        "assert _ipv4('10.0.0.1') == 0x0A000001 and _ipv4('08.0.0.1') is None\n"
        "print('socket' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
