"""The juniper_junos pack on real text: exact verdicts and evidence lines on the labelled corpus, brace and
set forms giving the same verdicts, remediations that really fix their fail examples, the tricky cases of
the Python checks, the defaults every rule names, and the speed of the whole pack."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from devaudit.engine.authoring import lint_baseline
from devaudit.engine.conditions import Scope
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, DeviceResult, Finding, Status
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes
from devaudit.tree import ConfigTree
from tests.conftest import require_shared

PLATFORM = "juniper_junos"
ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / PLATFORM
LABELS = SHARED / "labels" / "dev-labels.yaml"
PACK = ROOT / "baselines" / PLATFORM
DISPUTES = Path(__file__).resolve().parent / "disputes" / f"{PLATFORM}.yaml"

CORE = (
    "JUN-MGMT-001", "JUN-MGMT-002", "JUN-MGMT-003", "JUN-MGMT-006", "JUN-ACC-001", "JUN-ACC-006",
    "JUN-SNMP-001", "JUN-SNMP-002", "JUN-SNMP-003", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
)  # fmt: skip
CATALOGUE = (
    "JUN-AAA-001", "JUN-AAA-002", "JUN-AAA-003", "JUN-AAA-004",
    "JUN-ACC-001", "JUN-ACC-002", "JUN-ACC-003", "JUN-ACC-004", "JUN-ACC-005", "JUN-ACC-006", "JUN-ACC-007",
    "JUN-ACC-008",
    "JUN-MGMT-001", "JUN-MGMT-002", "JUN-MGMT-003", "JUN-MGMT-004", "JUN-MGMT-005", "JUN-MGMT-006",
    "JUN-MGMT-007", "JUN-MGMT-008", "JUN-MGMT-009", "JUN-MGMT-010", "JUN-MGMT-011",
    "JUN-CRY-001", "JUN-CRY-002", "JUN-CRY-003", "JUN-CRY-004",
    "JUN-SNMP-001", "JUN-SNMP-002", "JUN-SNMP-003", "JUN-SNMP-004",
    "JUN-LOG-001", "JUN-LOG-002", "JUN-LOG-003", "JUN-NTP-001",
    "JUN-SVC-001", "JUN-SVC-002", "JUN-SVC-003",
    "JUN-CP-001", "JUN-CP-002", "JUN-CP-003", "JUN-CP-004", "JUN-CP-005", "JUN-CP-006",
    "JUN-DP-001", "JUN-DP-002", "JUN-DP-003",
)  # fmt: skip
# Sub-checks of catalogue controls split into IDs of their own (core narrowing, or a fix that must not
# enable a service): J-Web HTTPS, unused DHCP, NETCONF limits, SNMP default restrict, VACM write view,
# idle timeout on every defined class.
EXTRA = ("JUN-MGMT-012", "JUN-MGMT-013", "JUN-MGMT-014", "JUN-SNMP-005", "JUN-SNMP-006", "JUN-ACC-009")


@cache
def baseline() -> Baseline:
    return load_baseline([PACK.parent / "common.yaml", PACK])


def junos_rules() -> list[CompiledRule]:
    return [r for r in baseline().rules if PLATFORM in r.rule.platforms]


def rule(rule_id: str) -> CompiledRule:
    return next(r for r in junos_rules() if r.rule.id == rule_id)


def parse_text(text: str) -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, PLATFORM)


def context_for(text: str, *, role: str = "", os_version: str = "") -> CheckContext:
    return CheckContext(
        tree=parse_text(text),
        facts=DeviceFacts(os_version=os_version),
        role=role,
        variables=baseline().variables,
        defaults=baseline().defaults_for(PLATFORM, os_version),
    )


def verdict(rule_id: str, text: str, *, role: str = "", os_version: str = "") -> Finding:
    return evaluate_rule(rule(rule_id), context_for(text, role=role, os_version=os_version))


def outcome(rule_id: str, text: str) -> Outcome:
    ctx = context_for(text)
    return rule(rule_id).check.evaluate(ctx, Scope(ctx, None))


def lines_of(finding: Finding) -> list[int]:
    return [e.line for e in finding.evidence]


# --------------------------------------------------------------------------- the pack itself


def test_pack_has_every_catalogue_control_and_nothing_unexpected() -> None:
    ids = [r.rule.id for r in junos_rules()]
    assert len(ids) == len(set(ids))
    assert len(CATALOGUE) == 47
    assert sorted(ids) == sorted(CATALOGUE + EXTRA)
    assert set(CORE) <= set(ids)


def test_core_controls_live_in_core_yaml() -> None:
    for compiled in junos_rules():
        in_core = compiled.source.endswith("/core.yaml")
        assert in_core == (compiled.rule.id in CORE), compiled.rule.id


def test_pack_lints_clean_and_every_rule_is_complete() -> None:
    assert lint_baseline(baseline()) == []
    for compiled in junos_rules():
        r = compiled.rule
        assert r.references.as_tuple(), r.id
        assert r.profiles, r.id
        assert len(r.examples.pass_) >= 2, r.id
        assert len(r.examples.fail) >= 2, r.id
        applied = r.remediation_result or r.remediation
        assert all(line.startswith(("set ", "delete ")) for line in applied), r.id


def test_every_named_default_is_defined_for_junos() -> None:
    data = yaml.safe_load((PACK / "defaults.yaml").read_text(encoding="utf-8"))
    assert data["platform"] == PLATFORM
    defined = {entry["name"] for entry in data["defaults"]}
    named = {name for r in junos_rules() for name in r.rule.defaults}
    assert named, "no rule names a default"
    assert named <= defined, sorted(named - defined)


def test_root_login_default_depends_on_the_release() -> None:
    assert baseline().defaults_for(PLATFORM, "15.1X49-D15.4")["ssh_root_login_default"] == "allow"
    assert baseline().defaults_for(PLATFORM, "21.4R3-S5")["ssh_root_login_default"] == "deny-password"
    assert baseline().defaults_for(PLATFORM, "")["ssh_root_login_default"] == "deny-password"


def test_every_pattern_uses_the_first_word_index() -> None:
    pattern_keys = ("present", "absent", "match", "block")
    for compiled in junos_rules():
        for text in _patterns([compiled.rule.check, compiled.rule.when or {}], pattern_keys):
            assert re.match(r"\^[a-z]", text), f"{compiled.rule.id}: {text}"


def _patterns(node: object, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                out.append(value)
            else:
                out.extend(_patterns(value, keys))
    elif isinstance(node, list):
        for item in node:
            out.extend(_patterns(item, keys))
    return out


# --------------------------------------------------------------------------- parser facts the rules rely on


def test_set_lists_expand_like_brace_lists() -> None:
    brace = parse_text("system {\n    authentication-order [ tacplus password ];\n}\n")
    flat = parse_text("set system authentication-order [ tacplus password ]\n")
    expected = ["system authentication-order tacplus", "system authentication-order password"]
    assert [n.text for n in brace.roots] == expected
    assert [n.text for n in flat.roots] == expected


def test_inactive_and_deactivated_statements_count_as_absent() -> None:
    inactive = "system {\n    services {\n        inactive: telnet;\n    }\n}\n"
    assert verdict("JUN-MGMT-001", inactive).status is Status.PASS
    text = "set system services telnet\ndeactivate system services telnet\n"
    assert verdict("JUN-MGMT-001", text).status is Status.PASS


def test_apply_groups_are_evaluated() -> None:
    text = """groups {
    MGMT {
        system {
            services {
                telnet;
            }
        }
    }
}
apply-groups MGMT;
system {
    services {
        ssh;
    }
}
"""
    finding = verdict("JUN-MGMT-001", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [5]


# --------------------------------------------------------------------------- brace and set forms agree

BRACE = """## Last commit: 2024-05-02 10:11:12 UTC by admin
version 21.4R3-S5.4;
system {
    host-name pe1-ams;
    root-authentication {
        encrypted-password "$6$Adf5A57s$5Iu/Tdzi/qQuSA.9tV.przrz51avKm"; ## SECRET-DATA
    }
    authentication-order [ tacplus password ];
    tacplus-server {
        10.0.0.11 {
            secret "$9$H.fz9A0hSe36hSrvLX-dVgoGUHmF3"; ## SECRET-DATA
            source-address 10.255.0.1;
        }
    }
    login {
        message "Authorized access only.";
        class NOC {
            idle-timeout 30;
            permissions [ view view-configuration ];
        }
        user noc1 {
            uid 2001;
            class NOC;
            authentication {
                encrypted-password "$6$SDiXXE9D$KTq4es.BGkdh5IlSxbDhCFn8"; ## SECRET-DATA
            }
        }
        user admin {
            uid 2000;
            class super-user;
            authentication {
                encrypted-password "$6$9YSzwiCD$ZiMI1N.5fcWCe5fH8hZz"; ## SECRET-DATA
            }
        }
    }
    services {
        ssh {
            root-login deny;
            protocol-version v2;
            ciphers [ aes256-ctr aes128-cbc ];
        }
        netconf {
            ssh;
        }
        web-management {
            http {
                interface fxp0.0;
            }
        }
    }
    syslog {
        host 10.0.0.50 {
            any info;
        }
        file messages {
            any notice;
        }
    }
    ntp {
        authentication-key 1 type sha256 value "$9$kmfzF/CtpBEhrKMLxdbwg4aGDik.5Tz"; ## SECRET-DATA
        server 10.0.0.1 key 1;
        server 10.0.1.1;
        trusted-key 1;
    }
}
interfaces {
    ge-0/0/0 {
        description "core link";
        unit 0 {
            family inet {
                address 10.0.0.1/30;
            }
        }
    }
    lo0 {
        unit 0 {
            family inet {
                address 10.255.0.1/32;
            }
        }
    }
}
snmp {
    community public {
        authorization read-only;
        clients {
            10.0.0.0/24;
        }
    }
    community RWx7 {
        authorization read-write;
    }
}
protocols {
    bgp {
        group EBGP-AS64500 {
            type external;
            peer-as 64500;
            neighbor 192.0.2.1;
        }
    }
    ospf {
        area 0.0.0.0 {
            interface ge-0/0/0.0;
            interface lo0.0 {
                passive;
            }
        }
    }
}
"""

SET = """set version 21.4R3-S5.4
set system host-name pe1-ams
set system root-authentication encrypted-password "$6$Adf5A57s$5Iu/Tdzi/qQuSA.9tV.przrz51avKm"
set system authentication-order tacplus
set system authentication-order password
set system tacplus-server 10.0.0.11 secret "$9$H.fz9A0hSe36hSrvLX-dVgoGUHmF3"
set system tacplus-server 10.0.0.11 source-address 10.255.0.1
set system login message "Authorized access only."
set system login class NOC idle-timeout 30
set system login class NOC permissions [ view view-configuration ]
set system login user noc1 uid 2001
set system login user noc1 class NOC
set system login user noc1 authentication encrypted-password "$6$SDiXXE9D$KTq4es.BGkdh5IlSxbDhCFn8"
set system login user admin uid 2000
set system login user admin class super-user
set system login user admin authentication encrypted-password "$6$9YSzwiCD$ZiMI1N.5fcWCe5fH8hZz"
set system services ssh root-login deny
set system services ssh protocol-version v2
set system services ssh ciphers aes256-ctr
set system services ssh ciphers aes128-cbc
set system services netconf ssh
set system services web-management http interface fxp0.0
set system syslog host 10.0.0.50 any info
set system syslog file messages any notice
set system ntp authentication-key 1 type sha256 value "$9$kmfzF/CtpBEhrKMLxdbwg4aGDik.5Tz"
set system ntp server 10.0.0.1 key 1
set system ntp server 10.0.1.1
set system ntp trusted-key 1
set interfaces ge-0/0/0 description "core link"
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/30
set interfaces lo0 unit 0 family inet address 10.255.0.1/32
set snmp community public authorization read-only
set snmp community public clients 10.0.0.0/24
set snmp community RWx7 authorization read-write
set protocols bgp group EBGP-AS64500 type external
set protocols bgp group EBGP-AS64500 peer-as 64500
set protocols bgp group EBGP-AS64500 neighbor 192.0.2.1
set protocols ospf area 0.0.0.0 interface ge-0/0/0.0
set protocols ospf area 0.0.0.0 interface lo0.0 passive
"""


def test_inherited_statements_are_judged_at_their_own_lines() -> None:
    root = (
        'set groups global system root-authentication encrypted-password "$1$CXKwIUfL$6vLSvatE2TCaM25U4u9Bh1"\n'
        "set apply-groups global\n"
    )
    finding = verdict("JUN-ACC-001", root)
    assert (finding.status, lines_of(finding)) == (Status.FAIL, [1])
    assert finding.reason.startswith("The root password hash is not SHA-512")
    dhcp = "set groups svc system services dhcp traceoptions file dhcp\nset apply-groups svc\n"
    finding = verdict("JUN-MGMT-013", dhcp)
    assert (finding.status, lines_of(finding)) == (Status.FAIL, [1])
    assert verdict("JUN-MGMT-013", dhcp.replace("traceoptions file dhcp", "pool 10.1.0.0/24")).status is Status.PASS
    key = "set system root-authentication ssh-ed25519 \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0aJ7pT nms\"\n"
    assert verdict("JUN-ACC-001", key).status is Status.FAIL
    inactive = key + "deactivate system root-authentication ssh-ed25519\n"
    assert verdict("JUN-ACC-001", inactive).status is Status.NOT_APPLICABLE


def test_brace_and_set_forms_give_the_same_verdicts() -> None:
    brace = {f.rule_id: (f.status, f.reason) for f in audit_text(BRACE).findings}
    flat = {f.rule_id: (f.status, f.reason) for f in audit_text(SET).findings}
    assert set(brace) == set(CATALOGUE + EXTRA)
    assert brace == flat
    failed = {rule_id for rule_id, (status, _) in brace.items() if status is Status.FAIL}
    assert {
        "JUN-MGMT-003", "JUN-ACC-006", "JUN-SNMP-001", "JUN-SNMP-002", "JUN-SNMP-003", "JUN-LOG-001",
        "JUN-NTP-001", "JUN-CRY-001", "JUN-CP-001", "JUN-CP-003", "JUN-AAA-003", "JUN-ACC-007",
    } <= failed  # fmt: skip
    assert {"JUN-MGMT-001", "JUN-MGMT-002", "JUN-MGMT-006", "JUN-ACC-001", "JUN-ACC-002", "JUN-AAA-001"}.isdisjoint(
        failed
    )


def audit_text(text: str) -> DeviceResult:
    return audit_bytes(text.encode(), "junos.conf", baseline(), AuditOptions())


# --------------------------------------------------------------------------- the labelled corpus

# Exact core FAILs per corpus file (labelled files, plus the two files the labels skip as fragments).
CORE_FAILS: dict[str, set[str]] = {
    # Fragments (no root-authentication, services, syslog or NTP: see devaudit/fragment.py): only the rules
    # whose sections they hold are decided.
    "bf-as1border1-set.set": set(),
    "bf-login-class-set.set": {"JUN-ACC-006"},
    "bf-srx2-set.set": {
        "JUN-MGMT-003", "JUN-MGMT-006", "JUN-ACC-001", "JUN-ACC-006", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
    },
    "ccp-sample01-ex.conf": {
        "JUN-MGMT-001", "JUN-MGMT-003", "JUN-ACC-001", "JUN-ACC-006", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
    },
    "ccp-sample03-stackexchange.conf": {
        "JUN-MGMT-001", "JUN-MGMT-006", "JUN-ACC-006", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
    },
    "clab-cjunosevo.conf": {
        "JUN-MGMT-006", "JUN-ACC-006", "JUN-SNMP-001", "JUN-SNMP-002", "JUN-SNMP-003", "JUN-LOG-001",
        "JUN-NTP-001", "JUN-AAA-001",
    },
    "napalm-vsrx12-initial.conf": {
        "JUN-MGMT-006", "JUN-ACC-001", "JUN-ACC-006", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
    },
    "scrapli-vmx17.conf": {
        "JUN-MGMT-001", "JUN-MGMT-003", "JUN-MGMT-006", "JUN-ACC-006", "JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001",
    },
    "ttp-interfaces-display-set.set": set(),
}  # fmt: skip

# (file, rule) -> the exact evidence lines devaudit reports (1-based, as the file is stored).
EVIDENCE: dict[tuple[str, str], list[int]] = {
    ("ccp-sample01-ex.conf", "JUN-MGMT-001"): [33],
    ("ccp-sample01-ex.conf", "JUN-MGMT-003"): [35],
    ("ccp-sample01-ex.conf", "JUN-ACC-001"): [12],
    ("ccp-sample01-ex.conf", "JUN-ACC-006"): [23],
    ("ccp-sample01-ex.conf", "JUN-NTP-001"): [52],
    ("ccp-sample01-ex.conf", "JUN-MGMT-006"): [19],
    ("ccp-sample03-stackexchange.conf", "JUN-MGMT-001"): [20],
    ("ccp-sample03-stackexchange.conf", "JUN-ACC-006"): [13],
    ("ccp-sample03-stackexchange.conf", "JUN-SNMP-003"): [296, 298],
    ("clab-cjunosevo.conf", "JUN-SNMP-001"): [68, 71],
    ("clab-cjunosevo.conf", "JUN-SNMP-002"): [71],
    ("clab-cjunosevo.conf", "JUN-SNMP-003"): [68, 71],
    ("clab-cjunosevo.conf", "JUN-ACC-006"): [5],
    ("bf-srx2-set.set", "JUN-MGMT-003"): [17],
    ("bf-srx2-set.set", "JUN-ACC-001"): [3],
    ("bf-srx2-set.set", "JUN-ACC-006"): [5, 9, 13],
    ("bf-login-class-set.set", "JUN-ACC-006"): [7, 29, 33],
    ("bf-login-class-set.set", "JUN-MGMT-006"): [46],
    ("napalm-vsrx12-initial.conf", "JUN-ACC-001"): [5, 6],
    ("scrapli-vmx17.conf", "JUN-MGMT-001"): [20],
    ("scrapli-vmx17.conf", "JUN-MGMT-003"): [26],
    ("scrapli-vmx17.conf", "JUN-ACC-001"): [5],
}


def corpus_or_skip() -> Path:
    require_shared()
    return CORPUS


@cache
def audit_corpus(name: str) -> DeviceResult:
    path = corpus_or_skip() / name
    assert path.is_file(), f"{path} is missing from the corpus"
    return audit_bytes(path.read_bytes(), f"{PLATFORM}/{name}", baseline(), AuditOptions())


@pytest.mark.parametrize("name", sorted(CORE_FAILS))
def test_exact_core_failures_on_the_corpus(name: str) -> None:
    result = audit_corpus(name)
    assert result.platform == PLATFORM
    core = {f.rule_id: f for f in result.findings if f.rule_id in CORE}
    assert set(core) == set(CORE)
    failed = {rule_id for rule_id, f in core.items() if f.status is Status.FAIL}
    assert CORE_FAILS[name] or any(w.startswith("a fragment of a configuration") for w in result.warnings)
    assert failed == CORE_FAILS[name]
    assert all(f.status is not Status.ERROR for f in result.findings)


@pytest.mark.parametrize(("name", "rule_id"), sorted(EVIDENCE))
def test_evidence_lines_on_the_corpus(name: str, rule_id: str) -> None:
    finding = next(f for f in audit_corpus(name).findings if f.rule_id == rule_id)
    assert finding.status in (Status.PASS, Status.FAIL)
    assert lines_of(finding) == EVIDENCE[(name, rule_id)]


def test_disputes_file_is_well_formed() -> None:
    entries = yaml.safe_load(DISPUTES.read_text(encoding="utf-8")) or []
    for entry in entries:
        assert {"file", "rule_id", "label", "devaudit", "line", "text", "reason"} <= set(entry)
        assert entry["rule_id"].startswith("JUN-")


# --------------------------------------------------------------------------- tricky cases, rule by rule


def test_zone_host_inbound_telnet_is_not_the_telnet_service() -> None:
    text = "set security zones security-zone trust host-inbound-traffic system-services telnet\n"
    assert verdict("JUN-MGMT-001", text).status is Status.PASS


def test_https_only_jweb_passes_core_but_is_hardened_separately() -> None:
    text = "set system services web-management https system-generated-certificate\n"
    assert verdict("JUN-MGMT-003", text).status is Status.PASS
    assert verdict("JUN-MGMT-012", text).status is Status.FAIL


def test_root_password_placeholder_is_not_applicable_but_a_key_still_fails() -> None:
    placeholder = 'set system root-authentication encrypted-password "%CENSORED%"\n'
    assert verdict("JUN-ACC-001", placeholder).status is Status.NOT_APPLICABLE
    key = placeholder + 'set system root-authentication ssh-ecdsa "ecdsa-sha2-nistp256 AAAAE2 root@nms"\n'
    finding = verdict("JUN-ACC-001", key)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [2]
    assert "no root-authentication" in verdict("JUN-ACC-001", "set system host-name r1\n").reason


def test_idle_timeout_groups_users_by_class() -> None:
    text = """set system login class NOC idle-timeout 10
