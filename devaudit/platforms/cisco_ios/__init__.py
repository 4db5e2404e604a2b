"""Cisco IOS / IOS-XE: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="cisco_ios",
    label="Cisco IOS / IOS-XE",
    netmiko="cisco_ios",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="IOS",
    paging=("terminal width 511", "terminal length 0"),
    enable="enable",
    syntax=Lazy("devaudit.platforms.cisco_ios.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.cisco_ios.detection:SIGNATURES"),
    whole_config_markers=frozenset({"boot-start-marker", "hostname", "version"}),
    completeness=Completeness(last_line=r"^end\s*$"),
    facts=Facts(
        hostname=r"^hostname\s+(\S+)",
        version=r"^version\s+(\d+\.\d+\S*)",
        version_headers=(r"^!Image: Software: \S+, (\S+?),", r"^! .*Cisco IOS.*Version (\S+?),"),
        ntc_platform="cisco_ios",
    ),
    redaction=Lazy("devaudit.platforms.cisco_ios.redaction:FORMS"),
    bindings=Lazy("devaudit.platforms.cisco_ios.remediation:BINDINGS"),
    management=Lazy("devaudit.platforms.cisco_ios.management:DIALECT"),
    release_parser=Lazy("devaudit.advisories.releases:cisco_ios_release"),
    check_module="devaudit.platforms.cisco_ios.checks",
)
