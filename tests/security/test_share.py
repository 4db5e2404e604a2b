"""``--share``: every identifying form planted in a config is gone from every artefact, pseudonyms consistent."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from devaudit.cli import main
from devaudit.share import Pseudonymiser

# Each identifying form, as it would sit in a config line, and the text that must not survive.
PLANTED = {
    "10.77.1.1.": "10.77.1.1",  # IPv4 followed by a full stop
    "10.77.1.2/24": "10.77.1.2",  # with a prefix length
    "http://10.77.1.3:8080/cfg": "10.77.1.3",  # inside a URL
    "2001:db8:77::1": "2001:db8:77::1",  # compressed IPv6
    "2001:DB8:77:0:0:0:0:2": "2001:DB8:77:0:0:0:0:2",  # full IPv6, upper case
    "2001:db8:77::3/64": "2001:db8:77::3",  # with a prefix length
    "http://[2001:db8:77::4]:443/": "2001:db8:77::4",  # inside a URL
    "::ffff:10.77.1.5": "10.77.1.5",  # IPv4-mapped
    "fe80::77%Gi0/0": "fe80::77",  # link-local with a zone
    "corp-paris.example.net": "corp-paris",  # a domain name
    "syslog01.corp-paris.example.net.": "syslog01",  # an FQDN ending a sentence
    "ops@corp-paris.example.net": "corp-paris",  # a mail address
}


def test_each_form_is_replaced_and_pseudonyms_are_consistent() -> None:
    p = Pseudonymiser()
    for planted, secret in PLANTED.items():
        out = p.text(f"x {planted} y")
        assert secret.lower() not in out.lower(), (planted, out)
    again = Pseudonymiser()
    texts = [f"logging host {form}" for form in PLANTED]
    assert [p.text(t) for t in texts] == [p.text(t) for t in texts]
    assert [again.text(t) for t in texts] != texts
    # The same address gets the same pseudonym in every form it is written in.
    assert p.text("10.77.9.9") == p.text("10.77.9.9.").rstrip(".") == p.text("10.77.9.9/32").split("/")[0]
    assert p.text("2001:db8:77::9") == p.text("2001:DB8:77:0:0:0:0:9")


def test_numbers_that_are_not_addresses_stay() -> None:
    p = Pseudonymiser()
    keep = "snmp oid 1.3.6.1.4.1.9 mac 00:11:22:33:44:55 at 12:30:45 mask 255.255.255.0 tlsv1.2 show_version.txt"
    assert p.text(keep) == keep


CONFIG = """hostname pe-paris-01
ip domain name corp-paris.example.net
ip name-server 2001:db8:77::53
logging host syslog01.corp-paris.example.net
logging host 10.77.1.1
snmp-server host 2001:db8:77::162 version 2c {community}
ip http server
ntp server 10.77.1.123
interface Loopback0
 ipv6 address 2001:db8:77::1/128
 ip address 10.77.255.1 255.255.255.255
end
"""


def test_cli_share_leaves_no_name_path_address_or_domain(tmp_path: Path) -> None:
    folder = tmp_path / "site-paris" / "routers"
    folder.mkdir(parents=True)
    first = folder / "10.77.0.1.cfg"
    second = folder / "pe-paris-02.cfg"
    first.write_text(CONFIG.format(community="Comm77a"), encoding="utf-8")
    second.write_text(CONFIG.replace("pe-paris-01", "pe-paris-02").format(community="Comm77b"), encoding="utf-8")
    out = tmp_path / "out"
    formats = [a for f in ("json", "csv", "markdown", "html", "sarif", "junit") for a in ("-f", f)]
    result = CliRunner().invoke(
        main, ["audit", str(first), str(second), "--share", "--platform", "cisco_ios", "-o", str(out), *formats]
    )
    assert (out / "report.json").exists(), result.output
    console = CliRunner().invoke(main, ["audit", str(first), str(second), "--share", "--platform", "cisco_ios", "-v"])
    everything = result.output + console.output
    everything += "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    planted = [
        "pe-paris", "site-paris", "10.77.", "2001:db8:77:", "corp-paris", "syslog01", "example.net", str(folder),
        "Comm77a", "Comm77b",
    ]  # fmt: skip
    assert [s for s in planted if s.lower() in everything.lower()] == []
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in report["devices"]] == ["device-001", "device-002"]
    assert [d["source"] for d in report["devices"]] == ["input-001.cfg", "input-002.cfg"]
    # Consistent within the run: both devices log to the same pseudonymised host.
    logging = {
        e["text"] for d in report["devices"] for r in d["results"] for e in r["evidence"] if "logging host" in e["text"]
    }
    assert logging and all(re.fullmatch(r"logging host (host-\d{3}\.example|198\.18\.\d+\.\d+)", t) for t in logging)
    assert len({t for t in logging if "198.18" in t}) <= 1


def test_share_patterns_are_linear_on_adversarial_text() -> None:
    """Every --share pattern over 100k characters built to make a backtracking engine stall costs a bounded
    multiple of a plain str.split() scan of as much ordinary text."""
    size = 100_000
    hostile = {
        "dotted-digits": "1." * (size // 2),
        "dotted-quads": "10.1.1.1." * (size // 9),
        "colons": ":" * size,
        "hex-colons": "ab:" * (size // 3),
        "hex-colon-dots": "1:1.1.1.1:" * (size // 10),
        "labels": "a." * (size // 2),
        "long-labels": ("a" * 62 + ".") * (size // 63),
        "hyphens": "a-" * (size // 2),
        "label-digit-end": ("abc." * (size // 4)) + "1",
        "prefixes": "10.0.0.0/" * (size // 9),
        "zones": "fe80::1%" * (size // 8),
    }
    plain_text = "word " * (size // 5)
    plain = _best(lambda: [w.lower() for w in plain_text.split()], 5)
    slow = {}
    for name, text in hostile.items():
        ours = _best(lambda text=text: Pseudonymiser().text(text), 2)
        if ours / plain > 1000:
            slow[name] = round(ours / plain)
    assert slow == {}


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def test_sources_of_files_and_live_devices() -> None:
    p = Pseudonymiser()
    assert p.source("/home/ops/site-paris/10.77.0.1.cfg") == "input-001.cfg"
    assert p.source("/home/ops/site-paris/10.77.0.1.cfg") == "input-001.cfg"
    assert p.text("cannot read /home/ops/site-paris/10.77.0.1.cfg") == "cannot read input-001.cfg"
    assert p.source("ssh://10.77.0.2:22") == f"ssh://{p.text('10.77.0.2')}:22"
    assert p.source("ssh://pe-lyon-01:22") == "ssh://device-001:22" == f"ssh://{p.name('pe-lyon-01')}:22"
    assert p.source("<stdin>") == "<stdin>"