set system login class OPS idle-timeout 11
set system login class SPARE permissions view
set system login user a class NOC
set system login user b class NOC
set system login user c class OPS
"""
    finding = verdict("JUN-ACC-006", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [2, 6]  # OPS idle-timeout 11, used by c; SPARE is used by nobody
    every = verdict("JUN-ACC-009", text)
    assert every.status is Status.FAIL
    assert lines_of(every) == [2, 3]  # OPS too long, SPARE without one; NOC is fine


def test_superuser_alias_and_undefined_classes_have_no_idle_timeout() -> None:
    finding = verdict("JUN-ACC-006", "set system login user admin class superuser\n")
    assert finding.status is Status.FAIL
    assert finding.reason.startswith("A user is in a predefined login class")
    assert verdict("JUN-ACC-006", "set system login user ops class NOC\n").status is Status.FAIL
    assert verdict("JUN-ACC-006", "set system login class NOC idle-timeout 5\n").status is Status.NOT_APPLICABLE


def test_stig_sites_can_tighten_the_idle_timeout() -> None:
    strict = load_baseline([PACK.parent / "common.yaml", PACK], variables={"max_idle_minutes": 5})
    compiled = next(r for r in strict.rules if r.rule.id == "JUN-ACC-006")
    text = "set system login class NOC idle-timeout 10\nset system login user a class NOC\n"
    ctx = CheckContext(tree=parse_text(text), facts=DeviceFacts(), variables=strict.variables)
    assert evaluate_rule(compiled, ctx).status is Status.FAIL
    assert verdict("JUN-ACC-006", text).status is Status.PASS


def test_snmp_community_names_match_exactly_and_quoted() -> None:
    assert verdict("JUN-SNMP-001", "set snmp community publicstrang\n").status is Status.PASS
    assert verdict("JUN-SNMP-001", 'set snmp community "Monitor" authorization read-only\n').status is Status.FAIL
    assert verdict("JUN-SNMP-002", 'set snmp community "rw c" authorization read-write\n').status is Status.FAIL


def test_snmp_client_restrictions() -> None:
    undefined_list = "set snmp community s3cr3tR0 client-list-name NMS\n"
    assert verdict("JUN-SNMP-003", undefined_list).status is Status.FAIL
    opened = "set snmp client-list NMS default\nset snmp community s3cr3tR0 client-list-name NMS\n"
    finding = verdict("JUN-SNMP-003", opened)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [1, 2]  # the open client-list entry, the community that names it
    closed = "set snmp client-list NMS 10.0.0.0/24\nset snmp client-list NMS default restrict\n" + undefined_list
    assert verdict("JUN-SNMP-003", closed).status is Status.PASS
    routing_instance = "set snmp community s3cr3tR0 routing-instance MGMT clients 10.0.0.0/24\n"
    assert verdict("JUN-SNMP-003", routing_instance).status is Status.PASS


def test_syslog_hosts_are_counted_once_and_need_any_info() -> None:
    text = """set system syslog host 10.0.0.50 any info
