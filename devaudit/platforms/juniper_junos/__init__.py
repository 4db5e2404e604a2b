"""Juniper Junos: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="juniper_junos",
    label="Juniper Junos",
    netmiko="juniper_junos",
    running_config="show configuration",
    version_command="show version",
    rule_prefix="JUN",
    paging=("set cli screen-width 511", "set cli complete-on-space off", "set cli screen-length 0"),
    negation="delete",
    comment="#",
    parser="junos",
    session_commands=True,
    signatures=Lazy("devaudit.platforms.juniper_junos.detection:SIGNATURES"),
    whole_config_markers=frozenset(
        {
            "system authentication-order",
            "system ntp",
            "system root-authentication",
            "system services",
            "system syslog",
            "version",
        }
    ),
    completeness=Completeness(braces="always"),
    facts=Facts(hostname=r"^system host-name\s+(\S+)", version=r"^version\s+(\S+?);?$", ntc_platform="juniper_junos"),
    redaction=Lazy("devaudit.platforms.juniper_junos.redaction:FORMS"),
    statement_leads=frozenset(
        {"set", "delete", "deactivate", "activate", "protect", "/configure", "edit", "insert", "inactive:"}
    ),
    release_parser=Lazy("devaudit.advisories.releases:juniper_junos_release"),
    check_module="devaudit.platforms.juniper_junos.checks",
    flat=True,
    flat_prefix="set ",
)
