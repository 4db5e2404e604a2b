"""The cisco_xr pack: exact verdicts and evidence on the real corpus, agreement with the labels, VTY pool and
line-template resolution and the other python checks on real IOS XR text, and fixes that really fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from devaudit.engine.authoring import iter_examples
from devaudit.engine.evaluate import evaluate_rule, evaluate_rules
from devaudit.engine.loader import CompiledRule
from devaudit.engine.outcome import CheckContext
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, Finding, Status
from devaudit.parsers import parse
from devaudit.platforms.cisco_xr import checks as xr
from tests.conftest import corpus_file
from tests.rules.support import PlatformPack
from tests.workcount import lines_executed

PLATFORM = "cisco_xr"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / PLATFORM
LABELS = SHARED / "labels" / "dev-labels.yaml"
CATALOGUE = SHARED / "reference" / "controls-catalogue.md"
DISPUTES = Path(__file__).resolve().parent / "disputes" / f"{PLATFORM}.yaml"
CORE = (
    "XR-MGMT-001",
    "XR-MGMT-002",
    "XR-MGMT-003",
    "XR-MGMT-004",
    "XR-MGMT-005",
    "XR-MGMT-007",
    "XR-ACC-001",
    "XR-SNMP-001",
    "XR-SNMP-002",
    "XR-LOG-001",
    "XR-NTP-001",
    "XR-AAA-002",
)
P, F, NA = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE

# Core verdicts per labelled file; they agree with ../shared/labels/dev-labels.yaml on every scored pair.
CORE_VERDICTS: dict[str, dict[str, Status]] = {
    "ccp-sample01.cfg": {
        "XR-MGMT-001": F,
        "XR-MGMT-002": F,
        "XR-MGMT-003": P,
        "XR-MGMT-004": P,
        "XR-MGMT-005": F,
        "XR-MGMT-007": P,
        "XR-ACC-001": NA,
        "XR-SNMP-001": F,
        "XR-SNMP-002": P,
        "XR-LOG-001": P,
        "XR-NTP-001": F,
        "XR-AAA-002": F,
    },
    "ccp-sample05.cfg": {
        "XR-MGMT-001": P,
        "XR-MGMT-002": F,
        "XR-MGMT-003": P,
        "XR-MGMT-004": F,
        "XR-MGMT-005": P,
        "XR-MGMT-007": P,
        "XR-ACC-001": P,
        "XR-SNMP-001": P,
        "XR-SNMP-002": P,
        "XR-LOG-001": F,
        "XR-NTP-001": P,
        "XR-AAA-002": P,
    },
    "ccp-sample07.cfg": {
        "XR-MGMT-001": F,
        "XR-MGMT-002": F,
        "XR-MGMT-003": P,
        "XR-MGMT-004": F,
        "XR-MGMT-005": P,
        "XR-MGMT-007": P,
        "XR-ACC-001": NA,
        "XR-SNMP-001": P,
        "XR-SNMP-002": P,
        "XR-LOG-001": F,
        "XR-NTP-001": P,
        "XR-AAA-002": P,
    },
    "faddr-xrv6-rancid.cfg": {
        "XR-MGMT-001": F,
        "XR-MGMT-002": F,
        "XR-MGMT-003": F,
        "XR-MGMT-004": P,
        "XR-MGMT-005": F,
        "XR-MGMT-007": F,
        "XR-ACC-001": F,
        "XR-SNMP-001": NA,
        "XR-SNMP-002": NA,
        "XR-LOG-001": F,
        "XR-NTP-001": F,
        "XR-AAA-002": F,
    },
}

# (file, rule) -> the evidence line numbers the finding must show, exactly.
EVIDENCE: dict[tuple[str, str], list[int]] = {
    ("ccp-sample01.cfg", "XR-MGMT-001"): [57],
    ("ccp-sample01.cfg", "XR-MGMT-002"): [17, 75],  # the template line and the pool using it
    ("ccp-sample01.cfg", "XR-MGMT-003"): [15, 75, 114],
    ("ccp-sample01.cfg", "XR-MGMT-005"): [],  # nothing to show: every line is missing
    ("ccp-sample01.cfg", "XR-SNMP-001"): [84],
    ("ccp-sample01.cfg", "XR-NTP-001"): [101, 102],
    ("ccp-sample05.cfg", "XR-MGMT-002"): [199, 205],  # line default and the pool that uses it
    ("ccp-sample05.cfg", "XR-MGMT-004"): [190, 191, 199, 201, 205],
    ("ccp-sample05.cfg", "XR-LOG-001"): [22],
    ("ccp-sample05.cfg", "XR-DP-004"): [755, 774],
    ("ccp-sample05.cfg", "XR-CP-003"): [1454, 1474, 1500, 1514, 1528],
    ("ccp-sample05.cfg", "XR-MGMT-011"): [202, 296, 299, 1658, 1659],
    ("ccp-sample07.cfg", "XR-MGMT-001"): [26],
    ("ccp-sample07.cfg", "XR-MGMT-004"): [50, 51, 61, 63],
    ("faddr-xrv6-rancid.cfg", "XR-MGMT-001"): [626],
    ("faddr-xrv6-rancid.cfg", "XR-MGMT-002"): [648, 649],
    ("faddr-xrv6-rancid.cfg", "XR-MGMT-003"): [648, 777],
    ("faddr-xrv6-rancid.cfg", "XR-ACC-001"): [628, 631],
    ("faddr-xrv6-rancid.cfg", "XR-ACC-004"): [628, 629, 630, 633, 634],
}

# Every rule of the pack that FAILs on each labelled file (pins the non-core rules on real text too).
ALL_FAILS: dict[str, set[str]] = {
    "ccp-sample01.cfg": {
        "XR-AAA-001",
        "XR-AAA-002",
        "XR-AAA-003",
        "XR-ACC-002",
        "XR-ACC-003",
        "XR-CRY-001",
        "XR-DP-003",
        "XR-LOG-002",
        "XR-MGMT-001",
        "XR-MGMT-002",
        "XR-MGMT-005",
        "XR-MGMT-006",
        "XR-MGMT-008",
        "XR-MGMT-009",
        "XR-MGMT-010",
        "XR-MGMT-011",
        "XR-NTP-001",
        "XR-SNMP-001",
        "XR-SNMP-004",
        "XR-SVC-001",
    },
    "ccp-sample05.cfg": {
        "XR-ACC-002",
        "XR-ACC-003",
        "XR-ACCT-001",
        "XR-CP-003",
        "XR-CRY-001",
        # TenGigE0/0/0/0/0.10-.12 carry eBGP sessions to AS 43906: external, without uRPF or unreachables off.
        "XR-DP-001",
        "XR-DP-002",
        "XR-DP-003",
        "XR-DP-004",
        "XR-LOG-001",
        "XR-LOG-002",
        "XR-MGMT-002",
        "XR-MGMT-004",
        "XR-MGMT-006",
        "XR-MGMT-008",
        "XR-MGMT-010",
        "XR-MGMT-011",
        "XR-NTP-002",
        "XR-SNMP-004",
        "XR-SVC-001",
    },
    "ccp-sample07.cfg": {
        "XR-ACC-002",
        "XR-ACC-003",
        "XR-ACCT-001",
        "XR-CRY-001",
        "XR-DP-003",
        "XR-LOG-001",
        "XR-LOG-002",
        "XR-MGMT-001",
        "XR-MGMT-002",
        "XR-MGMT-004",
        "XR-MGMT-006",
        "XR-MGMT-008",
        "XR-MGMT-009",
        "XR-MGMT-010",
        "XR-MGMT-011",
        "XR-NTP-002",
        "XR-SNMP-004",
        "XR-SVC-001",
    },
    "faddr-xrv6-rancid.cfg": {
        "XR-AAA-001",
        "XR-AAA-002",
        "XR-AAA-003",
        "XR-ACC-001",
        "XR-ACC-002",
        "XR-ACC-003",
        "XR-ACC-004",
        "XR-ACCT-001",
        "XR-CRY-001",
        "XR-DP-003",
        "XR-LOG-001",
        "XR-LOG-002",
        "XR-LOG-003",
        "XR-MGMT-001",
        "XR-MGMT-002",
        "XR-MGMT-003",
        "XR-MGMT-005",
        "XR-MGMT-006",
        "XR-MGMT-007",
        "XR-MGMT-008",
        "XR-MGMT-010",
        "XR-NTP-001",
        "XR-NTP-002",
        "XR-SVC-001",
    },
}


PACK = PlatformPack(PLATFORM)
shipped = PACK.baseline
audit = PACK.audit
tree_of = PACK.tree
rule = PACK.rule


def verdict(rule_id: str, text: str, outputs: dict[str, str] | None = None) -> Status:
    ctx = CheckContext(
        tree=tree_of(text),
        facts=DeviceFacts(),
        outputs=outputs or {},
        variables=shipped().variables,
        defaults=shipped().defaults_for(PLATFORM, ""),
    )
    return evaluate_rule(rule(rule_id), ctx).status


# --------------------------------------------------------------------------- the real corpus


@pytest.mark.parametrize("name", sorted(CORE_VERDICTS))
def test_core_verdicts_on_corpus(name: str) -> None:
    findings = {f.rule_id: f for f in audit(name).findings}
    got = {rule_id: findings[rule_id].status for rule_id in CORE}
    assert got == CORE_VERDICTS[name]
    assert {r for r, s in got.items() if s is F} == {r for r, s in CORE_VERDICTS[name].items() if s is F}


@pytest.mark.parametrize(("name", "rule_id"), sorted(EVIDENCE))
def test_evidence_lines_on_corpus(name: str, rule_id: str) -> None:
    finding = next(f for f in audit(name).findings if f.rule_id == rule_id)
    assert [e.line for e in finding.evidence] == EVIDENCE[(name, rule_id)]


@pytest.mark.parametrize("name", sorted(ALL_FAILS))
def test_every_failing_rule_on_corpus(name: str) -> None:
    result = audit(name)
    assert len(result.findings) == len(shipped().for_platform(PLATFORM))
    assert not [f.rule_id for f in result.findings if f.status is Status.ERROR]
    assert {f.rule_id for f in result.findings if f.status is F} == ALL_FAILS[name]


def test_rancid_header_is_not_configuration() -> None:
    # The commented admin-plane 'public' community (lines 421-427) must not count as a community.
    findings = {f.rule_id: f for f in audit("faddr-xrv6-rancid.cfg").findings}
    assert findings["XR-SNMP-001"].status is NA
    assert findings["XR-MGMT-007"].status is F  # 'cli banner ""' at line 291 is a comment


def test_vty_pools_resolve_to_their_line_configurations() -> None:
    path = corpus_file(f"{PLATFORM}/ccp-sample01.cfg")
    lines, _ = split_lines(path.read_text(encoding="utf-8"))
    configs = xr.vty_line_configs(parse(lines, PLATFORM))
    assert [(name, block.line if block else None) for name, block in configs] == [("ssh-telnet", 13)]


def test_disputes_file_is_well_formed() -> None:
    entries = yaml.safe_load(DISPUTES.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    for entry in entries:
        assert {"file", "rule_id", "label", "devaudit", "line", "text", "reason"} <= set(entry)
        lines = (SHARED / "corpus" / entry["file"]).read_text(encoding="utf-8").split("\n")
        assert lines[entry["line"] - 1].strip() == entry["text"].strip()


# --------------------------------------------------------------------------- the pack itself


def test_pack_has_every_catalogue_id() -> None:
    ids = {r.rule.id for r in shipped().for_platform(PLATFORM)}
    assert set(CORE) <= ids
    if CATALOGUE.exists():
        text = CATALOGUE.read_text(encoding="utf-8")
        section = text[text.index("### 4.3 cisco_xr") : text.index("### 4.4 juniper_junos")]
        catalogue = set(re.findall(r"^\| (XR-[A-Z0-9]+-\d{3}) \|", section, re.MULTILINE))
        assert len(catalogue) == 37
        assert catalogue <= ids
        assert ids - catalogue == {"XR-MGMT-009", "XR-MGMT-010", "XR-MGMT-011"}


def _fail_examples() -> list[tuple[str, CompiledRule, int]]:
    cases = []
    for compiled in shipped().for_platform(PLATFORM):
        for kind, index, _, _ in iter_examples(compiled):
            if kind == "fail":
                cases.append((f"{compiled.rule.id}-fail{index + 1}", compiled, index))
    return cases


FAIL_EXAMPLES = _fail_examples()


def test_every_rule_has_several_fail_examples_and_references() -> None:
    rules = shipped().for_platform(PLATFORM)
    assert len(rules) == 40
    assert len(FAIL_EXAMPLES) >= 2 * len(rules)
    for compiled in rules:
        r = compiled.rule
        assert r.references.as_tuple(), r.id
        assert r.rationale, r.id
        assert r.remediation, r.id
        assert r.profiles, r.id
        for name in r.defaults:
            assert name in {e.name for e in shipped().defaults[PLATFORM]}, (r.id, name)


# --------------------------------------------------------------------------- edge cases on real text


def test_line_default_is_used_unless_the_default_pool_names_a_template() -> None:
    lines = "line default\n transport input ssh telnet\n!\nline template VTY\n transport input ssh\n!\n"
    assert verdict("XR-MGMT-002", lines) is F
    assert verdict("XR-MGMT-002", lines + "vty-pool default 0 4 line-template VTY\n") is P
    assert verdict("XR-MGMT-002", lines + "vty-pool default 0 4 line-template VTY\nvty-pool ops 5 9\n") is F
    assert verdict("XR-MGMT-002", lines + "vty-pool default 0 4 line-template VTY\nvty-pool eem 100 105\n") is P


def test_vty_acl_or_ssh_acl_and_permit_any() -> None:
    acl = "ipv4 access-list MGMT\n 10 permit ipv4 10.0.0.0 0.0.0.255 any\n!\n"
    assert verdict("XR-MGMT-003", acl + "line default\n access-class ingress MGMT\n!\n") is P
    assert verdict("XR-MGMT-003", acl + "ssh server vrf default ipv4 access-list MGMT\n") is P
    assert verdict("XR-MGMT-003", acl + "ssh server vrf default ipv4 access-list MGMT\nssh server vrf X\n") is F
    wide = "ipv4 access-list ANY\n 10 permit ipv4 any any\n!\n"
    assert (
        verdict(
            "XR-MGMT-003",
            acl + wide + "line default\n access-class ingress MGMT\n!\nssh server vrf default ipv4 access-list ANY\n",
        )
        is F
    )


def test_exec_timeout_minutes_and_seconds() -> None:
    assert verdict("XR-MGMT-004", "line console\n exec-timeout 9 59\n!\n") is P
    assert verdict("XR-MGMT-004", "line console\n exec-timeout 10 1\n!\n") is F
    assert verdict("XR-MGMT-004", "line console\n exec-timeout 0 30\n!\n") is P
    assert verdict("XR-MGMT-004", "line template UNUSED\n exec-timeout 0 0\n!\n") is P


def test_login_lists_for_console_and_named_vty_lists() -> None:
    base = "aaa authentication login default group TACACS local\n"
    assert verdict("XR-AAA-002", base) is P
    named = "aaa authentication login VTY group TACACS local\nline default\n login authentication VTY\n!\n"
    assert verdict("XR-AAA-002", named) is F
    assert verdict("XR-AAA-002", base + named) is P
    assert verdict("XR-AAA-002", "aaa authentication login default local group TACACS\n") is F


def test_secret_types_and_formal_one_line_users() -> None:
    assert verdict("XR-ACC-001", "username a\n secret 8 $8$abc\n!\nusername b\n secret 9 $9$abc\n!\n") is P
    assert verdict("XR-ACC-001", "username a\n password 0 cleartext\n!\n") is F
    assert verdict("XR-ACC-001", "username a secret 10 $6$abc$def\n") is P
    assert verdict("XR-ACC-001", "username a\n group root-lr\n!\n") is NA


def test_community_acl_forms() -> None:
    acl = "ipv4 access-list 3\n 10 permit ipv4 10.0.0.0 0.0.0.255 any\n!\n"
    assert verdict("XR-SNMP-002", acl + "snmp-server community frogRO RO SystemOwner 3\n") is P
    assert verdict("XR-SNMP-002", acl + "snmp-server community frogRO view ALL RO IPv4 3\n") is P
    assert verdict("XR-SNMP-002", "snmp-server community frogRO RO SystemOwner\n") is F
    assert verdict("XR-SNMP-001", "snmp-server community encrypted 0822455D0A16 RO\n") is P


def test_syslog_hosts_by_name_and_ipv6() -> None:
    hosts = "logging 2001:db8::50 vrf MGMT severity info\nlogging syslog1.example.net vrf MGMT\n"
    assert verdict("XR-LOG-001", hosts) is P
    assert verdict("XR-LOG-001", "logging buffered 2097152\nlogging source-interface Loopback0\n") is F


def test_ntp_needs_source_and_trusted_key() -> None:
    block = (
        "ntp\n authentication-key 1 md5 encrypted 0822455D0A16544541\n authenticate\n trusted-key 1\n"
        " server 10.0.0.1 key 1\n server vrf MGMT 10.0.1.1 key 1\n source Loopback0\n!\n"
    )
    assert verdict("XR-NTP-001", block) is P
    assert verdict("XR-NTP-001", block.replace(" trusted-key 1\n", " trusted-key 2\n")) is F


def test_key_chain_end_dates_and_macsec_keys() -> None:
    key = (
        "key chain RT\n key 1\n  cryptographic-algorithm HMAC-SHA-256\n"
        "  send-lifetime 00:00:00 january 01 2025 00:00:00 {end}\n"
        "  accept-lifetime 00:00:00 january 01 2025 duration 86400\n !\n!\n"
    )
    assert verdict("XR-CP-001", key.format(end="june 29 2025")) is P
    assert verdict("XR-CP-001", key.format(end="december 31 2025")) is F


def test_ospf_authentication_inherited_from_the_process() -> None:
    config = (
        "router ospf 1\n authentication message-digest keychain RT\n area 0\n  interface Bundle-Ether1\n  !\n"
        "  interface Bundle-Ether2\n   authentication null\n  !\n !\n!\n"
    )
    assert verdict("XR-CP-002", config) is F
    assert verdict("XR-CP-002", config.replace("   authentication null\n", "   passive enable\n")) is P


def test_bgp_groups_are_inherited() -> None:
    config = (
        "router bgp 65000\n session-group EBGP\n  password encrypted 0822455D0A16544541\n  ttl-security\n !\n"
        " af-group V4 address-family ipv4 unicast\n  route-policy IN in\n  maximum-prefix 1000 80\n !\n"
        " neighbor 192.0.2.1\n  remote-as 64500\n  use session-group EBGP\n  address-family ipv4 unicast\n"
        "   use af-group V4\n  !\n !\n!\n"
    )
    assert verdict("XR-CP-003", config) is P
    assert verdict("XR-CP-003", config.replace("   use af-group V4\n", "")) is F


def test_unused_physical_interfaces_only() -> None:
    assert verdict("XR-DP-004", "interface TenGigE0/0/0/1\n!\n") is F
    assert verdict("XR-DP-004", "interface TenGigE0/0/0/1.100\n encapsulation dot1q 100\n!\n") is NA
    assert verdict("XR-DP-004", "interface MgmtEth0/RP0/CPU0/0\n!\n") is NA
    assert verdict("XR-DP-004", "interface TenGigE0/0/0/1\n bundle id 1 mode active\n!\n") is NA


def test_host_key_needs_show_crypto_key() -> None:
    out = "Key label: the_default\nType     : RSA General purpose\nSize     : {n}\nCreated  : x\n"
    assert verdict("XR-CRY-002", "ssh server v2\n") is NA
    assert verdict("XR-CRY-002", "ssh server v2\n", {"show crypto key mypubkey rsa": out.format(n=1024)}) is F
    assert verdict("XR-CRY-002", "ssh server v2\n", {"show crypto key mypubkey rsa": out.format(n=4096)}) is P


def test_outbound_transport_and_logged_denies() -> None:
    assert verdict("XR-MGMT-010", "line default\n transport output ssh\n!\n") is P
    assert verdict("XR-MGMT-010", "line default\n transport output telnet ssh\n!\n") is F
    acl = "ipv4 access-list M\n 10 permit ipv4 10.0.0.0/24 any\n{deny}!\nssh server vrf default ipv4 access-list M\n"
    assert verdict("XR-MGMT-011", acl.format(deny=" 20 deny ipv4 any any log\n")) is P
    assert verdict("XR-MGMT-011", acl.format(deny=" 20 deny ipv4 any any\n")) is F


def test_lockout_guard() -> None:
    assert rule("XR-MGMT-009").rule.guard
    assert verdict("XR-MGMT-009", "telnet vrf default ipv4 server max-servers 5\n") is P
    assert verdict("XR-MGMT-009", "hostname pe1\n") is F
    closed = "ssh server v2\nline default\n transport input none\n!\n"
    assert verdict("XR-MGMT-009", closed) is F
    ops = "line template VTY\n transport input ssh\n!\nvty-pool ops 5 9 line-template VTY\n"
    assert verdict("XR-MGMT-009", closed + ops) is P


# --------------------------------------------------------------------------- speed


def big_config(units: int) -> str:
    out = [
        "hostname pe1",
        "ipv4 access-list MGMT",
        " 10 permit ipv4 10.0.0.0/24 any",
        "!",
        "line default",
        " access-class ingress MGMT",
        " transport input ssh",
        "!",
        "ssh server v2",
        "ssh server vrf default ipv4 access-list MGMT",
        "router bgp 65000",
    ]
    for i in range(units):
        out += [
            f" neighbor 192.0.{i // 250}.{i % 250}",
            f"  remote-as {64500 + i}",
            "  ttl-security",
            "  password encrypted 0822455D0A16544541",
            "  address-family ipv4 unicast",
            "   route-policy IN in",
            "   maximum-prefix 1000 80",
            "  !",
            " !",
        ]
    out += ["!", "router isis CORE", " lsp-password keychain RT"]
    for i in range(units):
        out += [f" interface TenGigE0/0/{i // 32}/{i % 32}", "  hello-password keychain RT", " !"]
    out.append("!")
    for i in range(units):
        kind = "TRANSIT-ISP" if i % 10 == 0 else "core"
        out += [
            f"interface TenGigE0/0/{i // 32}/{i % 32}",
            f" description {kind}-{i}",
            f" ipv4 address 10.{i // 250}.{i % 250}.1 255.255.255.0",
            " ipv4 unreachables disable",
            "!",
            f"interface GigabitEthernet0/1/{i // 32}/{i % 32}",
            " shutdown",
            "!",
        ]
    return "\n".join(out) + "\n"


def _rules_work(text: str) -> int:
    ctx = CheckContext(tree=tree_of(text), facts=DeviceFacts(), variables=shipped().variables)
    rules = shipped().for_platform(PLATFORM)
    findings: list[Finding] = []
    work = lines_executed(lambda: findings.extend(evaluate_rules(rules, ctx)))
    assert not [f.rule_id for f in findings if f.status is Status.ERROR]
    return work


def test_rules_scale_linearly() -> None:
    """10x the config costs about 10x the work (a quadratic rule would cost 100x); speed itself is `make bench`."""
    small, large = big_config(50), big_config(500)
    _rules_work(small)  # warm-up: compiled patterns
    ratio = _rules_work(large) / _rules_work(small)
    assert ratio < 20, f"10x the config took {ratio:.1f}x the work"