set system syslog host 10.0.0.50 authorization info
set system syslog host 10.0.1.50 any notice
"""
    assert verdict("JUN-LOG-001", text).status is Status.FAIL
    text += "set system syslog host logs.example.net any any\n"
    assert verdict("JUN-LOG-001", text).status is Status.PASS


def test_ntp_keys_must_be_sha256_trusted_and_version_4() -> None:
    good = """set system ntp authentication-key 1 type sha256 value "$9$a"
set system ntp authentication-key 2 type sha256 value "$9$b"
set system ntp trusted-key [ 1 2 ]
set system ntp server 10.0.0.1 key 1
set system ntp server 10.0.1.1 key 2 routing-instance mgmt_junos
"""
    assert verdict("JUN-NTP-001", good).status is Status.PASS
    old = good.replace("key 2 routing-instance mgmt_junos", "key 2 version 3")
    finding = verdict("JUN-NTP-001", old)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [5]
    undefined = good.replace("server 10.0.1.1 key 2", "server 10.0.1.1 key 3")
    assert "key 3 is not defined" in verdict("JUN-NTP-001", undefined).reason


def test_authentication_order_first_method_decides() -> None:
    assert verdict("JUN-AAA-001", "set system authentication-order [ radius password ]\n").status is Status.PASS
    finding = verdict("JUN-AAA-001", "set system authentication-order [ password radius ]\n")
    assert finding.status is Status.FAIL
    assert [e.text for e in finding.evidence] == ["system authentication-order password"]
    assert verdict("JUN-AAA-002", "set system authentication-order [ radius password ]\n").status is Status.FAIL


def test_root_login_absence_fails_on_every_release() -> None:
    text = "set system services ssh protocol-version v2\n"
    for release in ("12.1X47-D20.7", "17.3R2.10", "21.4R3-S5"):
        assert verdict("JUN-ACC-002", text, os_version=release).status is Status.FAIL


def test_retry_options_rely_on_documented_defaults() -> None:
    text = (
        "set system login retry-options tries-before-disconnect 3\nset system login retry-options lockout-period 30\n"
    )
    assert verdict("JUN-ACC-004", text).status is Status.PASS
    weaker = text + "set system login retry-options minimum-time 5\n"
    finding = verdict("JUN-ACC-004", weaker)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [3]


def test_password_length_threshold_is_a_variable() -> None:
    text = """set system login password format sha512
