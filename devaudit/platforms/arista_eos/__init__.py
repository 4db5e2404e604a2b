"""Arista EOS: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="arista_eos",
    label="Arista EOS",
    netmiko="arista_eos",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="EOS",
    paging=("terminal length 0", "terminal width 511"),
    enable="enable",
    syntax=Lazy("devaudit.platforms.arista_eos.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.arista_eos.detection:SIGNATURES"),
    whole_config_markers=frozenset({"aaa", "hostname", "management", "username"}),
    completeness=Completeness(last_line=r"^end\s*$"),
    facts=Facts(
        hostname=r"^hostname\s+(\S+)",
        version=r"^version\s+(\d+\.\S+)",
        version_headers=(r"^! device: \S+ \(.*?, EOS-(\S+?)\)",),
        ntc_platform="arista_eos",
        version_field="image",
    ),
    redaction=Lazy("devaudit.platforms.cisco_ios.redaction:FORMS"),
    release_parser=Lazy("devaudit.advisories.releases:arista_eos_release"),
    check_module="devaudit.platforms.arista_eos.checks",
)
