"""The command line fails closed on what the operator asked: rules, variables, roles, profiles, baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.cli import PROFILE_CHOICES, ROLE_CHOICES
from devaudit.engine.loader import load_baseline
from devaudit.engine.rules import PROFILES, ROLES
from tests.cli.support import corpus, failed, json_devices, run, statuses

IOS = "cisco_ios/ccp-sample01.cfg"  # IOS 12.4 'Foo': SNMP RW community with ACL 99, ip http server, NTP, syslog
SNMP_RULES = {"IOS-SNMP-001", "IOS-SNMP-002", "IOS-SNMP-003", "IOS-SNMP-004", "IOS-SNMP-005"}


def test_unknown_rule_id_is_a_usage_error() -> None:
    code, out, err = run("audit", corpus(IOS), "--rule", "NOPE-001")
    assert code == 2
    assert out == ""
    assert err == "devaudit: --rule NOPE-001 selects no rule of the baseline; 'devaudit baseline list' lists them\n"


def test_misspelt_rule_id_suggests_close_ids() -> None:
    code, _, err = run("audit", corpus(IOS), "--rule", "ios-snmp-01")
    assert code == 2
    assert err == (
        "devaudit: --rule ios-snmp-01 selects no rule of the baseline; close IDs: "
        "IOS-SNMP-001, IOS-SNMP-002, IOS-SNMP-003, IOS-SNMP-004, IOS-SNMP-005\n"
    )


def test_glob_matching_nothing_suggests_the_ids_sharing_its_prefix() -> None:
    code, _, err = run("audit", corpus(IOS), "--rule", "IOS-SNMP-9*")
    assert code == 2
    assert err == (
        "devaudit: --rule IOS-SNMP-9* selects no rule of the baseline; close IDs: "
        "IOS-SNMP-001, IOS-SNMP-002, IOS-SNMP-003, IOS-SNMP-004, IOS-SNMP-005\n"
    )


@pytest.mark.parametrize("pattern", ["IOS-SNMP-*", "ios-snmp-*", "IOS-SNMP-00?"])
def test_rule_globs_select_every_matching_rule_in_any_case(pattern: str) -> None:
    code, devices = json_devices(corpus(IOS), "--rule", pattern)
    assert set(statuses(devices[0])) == SNMP_RULES
    # community RW 99 (line 378) and a v2c trap host (line 391); no SNMPv3 trap receiver
    assert failed(devices[0]) == {"IOS-SNMP-001", "IOS-SNMP-003", "IOS-SNMP-005"}
    assert code == 1


def test_comma_separated_and_repeated_rules() -> None:
    _, devices = json_devices(corpus(IOS), "--rule", "ios-snmp-001,IOS-MGMT-005", "--rule", "IOS-NTP-001")
    assert statuses(devices[0]) == {"IOS-SNMP-001": "FAIL", "IOS-MGMT-005": "FAIL", "IOS-NTP-001": "FAIL"}


def test_profile_and_rule_that_select_nothing_together_are_refused() -> None:
    outside_nsa = next(
        c.rule.id for c in load_baseline().rules if "cisco_ios" in c.rule.platforms and "nsa" not in c.rule.profiles
    )
    code, _, err = run("audit", corpus(IOS), "--profile", "NSA", "--rule", outside_nsa)
    assert code == 2
    assert err == f"devaudit: no rule of the baseline is selected by --profile nsa and --rule {outside_nsa}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--fail-on", "CRITICAL"),
        ("--platform", "CISCO_IOS"),
        ("-f", "JSON"),
        ("--profile", "STIG"),
        ("--role", "Perimeter"),
    ],
)
def test_option_values_are_case_insensitive(args: tuple[str, str]) -> None:
    code, out, err = run("audit", corpus(IOS), *args, "--format", "json")
    assert code == 1, err
    assert '"schema_version"' in out


def test_fail_on_critical_counts_only_critical_failures() -> None:
    # IOS-SNMP-003 (high) fails, IOS-SNMP-001 (critical) is left out: nothing critical fails.
    code, _, _ = run("audit", corpus(IOS), "--fail-on", "CRITICAL", "--rule", "IOS-SNMP-003")
    assert code == 0
    code, _, _ = run("audit", corpus(IOS), "--fail-on", "CRITICAL", "--rule", "IOS-SNMP-00[13]")
    assert code == 1


def test_unknown_role_lists_the_known_ones() -> None:
    code, _, err = run("audit", corpus(IOS), "--role", "perimetre")
    assert code == 2
    assert err == (
        "devaudit: --role perimetre: unknown role; known roles: "
        "router, access-switch, l3switch, perimeter, core, olt, firewall\n"
    )


def test_unknown_profile_is_refused_with_the_known_ones() -> None:
    code, _, err = run("audit", corpus(IOS), "--profile", "cis")
    assert code == 2
    assert "'cis' is not one of 'cis-level1', 'cis-level2', 'stig', 'nsa', 'vendor'" in err


def test_cli_choices_are_the_rule_languages() -> None:
    assert PROFILE_CHOICES == PROFILES
    assert ROLE_CHOICES == ROLES


def test_unknown_var_lists_the_known_variables() -> None:
    code, out, err = run("audit", corpus(IOS), "--var", "nosuchvar=3")
    assert code == 2
    assert out == ""
    assert err.startswith("devaudit: --var nosuchvar: unknown variable; known variables: ")
    known = err.split("known variables: ", 1)[1].strip().split(", ")
    assert {"min_ntp_servers", "min_syslog_hosts", "snmp_default_communities", "max_idle_minutes"} <= set(known)
    assert known == sorted(known)


def test_var_of_the_wrong_type_names_the_option_not_the_pack() -> None:
    code, _, err = run("audit", corpus(IOS), "--var", "min_ntp_servers=abc")
    assert code == 2
    assert err == (
        "devaudit: --var min_ntp_servers=abc: variable min_ntp_servers must be a whole number "
        "(the shipped value is 2), not 'abc'\n"
    )


def test_var_of_the_right_type_changes_the_verdict() -> None:
    # ccp-sample01 has one NTP server (line 450): short of the shipped two, enough when one is required.
    _, devices = json_devices(corpus(IOS), "--rule", "IOS-NTP-001")
    assert statuses(devices[0]) == {"IOS-NTP-001": "FAIL"}
    code, devices = json_devices(corpus(IOS), "--rule", "IOS-NTP-001", "--var", "min_ntp_servers=1")
    assert (code, statuses(devices[0])) == (0, {"IOS-NTP-001": "PASS"})


def test_list_variable_accepts_a_single_value() -> None:
    code, devices = json_devices(corpus(IOS), "--rule", "IOS-SNMP-001", "--var", "snmp_default_communities=nms")
    assert code == 1  # RW community still fails; the single value became a one-item list
    assert failed(devices[0]) == {"IOS-SNMP-001"}


def _site(tmp_path: Path, text: str) -> Path:
    site = tmp_path / "site.yaml"
    site.write_text(text, encoding="utf-8")
    return site


def test_misspelt_variable_in_a_site_baseline_names_file_and_line(tmp_path: Path) -> None:
    site = _site(tmp_path, "extends: [builtin]\nvars:\n  min_ntp_server: 3\n")
    code, _, err = run("audit", corpus(IOS), "-b", site)
    assert code == 4
    assert err.startswith(
        f"devaudit: invalid baseline: {site}:3: unknown variable min_ntp_server: no rule uses it; "
        "did you mean min_ntp_servers or ntp_server? known variables: "
    )


def test_variable_of_the_wrong_type_in_a_site_baseline_names_file_and_line(tmp_path: Path) -> None:
    site = _site(tmp_path, "extends: [builtin]\nvars:\n  max_idle_minutes: 10\n  min_ntp_servers: three\n")
    code, _, err = run("audit", corpus(IOS), "-b", site)
    assert code == 4
    assert err == (
        f"devaudit: invalid baseline: {site}:4: variable min_ntp_servers must be a whole number "
        "(the shipped value is 2), not 'three'\n"
    )


def test_site_baseline_may_define_variables_its_own_rules_use(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        "extends: [builtin]\nvars: {site_ntp: 10.0.0.1}\nrules:\n"
        "  - id: SITE-NTP-001\n    platforms: [cisco_ios]\n    title: Site NTP server\n    severity: low\n"
        "    category: logging\n    check: {present: '^ntp server ${site_ntp}$'}\n",
    )
    _, devices = json_devices(corpus(IOS), "-b", site, "--rule", "SITE-*")
    assert statuses(devices[0]) == {"SITE-NTP-001": "FAIL"}


def test_site_baseline_without_extends_is_refused(tmp_path: Path) -> None:
    site = _site(tmp_path, "vars: {min_ntp_servers: 3}\n")
    code, out, err = run("audit", corpus(IOS), "-b", site)
    assert code == 4
    assert out == ""
    assert err == (
        f"devaudit: invalid baseline: {site}: this baseline defines no rules; a site baseline builds on the "
        "shipped packs with 'extends: [builtin]'\n"
    )


def test_baseline_without_rules_for_a_device_platform_is_an_error_for_that_device(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        "platform: cisco_ios\nrules:\n  - id: SITE-NTP-001\n    title: NTP configured\n    severity: high\n"
        "    category: logging\n    check: {present: '^ntp server\\s'}\n",
    )
    code, devices = json_devices(corpus(IOS), corpus("juniper_junos/scrapli-vmx17.conf"), "-b", site)
    assert code == 3
    ios, junos = devices
    assert statuses(ios) == {"SITE-NTP-001": "PASS"}
    assert (junos["status"], junos["results"]) == ("ERROR", [])
    assert junos["error"] == (
        "the baseline has no rules for juniper_junos; a site baseline builds on the shipped packs with "
        "'extends: [builtin]'"
    )


def test_selection_that_leaves_a_platform_without_rules_says_nothing_was_checked() -> None:
    code, devices = json_devices(corpus(IOS), corpus("juniper_junos/scrapli-vmx17.conf"), "--rule", "IOS-MGMT-005")
    assert code == 1
    assert devices[1]["results"] == []
    assert devices[1]["warnings"] == ["none of the selected rules applies to juniper_junos: nothing was checked"]


def test_unknown_role_in_an_inventory_is_refused_before_connecting(tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.yaml"
    inventory.write_text(
        "hosts:\n  fw1:\n    hostname: 192.0.2.1\n    platform: cisco_asa\n    data: {role: perimetre}\n",
        encoding="utf-8",
    )
    code, _, err = run("audit", "--inventory", inventory)
    assert code == 4
    assert err == (
        f"devaudit: invalid inventory: {inventory}: host fw1: unknown role perimetre; known roles: "
        "router, access-switch, l3switch, perimeter, core, olt, firewall\n"
    )
