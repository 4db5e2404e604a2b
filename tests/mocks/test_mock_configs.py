"""The bundled configs: vendor print format, size, and the violations/compliance each variant is meant to show."""

from __future__ import annotations

import re

import pytest

from mocks import PROFILES, bundled_config, bundled_version, config_path

FILES = [(profile, variant) for profile in PROFILES for variant in sorted(PROFILES[profile].config_files)]

# (first line, last line) exactly as each platform prints its running config.
SHAPE = {
    "cisco_ios": ("Building configuration...", "end"),
    "cisco_nxos": ("!Command: show running-config", None),
    "cisco_xr": (None, "end"),
    "cisco_asa": (": Saved", ": end"),
    "juniper_junos": (None, "}"),
    "arista_eos": ("! Command: show running-config", "end"),
    "huawei_vrp": (None, "return"),
    "hp_comware": ("#", "return"),
    "zte_zxros": ("!<mim>", None),
    "nokia_sros": ("# TiMOS-B-23.10.R1 both/x86_64 Nokia 7750 SR-1 Copyright (c) 2000-2023 Nokia.", None),
    "nokia_sros_classic": ("# TiMOS-B-23.10.R1 both/x86_64 Nokia 7750 SR-1 Copyright (c) 2000-2023 Nokia.", None),
}

# Lines (regexes, multiline) that must appear: vendor markers in both variants, hallmark violations in the
# insecure one, hallmark compliant settings in the hardened one. Full verdicts belong to the auditor's tests.
MARKERS = {
    "cisco_ios": [r"^Current configuration : \d+ bytes$", r"^version 17\.9$"],
    "cisco_nxos": [r"^!Running configuration last done at: ", r"^version 9\.3\(10\) Bios:version"],
    "cisco_xr": [r"^Building configuration\.\.\.$", r"^!! IOS XR Configuration 7\.5\.2$"],
    "cisco_asa": [r"^ASA Version 9\.16\(4\)19 $", r"^Cryptochecksum:"],
    "juniper_junos": [r"^## Last commit: ", r"^version 21\.4R3-S5\.4;$"],
    "arista_eos": [r"^! device: \S+ \(DCS-7050SX3-48YC8, EOS-4\.30\.5M\)$"],
    "huawei_vrp": [r"^!Software Version V800R021C10SPC600$", r"^#$"],
    "hp_comware": [r"^ version 7\.1\.070, Release 6635P07$"],
    "zte_zxros": [r"^!<system-user>$", r"^!</system-user>$", r"^!<ssh>$", r"^!<snmp>$", r"^!<ntp>$", r"^\$$"],
    "nokia_sros": [r"^configure \{$", r"^# Finished "],
    "nokia_sros_classic": [r"^exit all$", r"^echo \"System Security Configuration\"$", r"^# Finished "],
}

INSECURE = {
    "cisco_ios": [
        r"^ transport input telnet ssh$",
        r"^ip http server$",
        r"^enable password 7 ",
        r"^snmp-server community public RO$",
        r"^snmp-server community private RW$",
        r"^username backup privilege 15 password 0 ",
        r"^ exec-timeout 0 0$",
        r"^no aaa new-model$",
    ],
    "cisco_nxos": [
        r"^feature telnet$",
        r"^nxapi http port 80$",
        r"^snmp-server community private group network-admin$",
        r"^logging server 10\.10\.30\.11 use-vrf management$",
    ],
    "cisco_xr": [
        r"^telnet vrf default ipv4 server max-servers 10$",
        r"^ transport input telnet ssh$",
        r"^snmp-server community private RW SystemOwner$",
        r"^ secret 5 \$1\$",
        r"^ exec-timeout 0 0$",
    ],
    "cisco_asa": [
        r"^telnet 0\.0\.0\.0 0\.0\.0\.0 inside$",
        r"^ssh version 1 2$",
        r"^enable password 8Ry2YjIyt7RRXU24 encrypted$",
        r"^console timeout 0$",
        r"^http 0\.0\.0\.0 0\.0\.0\.0 outside$",
    ],
    "juniper_junos": [
        r"^        telnet;$",
        r"^        ftp;$",
        r"^            http \{$",
        r"^    community public \{$",
        r"^        authorization read-write;$",
        r'^        encrypted-password "\$1\$',
        r"^        ssh-rsa ",
    ],
    "arista_eos": [
        r"^management telnet\n   no shutdown$",
        r"^   protocol http$",
        r"^username admin privilege 15 role network-admin nopassword$",
        r"^aaa root secret sha512 ",
        r"^snmp-server community private rw$",
    ],
    "huawei_vrp": [
        r"^telnet server enable$",
        r"^FTP server enable$",
        r"^ protocol inbound all$",
        r"^ local-user netops password simple ",
        r"^ local-user admin password cipher %\^%#",
        r"^snmp-agent community write cipher ",
        r"^ idle-timeout 0 0$",
        r"^ssh client first-time enable$",
        r"^info-center loghost 10\.10\.30\.11 level warning$",
    ],
    "zte_zxros": [
        r"^    password mysecret$",
        r"^snmp-server community public showclear view AllView ro$",
        r"^line telnet idle-timeout 0$",
        r"^  aaa-authentication-type local$",
        r"view AllView rw$",
        r"^tacacs-server host 10\.10\.50\.11 key Tac4cs-Sh4red$",
        r"^snmp-server host 10\.10\.60\.15 trap version 2c ",
    ],
    "hp_comware": [
        r"^ telnet server enable$",
        r"^ ftp server enable$",
        r"^ ip http enable$",
        r"^ authentication-mode none$",
        r"^ snmp-agent community write private$",
        r"^ password cipher \$c\$3\$",
        r"^ password-recovery enable$",
        r"^ service-type telnet ssh terminal http https$",
    ],
    "nokia_sros": [
        r"^            telnet-server true$",
        r"^            ftp-server true$",
        r"^            allow-unsecure-connection$",
        r'^                community "private" \{$',
        r"^            idle-timeout disable$",
        r"^            per-peer-queuing false$",
        r"^                    allow-user-name true$",
        r"^                version snmpv2c$",
        r"^            allow-directed-broadcasts true$",
    ],
    "nokia_sros_classic": [
        r"^            telnet-server$",
        r"^            ftp-server$",
        r'^                community "private" rwa version both$',
        r"^            no idle-timeout$",
        r"^            no per-peer-queuing$",
        r"^                version 1-2$",
        r'^                    authentication hash2 md5 "\S+" privacy hash2 des-key ',
    ],
}

