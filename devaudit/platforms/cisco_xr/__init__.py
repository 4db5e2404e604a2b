"""Cisco IOS XR: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="cisco_xr",
    label="Cisco IOS XR",
    netmiko="cisco_xr",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="XR",
    paging=("terminal length 0", "terminal width 511"),
    syntax=Lazy("devaudit.platforms.cisco_xr.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.cisco_xr.detection:SIGNATURES"),
    whole_config_markers=frozenset({"domain", "hostname", "line", "ssh", "telnet", "username", "vty-pool"}),
    completeness=Completeness(last_line=r"^end\s*$"),
    facts=Facts(
        hostname=r"^hostname\s+(\S+)",
        version=r"^version\s+(\d+\.\d+\S*)",
        version_headers=(
            r"^!! IOS XR Configuration (?:version = )?(\S+)",
            r"^!Image:.*Version (\S+?)[,\s]",
            r"^!Image:\s.*\bversion=(\S+)",
        ),
        ntc_platform="cisco_xr",
    ),
    redaction=Lazy("devaudit.platforms.cisco_ios.redaction:FORMS"),
    bindings=Lazy("devaudit.platforms.cisco_xr.remediation:BINDINGS"),
    management=Lazy("devaudit.platforms.cisco_xr.management:DIALECT"),
    release_parser=Lazy("devaudit.advisories.releases:cisco_xr_release"),
    check_module="devaudit.platforms.cisco_xr.checks",
)
