"""Fix scripts on real corpus configs: the ACL the vty lines use, site values, one file per device."""

from __future__ import annotations

from pathlib import Path

from devaudit.models import AuditReport
from devaudit.reporters.fixes import render_device, script_path
from devaudit.reporters.writer import write_fix_scripts

from .support import ACL_111, HOSTNAME_FOO, audit_file, corpus_file, shipped


def _block(script: str, header: str) -> list[str]:
    lines = script.splitlines()
    start = lines.index(header)
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return lines[start:end]


def test_vty_acl_111_is_edited_in_place_permit_before_deny_binding_last() -> None:
    device = audit_file(corpus_file(ACL_111))
    script = render_device(device)
    assert "MGMT-NET" not in script
    assert _block(script, "ip access-list extended 111") == [
        "ip access-list extended 111",
        " permit ip <mgmt-network-address> <mgmt-network-wildcard> any",
        " no permit tcp any any neq telnet",
        " deny ip any any log",
    ]
    assert _block(script, "line vty 0 15") == [
        "line vty 0 15",
        " exec-timeout 5 0",
        " transport input ssh",
        " access-class 111 in",
    ]
    lines = script.splitlines()
    # The ACL is defined before anything binds it; the vty block is the last but the control-plane one.
    assert lines.index("ip access-list extended 111") < lines.index("line vty 0 15")
    assert lines.index("! for IOS-MGMT-015, IOS-MGMT-002") == lines.index("ip access-list extended 111") - 1
    assert script.count("ip access-list extended 111") == 1
    assert lines[-6:] == [
        " exec-timeout 5 0",
        " transport input ssh",
        " access-class 111 in",
        "! for IOS-CP-001",
        "control-plane",
        " service-policy input COPP-POLICY",
    ]


def test_site_values_are_placeholders_listed_in_the_header() -> None:
    script = render_device(audit_file(corpus_file(ACL_111)))
    for literal in ("10.0.0.50", "10.0.0.1 ", "10.0.0.60", "10.0.0.70", "10.0.1.1", "scp://backup@"):
        assert literal not in script
    assert "logging host <syslog-server>" in script
    assert "ntp server <ntp-server>" in script
    assert " path <backup-url>$h-" in script
    assert "snmp-server host <snmp-manager> version 3 priv NMSUSER" in script
    header = script.split("! LOCKOUT WARNINGS")[0].splitlines()
    assert "! Fill in before applying (replace each placeholder, angle brackets included):" in header
    assert "!   <ntp-server>                address of your first NTP server (or set the variable ntp_server)" in header
    assert (
        "!   <backup-url>                where configuration backups go, a URL ending in '/' "
        "(scp://user@host/path/) (or set the variable backup_url)" in header
    )


def test_set_variables_put_the_values_in_the_script() -> None:
    baseline = shipped(
        ntp_server="192.0.2.1",
        ntp_server_2="192.0.2.2",
        mgmt_network="198.51.100.0/24",
        backup_url="scp://cfg@192.0.2.70/r/",
    )
    script = render_device(audit_file(corpus_file(ACL_111), baseline))
    assert "ntp server 192.0.2.1\nntp server 192.0.2.2\n" in script
    assert " permit ip 198.51.100.0 0.0.0.255 any\n" in script
    assert " path scp://cfg@192.0.2.70/r/$h-\n" in script
    header = script.split("! LOCKOUT WARNINGS")[0]
    assert "<ntp-server>" not in header and "<mgmt-network-address>" not in header
    assert "<syslog-server>" in header


def test_unproven_fixes_say_so_in_the_script() -> None:
    script = render_device(audit_file(corpus_file(ACL_111)))
    lines = script.splitlines()
    start = lines.index("! NOT PROVEN: devaudit could not check these fixes on a copy of this configuration:")
    assert lines[start + 1 : start + 7] == [
        "!  IOS-ACC-002: it names things on this device only you can tell (<user>)",
        "!  IOS-SNMP-001: it names things on this device only you can tell (<default-or-rw-community>)",
        "!  IOS-SNMP-003: it names things on this device only you can tell (<community>)",
        "!  IOS-ACC-003: it names things on this device only you can tell (<extra-or-default-account>)",
        "!  IOS-NTP-002: it names things on this device only you can tell (<ntp-server-in-use>)",
        "!  IOS-MGMT-010: it names things on this device only you can tell (<loopback-address>)",
    ]
    section = lines.index("! IOS-SNMP-003 [HIGH] SNMPv3 with authPriv only (no v1/v2c)")
    assert lines[section + 1] == "! not proven: it names things on this device only you can tell (<community>)"


def test_three_configs_named_foo_get_three_fix_scripts(tmp_path: Path) -> None:
    devices = tuple(audit_file(corpus_file(rel)) for rel in HOSTNAME_FOO)
    assert [d.name for d in devices] == ["Foo", "Foo", "Foo"]
    report = AuditReport(devices, "builtin", "2026-12-06T00:00:00Z", "test")
    written = write_fix_scripts(report, tmp_path)
    assert sorted(p.name for p in written) == [
        "ccp-sample01.txt",
        "ccp-sample02-ios12.0.txt",
        "ccp-sample03-ios12.2.txt",
    ]
    for device, path in zip(devices, written, strict=True):
        assert path.read_text().splitlines()[1] == f"! device: {device.source}"


def test_same_file_name_in_two_folders_never_overwrites(tmp_path: Path) -> None:
    text = corpus_file(ACL_111).read_bytes()
    for folder in ("site-a", "site-b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r1.cfg").write_bytes(text)
    devices = tuple(audit_file(tmp_path / folder / "r1.cfg") for folder in ("site-a", "site-b"))
    out = tmp_path / "out"
    report = AuditReport(devices, "builtin", "2026-12-06T00:00:00Z", "test")
    first = write_fix_scripts(report, out)
    assert len({p.name for p in first}) == 2 and first[0].name == "r1.txt"
    # A second run into the same directory writes the same two files again.
    assert write_fix_scripts(report, out) == first
    assert script_path(out / "fixes", devices[1]) == first[1]


def test_inventory_name_is_the_identity() -> None:
    device = audit_file(corpus_file(ACL_111), name="core-1")
    assert device.key == "core-1" and device.name == "core-1"
    assert render_device(device).splitlines()[1] == "! device: core-1"


def test_var_on_the_command_line_reaches_the_script(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from devaudit.cli import main

    config = corpus_file(ACL_111)
    out = tmp_path / "out"
    args = ["audit", str(config), "-f", "json", "-o", str(out), "--var", "syslog_server=192.0.2.50"]
    result = CliRunner().invoke(main, [*args, "--var", "mgmt_network=192.0.2.0/24"])
    assert result.exit_code == 1
    script = (out / "fixes" / "ccp-sample03-ios12.2.txt").read_text()
    assert "logging host 192.0.2.50\nlogging host <syslog-server-2>\n" in script
    assert " permit ip 192.0.2.0 0.0.0.255 any\n" in script


def test_inventory_name_with_dots_is_kept_whole(tmp_path: Path) -> None:
    device = audit_file(corpus_file(ACL_111), name="pe1.paris.example.net")
    assert script_path(tmp_path, device) == tmp_path / "pe1.paris.example.net.txt"