HARDENED = {
    "cisco_ios": [
        r"^line vty 0 4\n access-class MGMT-SSH in vrf-also\n exec-timeout 5 0\n logging synchronous\n"
        r" transport input ssh$",
        r"^no ip http server$",
        r"^ip ssh version 2$",
        r"^enable secret 9 ",
        r"^aaa authentication login default group TACACS-MGMT local$",
        r"^logging host 10\.10\.30\.12 vrf Mgmt-intf$",
    ],
    "cisco_nxos": [
        r"^line vty\n  exec-timeout 10\n  session-limit 8\n  access-class VTY-ACL in$",
        r"^snmp-server community Nx0s-Ro-8812 use-ipv4acl SNMP-POLLERS$",
        r"^ntp server 10\.10\.40\.2 use-vrf management key 1$",
        r"^aaa authentication login console group TACACS-MGMT$",
    ],
    "cisco_xr": [
        r"^ssh server v2$",
        r"^ssh server session-limit 10$",
        r"^ access-class ingress VTY-ACL$",
        r"^ secret 10 \$6\$",
        r"^banner login ",
    ],
    "cisco_asa": [
        r"^ssh version 2$",
        r"^aaa authentication ssh console TACACS-MGMT LOCAL$",
        r"^enable password \$sha512\$\S+ pbkdf2$",
        r"^logging host management 10\.10\.30\.11$",
        r"^console timeout 5$",
    ],
    "juniper_junos": [
        r"^    authentication-order \[ tacplus password \];$",
        r'^    login \{\n        message "',
        r"^            idle-timeout 10;$",
        r"^        server 10\.10\.40\.2 key 1 version 4;$",
        r'^        encrypted-password "\$6\$',
    ],
    "arista_eos": [
        r"^no aaa root$",
        r"^management ssh\n   ip access-group SSH-MGMT in\n   idle-timeout 10$",
        r"^management console\n   idle-timeout 10$",
        r"^aaa authentication login console group TACACS-MGMT local$",
        r"^EOF$",
    ],
    "huawei_vrp": [
        r"^undo telnet server enable$",
        r"^ protocol inbound ssh$",
        r"^ acl 2001 inbound$",
        r"^ local-user breakglass password irreversible-cipher \$1d\$",
        r"^  authentication-mode hwtacacs local$",
        r"^ntp-service reliable authentication-keyid 1$",
        r"^slot 1\n cpu-defend-policy 1$",
        r"^ssh server key-exchange ",
        r"^snmp-agent sys-info version v3$",
        r"^header login information ",
    ],
    "zte_zxros": [
        r"^line telnet server disable$",
        r"^ssh server version 2$",
        r"^ssh server access-class ipv4 120$",
        r"^  aaa-authentication-type tacacs-local$",
        r"^syslog-server source interface mgmt_eth$",
        r"^ntp trusted-key 6$",
        r"^snmp-server version v3 enable$",
        r"^snmp-server group NMS v3 priv read AllView$",
        r"^  bgp log-neighbor-changes$",
        r"^    login-type-allowed console ssh\n    login-sametime-max 3$",
    ],
    "hp_comware": [
        r"^ protocol inbound ssh$",
        r"^ ssh server acl 2001$",
        r"^ header legal %$",
        r"^ password hash \$h\$6\$",
        r"^ snmp-agent sys-info version v3$",
        r"^ authentication login hwtacacs-scheme TAC-MGMT local$",
        r"^ password-recovery disable$",
        r"^ ntp-service peer acl 2003$",
        r"^ password-control complexity user-name check$",
        r"^ ssh2 algorithm cipher ",
    ],
    "nokia_sros": [
        r"^                    default-action deny$",
        r"^            idle-timeout 10$",
        r"^                    tacplus \{$",
        r"^                syslog \"1\"$",
        r"^                preserve-key true$",
        r"^                    order \[tacplus local\]$",
        r'^                access "NMS-RO" context "" security-model usm security-level privacy \{$',
        r"^                                    privacy-protocol cfb128-aes$",
        r"^                security-level privacy$",
        r"^                            record-type start-stop$",
    ],
}

