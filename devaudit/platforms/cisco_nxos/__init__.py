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
    check_module="devaudit.checks.nxos",
)
