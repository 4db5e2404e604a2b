"""Cisco NX-OS: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="cisco_nxos",
    label="Cisco NX-OS",
    netmiko="cisco_nxos",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="NXOS",
    paging=("terminal length 0", "terminal width 511"),
    syntax=Lazy("devaudit.platforms.cisco_nxos.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.cisco_nxos.detection:SIGNATURES"),
    whole_config_markers=frozenset({"feature", "hostname", "switchname", "version"}),
    facts=Facts(
        hostname=r"^(?:hostname|switchname)\s+(\S+)",
        version=r"^version\s+(\d+\.\d+\S*)",
        version_headers=(r"^!.*NX-OS.*version (\S+)",),
        ntc_platform="cisco_nxos",
        version_field="os",
    ),
    redaction=Lazy("devaudit.platforms.cisco_ios.redaction:FORMS"),
    bindings=Lazy("devaudit.platforms.cisco_nxos.remediation:BINDINGS"),
    management=Lazy("devaudit.platforms.cisco_nxos.management:DIALECT"),
    release_parser=Lazy("devaudit.advisories.releases:cisco_nxos_release"),
    check_module="devaudit.platforms.cisco_nxos.checks",
)
