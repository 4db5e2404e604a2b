"""Nokia SR Linux: the platform descriptor (parser, detection, checks, redaction and simulator in this folder)."""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform

__all__ = ["PLATFORM"]

PLATFORM = Platform(
    name="nokia_srl",
    label="Nokia SR Linux",
    netmiko="nokia_srl",
    rule_prefix="SRL",
    # The brace form of the running datastore from the root, whatever the session's current context;
    # netmiko's driver has already switched to the basic CLI engine, which never pages.
    running_config="info from running /",
    version_command="show version",
    negation="delete",
    comment="#",
    parser="devaudit.platforms.nokia_srl.parser:parse_srl",
    signatures=Lazy("devaudit.platforms.nokia_srl.detection:SIGNATURES"),
    # What every whole SR Linux configuration prints, the factory one included (the management port and
    # its network-instance); a script applied on top of it ('set / system ...' lines) or an 'info system'
    # capture has neither and is read as a fragment.
    whole_config_markers=frozenset({"interface mgmt0", "network-instance mgmt"}),
    completeness=Completeness(braces="always"),
    facts=Facts(
        hostname=r"^system name host-name\s+\"?([^\"\s]+)",
        template="devaudit.platforms.nokia_srl:show_version.textfsm",
    ),
    check_module="devaudit.platforms.nokia_srl.checks",
    flat=True,
    # 'info flat' prints 'set / <path>'; a path typed in candidate mode may also start with '/ '.
    flat_prefix="set / ",
    statement_leads=frozenset({"set", "delete", "/"}),
    redaction=Lazy("devaudit.platforms.nokia_srl.redaction:FORMS"),
    simulator=Lazy("devaudit.platforms.nokia_srl.simulator:PROFILE"),
)