set system login password minimum-length 12
set system login password change-type character-sets
set system login password minimum-changes 4
"""
    finding = verdict("JUN-ACC-003", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [2]
    cis = load_baseline([PACK.parent / "common.yaml", PACK], variables={"junos_min_password_length": 10})
    compiled = next(r for r in cis.rules if r.rule.id == "JUN-ACC-003")
    ctx = CheckContext(tree=parse_text(text), facts=DeviceFacts(), variables=cis.variables)
    assert evaluate_rule(compiled, ctx).status is Status.PASS


def test_local_accounts_and_template_user() -> None:
    text = """set system authentication-order tacplus
set system login user breakglass class SU-LOCAL
set system login user breakglass authentication encrypted-password "$6$x"
set system login user remote class super-user
"""
    finding = verdict("JUN-ACC-007", text)
    assert finding.status is Status.FAIL
    assert "template user" in finding.reason
    assert verdict("JUN-ACC-007", text.replace("remote class super-user", "remote class RO")).status is Status.PASS


def test_ssh_algorithm_lists_accept_quoted_openssh_names() -> None:
    text = 'set system services ssh ciphers "aes256-gcm@openssh.com"\nset system services ssh ciphers aes128-ctr\n'
    assert verdict("JUN-CRY-001", text).status is Status.PASS
    text = 'set system services ssh macs "hmac-sha2-256-etm@openssh.com"\nset system services ssh macs hmac-sha1\n'
    finding = verdict("JUN-CRY-002", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [2]


def test_protect_re_filter_order_and_filter_lists() -> None:
    base = """set interfaces lo0 unit 0 family inet filter input PROTECT-RE
