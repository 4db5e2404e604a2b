"""HPE / H3C Comware: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="hp_comware",
    label="HPE / H3C Comware",
    netmiko="hp_comware",
    running_config="display current-configuration",
    version_command="display version",
    rule_prefix="CMW",
    paging=("screen-length disable",),
    negation="undo",
    comment="#",
    syntax=Lazy("devaudit.platforms.hp_comware.syntax:SYNTAX"),
    signatures=Lazy("devaudit.platforms.hp_comware.detection:SIGNATURES"),
    whole_config_markers=frozenset({"line", "local-user", "sysname", "user-interface", "version"}),
    completeness=Completeness(last_line=r"^return\s*$", last_word="return"),
    facts=Facts(
        hostname=r"^sysname\s+(\S+)",
        version=r"^version\s+(\d+\.[^\s,]+)",
        template="hp_comware_display_version.textfsm",
    ),
    redaction=Lazy("devaudit.platforms.huawei_vrp.redaction:FORMS"),
    statement_leads=frozenset({"undo"}),
    bindings=Lazy("devaudit.platforms.hp_comware.remediation:BINDINGS"),
    free_numbers=Lazy("devaudit.platforms.hp_comware.remediation:FREE_NUMBERS"),
    management=Lazy("devaudit.platforms.hp_comware.management:DIALECT"),
    release_parser=Lazy("devaudit.advisories.releases:hp_comware_release"),
    check_module="devaudit.platforms.hp_comware.checks",
    numbered_rules=True,
)
