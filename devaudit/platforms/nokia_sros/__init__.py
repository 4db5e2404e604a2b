"""Nokia SR OS: the platform descriptor."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="nokia_sros",
    label="Nokia SR OS",
    netmiko="nokia_sros",
    running_config="admin show configuration",
    version_command="show version",
    rule_prefix="SROS",
    paging=("environment more false",),
    comment="#",
    parser="sros",
    context_lines=True,
    signatures=Lazy("devaudit.platforms.nokia_sros.detection:SIGNATURES"),
    whole_config_markers=frozenset(
        {"system login-control", "system management-interface", "system name", "system security"}
    ),
    completeness=Completeness(braces="md_cli"),
    facts=Facts(
        hostname=r"^system name\s+\"?([^\"\s]+)",
        version_headers=(r"^# TiMOS-\w-(\S+)",),
        template="nokia_sros_show_version.textfsm",
    ),
    redaction=Lazy("devaudit.platforms.nokia_sros.redaction:FORMS"),
    statement_leads=frozenset({"/configure", "configure", "no", "delete"}),
    release_parser=Lazy("devaudit.advisories.releases:nokia_sros_release"),
    check_module="devaudit.platforms.nokia_sros.checks",
    flat=True,
    flat_prefix="/configure ",
)