FORBIDDEN_IN_HARDENED = {
    "cisco_ios": [
        r"transport input (telnet|all)",
        r"^ip http server$",
        r"^enable password",
        r"community (public|private)",
    ],
    "cisco_nxos": [r"^feature telnet$", r"^feature nxapi$", r"^snmp-server community (public|private)"],
    "cisco_xr": [r"^telnet ", r"transport input .*telnet", r"^snmp-server community (public|private)", r"secret 5 "],
    "cisco_asa": [r"^telnet \d", r" 0\.0\.0\.0 0\.0\.0\.0 \w+$", r"password \S+ encrypted", r"^passwd "],
    "juniper_junos": [r"^\s+telnet;", r"^\s+http[ ;]", r"authorization read-write", r"\$1\$", r"ssh-rsa"],
    "arista_eos": [r"^management telnet", r"protocol http$", r"nopassword", r"^username admin "],
    "huawei_vrp": [
        r"^telnet server enable",
        r"(?i)^ftp server enable",
        r"local-user \S+ password (cipher|simple)",
        r"protocol inbound (all|telnet)",
        r"^snmp-agent community ",
        r"^ user privilege level ",
    ],
    "zte_zxros": [
        r"showclear",
        r"^\s+password (?!encrypted)",
        r"view AllView rw",
        r"^snmp-server version v(?:1|2c) enable",
        r"^snmp-server community ",
        r"trap version (?:1|2c) ",
    ],
    "hp_comware": [
        r"^ telnet server enable",
        r"^ ftp server enable",
        r"^ ip http enable",
        r"^ password (cipher|simple)",
        r"snmp-agent community",
        r"service-type .*\b(telnet|ftp|http)\b",
        r"^ password-recovery enable",
    ],
    "nokia_sros": [
        r"telnet-server true",
        r"ftp-server true",
        r"allow-unsecure-connection",
        r"access-permissions rw?$",
        r"^\s+community \"",
        r"^\s+user \"admin\"",
        r"hmac-md5|cbc-des|snmpv[12]",
    ],
}


def _text(profile: str, variant: str) -> str:
    return bundled_config(profile, variant)


@pytest.mark.parametrize(("profile", "variant"), FILES)
def test_config_file_is_plain_device_text(profile: str, variant: str) -> None:
    raw = config_path(profile, variant).read_bytes()
    assert b"\r" not in raw
    assert b"\t" not in raw
    text = raw.decode("ascii")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert 150 <= len(text.splitlines()) <= 400
    # A platform added as one folder checks its configs' markers in its own tests (tests/platforms/<name>/).
    first, last = SHAPE.get(profile, (None, None))
    lines = text.splitlines()
    if first is not None:
        assert lines[0] == first
    if last is not None:
        assert lines[-1] == last
    for marker in MARKERS.get(profile, ()):
        assert re.search(marker, text, re.MULTILINE), marker


@pytest.mark.parametrize("profile", list(PROFILES))
def test_insecure_config_carries_its_violations_and_cleartext_secrets(profile: str) -> None:
    variant = "insecure" if "insecure" in PROFILES[profile].config_files else next(iter(PROFILES[profile].config_files))
    text = _text(profile, variant)
    for pattern in INSECURE.get(profile, ()):
        assert re.search(pattern, text, re.MULTILINE), pattern


@pytest.mark.parametrize("profile", list(HARDENED))
def test_hardened_config_carries_compliant_settings_and_no_hallmark_violation(profile: str) -> None:
    text = _text(profile, "hardened")
    for pattern in HARDENED[profile]:
        assert re.search(pattern, text, re.MULTILINE), pattern
    for pattern in FORBIDDEN_IN_HARDENED[profile]:
        assert not re.search(pattern, text, re.MULTILINE), pattern


def test_zte_configs_wrap_long_lines_at_80_columns_like_the_terminal() -> None:
    for variant in ("insecure", "hardened"):
        lines = _text("zte_zxros", variant).splitlines()
        assert max(len(line) for line in lines) == 80
        assert any(len(line) == 80 for line in lines)


def test_ios_byte_count_header_matches_the_body() -> None:
    for variant in ("insecure", "hardened"):
        lines = _text("cisco_ios", variant).split("\n")
        declared = int(re.sub(r"\D", "", lines[2]))
        assert declared == len("\n".join(lines[3:]).encode())


@pytest.mark.parametrize("profile", sorted({p.netmiko_type for p in PROFILES.values()}))
def test_every_platform_has_a_show_version(profile: str) -> None:
    version = bundled_version(profile)
    assert version.endswith("\n")
    assert len(version.splitlines()) >= 3