set firewall family inet filter PROTECT-RE term SSH from protocol tcp
set firewall family inet filter PROTECT-RE term SSH then accept
"""
    accept_all = base + "set firewall family inet filter PROTECT-RE term ALL then accept\n"
    accept_all += "set firewall family inet filter PROTECT-RE term DENY then syslog\n"
    accept_all += "set firewall family inet filter PROTECT-RE term DENY then discard\n"
    finding = verdict("JUN-MGMT-007", accept_all)
    assert finding.status is Status.FAIL
    assert "last term ALL" in finding.reason
    legacy = base.replace("set firewall family inet filter", "set firewall filter")
    assert "set firewall filter PROTECT-RE term SSH then accept" in legacy
    legacy += (
        "set firewall filter PROTECT-RE term DENY then log\nset firewall filter PROTECT-RE term DENY then reject\n"
    )
    assert verdict("JUN-MGMT-007", legacy).status is Status.PASS
    undefined = "set interfaces lo0 unit 0 family inet filter input MISSING\n"
    assert "not defined" in verdict("JUN-MGMT-007", undefined).reason


def test_bgp_authentication_is_inherited_per_instance() -> None:
    text = """set protocols bgp authentication-key "$9$a"
set protocols bgp group IBGP type internal
set protocols bgp group IBGP neighbor 10.255.0.2
set routing-instances CUST-A instance-type vrf
set routing-instances CUST-A protocols bgp group CE type external
set routing-instances CUST-A protocols bgp group CE peer-as 64510
set routing-instances CUST-A protocols bgp group CE neighbor 192.0.2.9
"""
    finding = verdict("JUN-CP-001", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [7]
    assert "neighbor 192.0.2.9 (group CE)" in finding.reason
    fixed = text + 'set routing-instances CUST-A protocols bgp group CE neighbor 192.0.2.9 authentication-key "$9$b"\n'
    assert verdict("JUN-CP-001", fixed).status is Status.PASS
    dynamic = "set protocols bgp group DYN type external\nset protocols bgp group DYN allow 192.0.2.0/24\n"
    assert verdict("JUN-CP-001", dynamic).status is Status.FAIL
    assert verdict("JUN-CP-001", "set protocols bgp group EMPTY type internal\n").status is Status.NOT_APPLICABLE


def test_ebgp_filtering_accepts_neighbor_level_import() -> None:
    text = """set protocols bgp group T type external
