"""Cisco ASA: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="cisco_asa",
    label="Cisco ASA",
    netmiko="cisco_asa",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="ASA",
    paging=("terminal pager 0",),
    enable="enable",
    syntax=Lazy("devaudit.platforms.cisco_asa.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.cisco_asa.detection:SIGNATURES"),
    whole_config_markers=frozenset({"asa version", "hostname", "pix version"}),
    completeness=Completeness(last_line=r"^(?:end|: end)\s*$"),
    facts=Facts(hostname=r"^hostname\s+(\S+)", version=r"^(?:ASA|PIX) Version\s+(\S+)", ntc_platform="cisco_asa"),
    redaction=Lazy("devaudit.platforms.cisco_ios.redaction:FORMS"),
    release_parser=Lazy("devaudit.advisories.releases:cisco_asa_release"),
    check_module="devaudit.checks.asa",
)
