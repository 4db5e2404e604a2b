"""Huawei VRP: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="huawei_vrp",
    label="Huawei VRP",
    netmiko="huawei_vrp",
    running_config="display current-configuration",
    version_command="display version",
    rule_prefix="VRP",
    paging=("screen-length 0 temporary",),
    negation="undo",
    comment="#",
    syntax=Lazy("devaudit.platforms.huawei_vrp.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.huawei_vrp.detection:SIGNATURES"),
    whole_config_markers=frozenset({"aaa", "sysname", "user-interface"}),
    completeness=Completeness(last_line=r"^return\s*$", last_word="return"),
    facts=Facts(
        hostname=r"^sysname\s+(\S+)",
        version=r"^version\s+(\S+)",
        version_headers=(r"^!Software Version (\S+)", r"^\[(V\d{3}R\d{3}[^\]\s]*)\]"),
        ntc_platform="huawei_vrp",
    ),
    redaction=Lazy("devaudit.platforms.huawei_vrp.redaction:FORMS"),
    statement_leads=frozenset({"undo"}),
    bindings=Lazy("devaudit.platforms.huawei_vrp.remediation:BINDINGS"),
    free_numbers=Lazy("devaudit.platforms.huawei_vrp.remediation:FREE_NUMBERS"),
    management=Lazy("devaudit.platforms.huawei_vrp.management:DIALECT"),
    release_parser=Lazy("devaudit.advisories.releases:huawei_vrp_release"),
    check_module="devaudit.platforms.huawei_vrp.checks",
    numbered_rules=True,
)