set protocols bgp group T neighbor 192.0.2.1 import PEER-IN
set protocols bgp group T family inet unicast prefix-limit maximum 500
"""
    assert verdict("JUN-CP-002", text).status is Status.PASS
    hop = text + "set protocols bgp group T neighbor 192.0.2.1 multihop ttl 2\n"
    finding = verdict("JUN-CP-002", hop)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [4]


def test_ospf_passive_loopback_and_ospf3() -> None:
    text = """set protocols ospf area 0 interface lo0.0
set protocols ospf area 0 interface ge-0/0/3.0 passive
set protocols ospf3 area 0 interface ge-0/0/0.0 ipsec-sa SA1
"""
    assert verdict("JUN-CP-003", text).status is Status.PASS
    finding = verdict("JUN-CP-003", text + "set protocols ospf3 area 0 interface ge-0/0/1.0\n")
    assert finding.status is Status.FAIL
    assert "ospf3 area 0 interface ge-0/0/1.0" in finding.reason


def test_isis_levels() -> None:
    assert verdict("JUN-CP-004", "set protocols isis level 2 authentication-key-chain KC\n").status is Status.FAIL
    text = "set protocols isis level 1 disable\nset protocols isis level 2 authentication-key-chain KC\n"
    assert verdict("JUN-CP-004", text).status is Status.PASS
    weak = text + "set protocols isis interface ge-0/0/0.0 level 2 no-hello-authentication\n"
    finding = verdict("JUN-CP-004", weak)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [3]


def test_key_rotation_gaps() -> None:
    text = """set security authentication-key-chains key-chain KC key 1 start-time "2025-1-1.00:00:00 +0000"
