"""ZTE ZXROS / ZXR10: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="zte_zxros",
    label="ZTE ZXROS / ZXR10",
    netmiko="zte_zxros",
    running_config="show running-config",
    version_command="show version",
    rule_prefix="ZTE",
    paging=("terminal length 0",),
    syntax=Lazy("devaudit.platforms.zte_zxros.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.zte_zxros.detection:SIGNATURES"),
    whole_config_markers=frozenset({"hostname", "line", "ssh", "username"}),
    facts=Facts(hostname=r"^hostname\s+(\S+)", version=r"^version\s+(\S+)", ntc_platform="zte_zxros"),
    redaction=Lazy("devaudit.platforms.zte_zxros.redaction:FORMS"),
    release_parser=Lazy("devaudit.advisories.releases:zte_zxros_release"),
    check_module="devaudit.platforms.zte_zxros.checks",
    numbered_rules=True,
)