set security authentication-key-chains key-chain KC key 2 start-time "2025-7-1.00:00:00 +0000"
"""
    finding = verdict("JUN-CP-006", text)
    assert finding.status is Status.FAIL
    assert lines_of(finding) == [2]
    assert verdict("JUN-CP-006", text.replace("2025-7-1", "2025-6-30")).status is Status.PASS


def test_interfaces_in_use_and_lag_members() -> None:
    text = """set interfaces xe-0/0/0 gigether-options 802.3ad ae0
set interfaces ae0 description "LAG to PE1"
set interfaces ae0 unit 0 family inet address 10.0.1.1/30
set interfaces ge-0/0/9 unit 0 family inet dhcp
set interfaces ge-0/0/9 description "uplink"
"""
    assert verdict("JUN-DP-001", text).status is Status.PASS
    finding = verdict("JUN-DP-001", text + "set interfaces ge-0/0/7 unit 0\n")
    assert finding.status is Status.FAIL
    assert "ge-0/0/7 is not in use" in finding.reason


def test_edge_filters_and_variables() -> None:
    text = """set interfaces ge-0/0/1 unit 0 family inet address 203.0.113.2/30
set interfaces ge-0/0/1 unit 0 family inet rpf-check
"""
    assert verdict("JUN-DP-002", text).status is Status.NOT_APPLICABLE
    listed = load_baseline([PACK.parent / "common.yaml", PACK], variables={"junos_external_interfaces": ["ge-0/0/1.0"]})
    compiled = next(r for r in listed.rules if r.rule.id == "JUN-DP-002")
    ctx = CheckContext(tree=parse_text(text), facts=DeviceFacts(), variables=listed.variables)
    finding = evaluate_rule(compiled, ctx)
    assert finding.status is Status.FAIL
    assert "ge-0/0/1.0 has no input filter" in finding.reason


def test_lldp_rule_respects_roles() -> None:
    text = "set protocols lldp interface all\n"
    assert verdict("JUN-SVC-003", text).status is Status.FAIL
    assert verdict("JUN-SVC-003", text, role="perimeter").status is Status.FAIL
    assert verdict("JUN-SVC-003", text, role="access-switch").status is Status.NOT_APPLICABLE


def test_hostname_model_tokens_are_whole_words() -> None:
    base = "set system default-address-selection\n"
    for name, status in (("next-hop-1", Status.PASS), ("exeter-gw", Status.PASS), ("srx-edge", Status.FAIL)):
        assert verdict("JUN-MGMT-011", f"set system host-name {name}\n" + base).status is status, name


def test_netconf_limits_never_enable_netconf() -> None:
    compiled = rule("JUN-MGMT-005")
    assert not any("netconf" in line for line in compiled.rule.remediation)
    assert verdict("JUN-MGMT-014", "set system services ssh\n").status is Status.NOT_APPLICABLE


# --------------------------------------------------------------------------- speed


def big_config(units: int) -> str:
    out = ["set version 21.4R3-S5", "set system host-name pe1-ams"]
    for i in range(units):
        port = f"ge-0/{i // 48}/{i % 48}"
        out += [
            f'set interfaces {port} description "port {i}"',
            f"set interfaces {port} unit 0 family inet address 10.{i // 250}.{i % 250}.1/24",
            f'set protocols ospf area 0.0.0.0 interface {port}.0 authentication md5 1 key "$9$x{i}"',
            f"set protocols bgp group G{i} type external",
            f"set protocols bgp group G{i} peer-as {64500 + i}",
            f"set protocols bgp group G{i} neighbor 192.0.{i // 250}.{i % 250}",
            f"set firewall family inet filter F{i // 100} term T{i} from source-address 10.{i // 250}.{i % 250}.0/24",
            f"set firewall family inet filter F{i // 100} term T{i} then accept",
            f"set system login class C{i} idle-timeout 10",
            f"set system login user u{i} class C{i}",
        ]
    return "\n".join(out) + "\n"
