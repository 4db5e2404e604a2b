"""The nokia_sros pack on real text: the labelled corpus files and hand-written classic / MD-CLI configs.

Every assertion names exact rule IDs, statuses and evidence line numbers; the corpus tests skip when
../shared is absent.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.ingest import split_lines
from devaudit.models import DeviceResult, Status
from devaudit.parsers import parse
from devaudit.parsers.flat import split_words
from devaudit.runner import AuditOptions, audit_bytes
from tests.conftest import corpus_file

BASELINES = Path(__file__).resolve().parents[2] / "baselines"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels" / "dev-labels.yaml"
DISPUTES = Path(__file__).resolve().parent / "disputes" / "nokia_sros.yaml"

CORE = frozenset(
    {
        "SROS-MGMT-001",
        "SROS-MGMT-002",
        "SROS-MGMT-003",
        "SROS-MGMT-004",
        "SROS-ACC-001",
        "SROS-SNMP-001",
        "SROS-LOG-001",
        "SROS-AAA-001",
    }
)


@cache
def pack() -> Baseline:
    """Only this platform's pack (plus the shared variables): other packs cannot break these tests."""
    return load_baseline([BASELINES / "common.yaml", BASELINES / "nokia_sros"])


def audit(text: str | bytes, name: str = "test.cfg", role: str = "") -> DeviceResult:
    data = text.encode() if isinstance(text, str) else text
    result = audit_bytes(data, name, pack(), AuditOptions(platform="nokia_sros", role=role))
    assert result.error is None or result.error == "", result.error
    assert len(result.findings) == len(pack().rules) >= 80
    return result


def statuses(result: DeviceResult) -> dict[str, Status]:
    return {f.rule_id: f.status for f in result.findings}


def failed(result: DeviceResult) -> set[str]:
    return {f.rule_id for f in result.findings if f.status is Status.FAIL}


def evidence(result: DeviceResult, rule_id: str) -> list[int]:
    finding = next(f for f in result.findings if f.rule_id == rule_id)
    return [e.line for e in finding.evidence]


def paths(text: str) -> list[tuple[int, str]]:
    lines, _ = split_lines(text)
    return [(node.line, node.text) for node in parse(lines, "nokia_sros").walk()]


# --------------------------------------------------------------------------- the pack itself


def test_pack_size_and_core_ids() -> None:
    ids = {compiled.rule.id for compiled in pack().rules}
    assert len(ids) == len(pack().rules) >= 80
    assert ids >= CORE
    assert all(rule_id.startswith("SROS-") for rule_id in ids)


# --------------------------------------------------------------------------- labelled corpus

CORPUS_FAILS = {
    "nokia_sros/bf-sros-r1-mdcli.cfg": {
        "core": {"SROS-MGMT-003", "SROS-MGMT-004", "SROS-LOG-001", "SROS-AAA-001"},
        "all": {
            "SROS-MGMT-003", "SROS-MGMT-004", "SROS-MGMT-005", "SROS-LOG-001", "SROS-LOG-002", "SROS-LOG-003",
            "SROS-AAA-001", "SROS-ACC-002", "SROS-ACC-003", "SROS-ACC-004", "SROS-ACC-005", "SROS-ACC-006",
            "SROS-ACC-010", "SROS-CRY-001", "SROS-CRY-002", "SROS-CRY-003", "SROS-CRY-004", "SROS-CP-001",
            "SROS-CP-004", "SROS-NTP-001",
            "SROS-ACC-011", "SROS-ACC-014", "SROS-CP-007", "SROS-CP-008", "SROS-CRY-005", "SROS-CRY-006",
            "SROS-CRY-007", "SROS-LOG-005", "SROS-LOG-007", "SROS-ACC-017", "SROS-ACC-018",
        },
    },
    "nokia_sros/clab-srsim-flat.cfg": {
        "core": {
            "SROS-MGMT-002", "SROS-MGMT-003", "SROS-MGMT-004", "SROS-ACC-001", "SROS-SNMP-001", "SROS-LOG-001",
            "SROS-AAA-001",
        },
        "all": {
            "SROS-MGMT-002", "SROS-MGMT-003", "SROS-MGMT-004", "SROS-MGMT-005", "SROS-MGMT-006", "SROS-ACC-001",
            "SROS-SNMP-001", "SROS-SNMP-002", "SROS-SNMP-004", "SROS-LOG-001", "SROS-LOG-002", "SROS-LOG-003",
            "SROS-AAA-001", "SROS-ACC-002", "SROS-ACC-003", "SROS-ACC-004", "SROS-ACC-005", "SROS-ACC-006",
            "SROS-ACC-008", "SROS-ACC-010", "SROS-CRY-001", "SROS-CRY-002", "SROS-CRY-003", "SROS-CRY-004",
            "SROS-CP-004", "SROS-NTP-001",
            "SROS-ACC-011", "SROS-ACC-014", "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-LOG-005",
            "SROS-LOG-007", "SROS-MGMT-010", "SROS-PORT-001", "SROS-ACC-017", "SROS-ACC-018",
        },
    },
    "nokia_sros/nu-sros-r1-baseconfig.cfg": {
        "core": {"SROS-MGMT-002", "SROS-MGMT-003", "SROS-MGMT-004", "SROS-LOG-001", "SROS-AAA-001"},
        "all": {
            "SROS-MGMT-002", "SROS-MGMT-003", "SROS-MGMT-004", "SROS-MGMT-005", "SROS-MGMT-006", "SROS-LOG-001",
            "SROS-LOG-002", "SROS-LOG-003", "SROS-AAA-001", "SROS-ACC-002", "SROS-ACC-003", "SROS-ACC-004",
            "SROS-ACC-005", "SROS-ACC-006", "SROS-ACC-008", "SROS-ACC-010", "SROS-CRY-001", "SROS-CRY-002",
            "SROS-CRY-003", "SROS-CRY-004", "SROS-CP-004", "SROS-NTP-001",
            "SROS-ACC-011", "SROS-ACC-014", "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-LOG-005",
            "SROS-LOG-007", "SROS-MGMT-010", "SROS-ACC-017", "SROS-ACC-018",
        },
    },
}  # fmt: skip


@pytest.mark.parametrize("rel", sorted(CORPUS_FAILS))
def test_corpus_exact_failures(rel: str) -> None:
    result = audit(corpus_file(rel).read_bytes(), rel)
    assert result.platform == "nokia_sros"
    assert failed(result) & CORE == CORPUS_FAILS[rel]["core"]
    assert failed(result) == CORPUS_FAILS[rel]["all"]


@pytest.mark.parametrize("rel", sorted(CORPUS_FAILS))
def test_corpus_detected_as_sros_without_platform_hint(rel: str) -> None:
    data = corpus_file(rel).read_bytes()
    result = audit_bytes(data, rel, pack(), AuditOptions())
    assert result.platform == "nokia_sros"
    assert failed(result) & CORE == CORPUS_FAILS[rel]["core"]


def test_corpus_evidence_lines() -> None:
    clab = audit(corpus_file("nokia_sros/clab-srsim-flat.cfg").read_bytes())
    assert evidence(clab, "SROS-MGMT-002") == [94, 95]  # grpc admin-state enable + allow-unsecure-connection
    assert evidence(clab, "SROS-ACC-001") == [112]  # password "NokiaSros1!"
    assert evidence(clab, "SROS-SNMP-001") == [105, 106]  # community "public"
    assert evidence(clab, "SROS-LOG-001") == []  # log-ids 99/100 go to memory only: no line sends to syslog
    assert evidence(clab, "SROS-ACC-008") == [109]  # access ftp true
    assert evidence(clab, "SROS-CRY-001") == [71, 72, 73, 74]  # aes128-cbc, 3des-cbc, aes192-cbc, aes256-cbc
    nu = audit(corpus_file("nokia_sros/nu-sros-r1-baseconfig.cfg").read_bytes())
    assert evidence(nu, "SROS-MGMT-002") == [130, 138]  # allow-unsecure-connection, grpc no shutdown
    assert evidence(nu, "SROS-ACC-001") == [87, 94]  # two bcrypt hashes (PASS evidence)
    assert evidence(nu, "SROS-ACC-008") == [88]  # access console ftp snmp netconf grpc
    bf = audit(corpus_file("nokia_sros/bf-sros-r1-mdcli.cfg").read_bytes())
    assert statuses(bf)["SROS-ACC-001"] is Status.PASS
    assert evidence(bf, "SROS-ACC-001") == [308]
    assert evidence(bf, "SROS-CP-001") == [77]  # neighbor "10.0.0.1" without authentication-key
    assert evidence(bf, "SROS-CRY-002") == [272, 275, 278, 281]  # hmac-sha1, -sha1-96, -md5, -md5-96


def test_show_output_is_not_audited() -> None:
    path = corpus_file("nokia_sros/ntc-show-router-interface.txt")
    result = audit_bytes(path.read_bytes(), path.name, pack(), AuditOptions())
    assert result.findings == ()
    assert "show router interface" in (result.error or "")


# --------------------------------------------------------------------------- hand-written configs

HARDENED_CLASSIC = """\
# TiMOS-B-21.10.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.
# Generated TUE MAR 11 10:21:33 2025 UTC

exit all
configure
#--------------------------------------------------
echo "System Configuration"
#--------------------------------------------------
    system
        name "pe1-sao"
        time
            ntp
                authentication-key 1 key "gk4XXkqnLC5hWRfnmX8o+Q==" hash2 type message-digest
                server 10.0.30.1 key 1 prefer
                server 10.0.31.1 key 1
                no shutdown
            exit
            zone UTC
        exit
        login-control
            exponential-backoff
            idle-timeout 10
            pre-login-message "Authorized access only. Activity is monitored." name
            ssh
                inbound-max-sessions 5
            exit
        exit
    exit
#--------------------------------------------------
echo "System Security Configuration"
#--------------------------------------------------
    system
        security
            management-access-filter
                ip-filter
                    default-action deny
                    entry 10
                        description "SSH and NETCONF from the NOC"
                        src-ip 10.0.10.0/24
                        protocol tcp
                        action permit
                    exit
                    entry 20
                        description "OSPF"
                        protocol ospf-igp
                        action permit
                    exit
                    no shutdown
                exit
            exit
            cpm-filter
                default-action accept
                ip-filter
                    entry 10 create
                        action drop
                        match protocol tcp
                            dst-port 23 65535
                        exit
                    exit
                    no shutdown
                exit
            exit
            profile "noc"
                default-action read-only-all
            exit
            password
                authentication-order tacplus local exit-on-reject
                minimum-length 15
                minimum-age days 1
                minimum-change 8
                complexity-rules
                    required lowercase 1 uppercase 1 numeric 1 special-character 1
                    repeated-characters 3
                exit
                aging 90
                attempts 3 time 15 lockout 15
                history-size 5
                admin-password "4ftR2kLq8cWc7pNm" hash2
            exit
            source-address
                application tacplus "system"
                application syslog "system"
            exit
            tacplus
                accounting record-type start-stop
                authorization use-priv-lvl
                server 1 address 10.0.0.11 secret "R9O4drd76p2iRxoOfZG2kiG354o+8V35w3LNS0CkBg==" hash2
                server 2 address 10.0.1.11 secret "R9O4drd76p2iRxoOfZG2ki8GmYroNMVO+ONTcWoccw==" hash2
            exit
            user "breakglass"
                password "$2y$10$TQrZlpBDra86.qoexZUzQeBXDY1FcdDhGWdD9lLxMuFyPVSm0OGy6"
                access console netconf
                console
                    member "administrative"
                exit
            exit
            snmp
                access group "NMS-RO" security-model usm security-level privacy read "iso"
            exit
            ssh
                preserve-key
                server-cipher-list-v2
                    cipher 190 name aes256-ctr
                    cipher 194 name aes128-ctr
                exit
                server-mac-list-v2
                    mac 200 name hmac-sha2-512
                    mac 210 name hmac-sha2-256
                exit
                server-kex-list-v2
                    kex 200 name ecdh-sha2-nistp256
                    kex 210 name diffie-hellman-group14-sha256
                exit
                client-cipher-list-v2
                    cipher 190 name aes256-ctr
                exit
                client-mac-list-v2
                    mac 200 name hmac-sha2-512
                exit
                client-kex-list-v2
                    kex 200 name ecdh-sha2-nistp256
                exit
            exit
        exit
    exit
#--------------------------------------------------
echo "Log Configuration"
#--------------------------------------------------
    log
        syslog 1
            address 10.0.40.50
        exit
        syslog 2
            address 10.0.41.50
        exit
        log-id 10
            from main security change
            to syslog 1
            no shutdown
        exit
        log-id 11
            from main security change
            to syslog 2
            no shutdown
        exit
        file-id 20
            location cf3:
            rollover 1440 retention 720
        exit
        log-id 20
            from security change
            to file 20
            no shutdown
        exit
    exit
#--------------------------------------------------
echo "Port Configuration"
#--------------------------------------------------
    port 1/1/1
        ethernet
            mode network
        exit
        no shutdown
    exit
    port 1/1/2
        shutdown
    exit
#--------------------------------------------------
echo "Router (Network Side) Configuration"
#--------------------------------------------------
    router Base
        autonomous-system 65000
        interface "system"
            address 10.255.0.1/32
            no shutdown
        exit
        interface "to-p1"
            address 10.1.1.1/31
            port 1/1/1
            no shutdown
        exit
        ospf 0 10.255.0.1
            area 0.0.0.0
                interface "system"
                    no shutdown
                exit
                interface "to-p1"
                    interface-type point-to-point
                    authentication-type message-digest
                    message-digest-key 1 md5 "n0Vs1qTb5SHk8YlGjt4i+9KoW1s=" hash2
                    no shutdown
                exit
            exit
            no shutdown
        exit
        bgp
            group "ibgp"
                authentication-key "8XgLp6r2h7D3vS0QwA5Xnh9VjB3R" hash2
                neighbor 10.255.0.2
                    peer-as 65000
                exit
            exit
            no shutdown
        exit
    exit

exit all

# Finished TUE MAR 11 10:21:34 2025 UTC
"""


def test_hardened_classic_config_fails_nothing() -> None:
    result = audit(HARDENED_CLASSIC)
    assert failed(result) == set(), [(f.rule_id, f.reason) for f in result.findings if f.status is Status.FAIL]
    got = statuses(result)
    passed = {rule_id for rule_id, status in got.items() if status is Status.PASS}
    assert CORE - {"SROS-SNMP-001"} <= passed
    # Features the config does not use are not applicable, never silently passed.
    assert {r for r, s in got.items() if s is Status.NOT_APPLICABLE} == {
        "SROS-SNMP-001", "SROS-SNMP-002", "SROS-SNMP-006", "SROS-CP-003", "SROS-CP-005", "SROS-CP-006",
        "SROS-CP-007", "SROS-CP-008", "SROS-CP-009", "SROS-CRY-008", "SROS-LI-001", "SROS-LI-002",
        "SROS-MGMT-010", "SROS-MGMT-011", "SROS-MGMT-012", "SROS-MGMT-014", "SROS-NTP-005", "SROS-SNMP-007",
        "SROS-DP-003", "SROS-DP-004",
    }  # fmt: skip
    assert evidence(result, "SROS-MGMT-003") == [36, 48]  # default-action deny, no shutdown


HARDENED_MDCLI_FLAT = """\
/configure system name "pe1-sao"
/configure system time ntp admin-state enable
/configure system time ntp authentication-key 1 key "gk4XXkqnLC5hWRfnmX8o+Q==" hash2
/configure system time ntp authentication-key 1 type message-digest
/configure system time ntp server 10.0.30.1 router-instance "Base" key-id 1
/configure system time ntp server 10.0.31.1 router-instance "Base" key-id 1
/configure system login-control exponential-backoff true
/configure system login-control idle-timeout 10
/configure system login-control pre-login-message message "Authorized access only."
/configure system security management-access-filter ip-filter admin-state enable
/configure system security management-access-filter ip-filter default-action drop
/configure system security management-access-filter ip-filter entry 10 action accept
/configure system security management-access-filter ip-filter entry 10 match protocol tcp
/configure system security management-access-filter ip-filter entry 10 match src-ip address 10.0.10.0/24
/configure system security cpm-filter ip-filter admin-state enable
/configure system security cpm-filter ip-filter entry 10 action drop
/configure system security cpm-filter ip-filter entry 10 match protocol tcp
/configure system security password minimum-length 15
/configure system security password complexity-rules required lowercase 1
/configure system security password complexity-rules required uppercase 1
/configure system security password complexity-rules required numeric 1
/configure system security password aging 90
/configure system security password attempts count 3
/configure system security password attempts lockout 15
/configure system security password history-size 5
/configure system security password minimum-age days 1
/configure system security password minimum-change 8
/configure system security password complexity-rules repeated-characters 3
/configure system security password authentication-order order [tacplus local]
/configure system security password authentication-order exit-on-reject true
/configure system security source-address ipv4 tacplus interface-name "system"
/configure system security aaa remote-servers tacplus accounting record-type start-stop
/configure system security aaa remote-servers tacplus authorization true
/configure system security aaa remote-servers tacplus server 1 address 10.0.0.11
/configure system security aaa remote-servers tacplus server 1 secret "R9O4drd76p2iRxoOfZG2kiG3==" hash2
/configure system security aaa remote-servers tacplus server 2 address 10.0.1.11
/configure system security aaa remote-servers tacplus server 2 secret "R9O4drd76p2iRxoOfZG2ki8G==" hash2
/configure system security user-params local-user user "bg" password "$2y$10$TQrZlpBDra86.qoexZUzQeBX"
/configure system security user-params local-user user "bg" access console true
/configure system security ssh preserve-key true
/configure system security ssh server-cipher-list-v2 cipher 190 name aes256-ctr
/configure system security ssh server-mac-list-v2 mac 200 name hmac-sha2-512
/configure system security ssh server-kex-list-v2 kex 200 name ecdh-sha2-nistp256
/configure system security ssh client-cipher-list-v2 cipher 190 name aes256-ctr
/configure system security ssh client-mac-list-v2 mac 200 name hmac-sha2-512
/configure system security ssh client-kex-list-v2 kex 200 name ecdh-sha2-nistp256
/configure log syslog "1" address 10.0.40.50
/configure log syslog "2" address 10.0.41.50
/configure log log-id "10" source main true
/configure log log-id "10" source security true
/configure log log-id "10" source change true
/configure log log-id "10" destination syslog "1"
/configure log file "20" compact-flash-location primary cf3
/configure log log-id "20" source security true
/configure log log-id "20" destination file "20"
/configure router "Base" autonomous-system 65000
/configure router "Base" bgp group "ibgp" peer-as 65000
/configure router "Base" bgp neighbor "10.255.0.2" group "ibgp"
/configure router "Base" bgp neighbor "10.255.0.2" authentication-key "8XgLp6r2h7D3vS0QwA5Xnh9VjB3R" hash2
"""


def _braces(flat: str) -> str:
    """The flat MD-CLI lines written as one 'configure { ... }' block per line (same tree)."""
    out = ["configure {"]
    for line in flat.splitlines():
        words = split_words(line)[1:]
        out.append(f"    {' '.join(words[:-1])} {{")
        out.append(f"        {words[-1]}")
        out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def test_hardened_mdcli_flat_and_braces_give_the_same_verdicts() -> None:
    flat = audit(HARDENED_MDCLI_FLAT)
    assert failed(flat) == set(), [(f.rule_id, f.reason) for f in flat.findings if f.status is Status.FAIL]
    braces = audit(_braces(HARDENED_MDCLI_FLAT))
    assert statuses(braces) == statuses(flat)
    assert [text for _, text in paths(_braces(HARDENED_MDCLI_FLAT))] == [text for _, text in paths(HARDENED_MDCLI_FLAT)]


WEAK_CLASSIC = """\
# TiMOS-B-20.10.R3 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2020 Nokia.
exit all
configure
    system
        security
            telnet-server
            ftp-server
            management-access-filter
                ip-filter
                    shutdown
                    default-action permit
                    entry 10
                        src-ip 10.0.10.0/24
                        action permit
                    exit
                exit
            exit
            user "admin"
                password "admin123"
                access console ftp
            exit
            snmp
                community "private" rwa version both
            exit
            tacplus
                shutdown
                server 1 address 10.0.0.11 secret "TacKey2024"
            exit
        exit
        login-control
            idle-timeout disable
        exit
    exit
    log
        syslog 1
            address 10.0.40.50
        exit
        log-id 10
            from main security change
            to syslog 1
            shutdown
        exit
    exit
exit all
"""


def test_weak_classic_config_exact_core_failures_and_evidence() -> None:
    result = audit(WEAK_CLASSIC)
    assert failed(result) & CORE == CORE
    assert evidence(result, "SROS-MGMT-001") == [6]
    assert evidence(result, "SROS-MGMT-002") == [7]
    assert evidence(result, "SROS-MGMT-003") == [10]  # ip-filter shutdown
    assert evidence(result, "SROS-ACC-001") == [19]
    assert evidence(result, "SROS-SNMP-001") == [23]
    assert evidence(result, "SROS-LOG-001") == [40, 41]  # log-id 10 sends to syslog 1 but is shut down
    assert evidence(result, "SROS-AAA-001") == [26]  # tacplus shutdown
    assert evidence(result, "SROS-MGMT-004") == [31]  # idle-timeout disable
    assert evidence(result, "SROS-AAA-003") == [27]  # secret without hash2
    assert evidence(result, "SROS-ACC-008") == [20]  # access console ftp
    assert statuses(result)["SROS-AAA-004"] is Status.FAIL  # servers configured, no accounting


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # classic: permit entry for SSH without a source prefix opens SSH to everyone
        (
            "configure\n    system\n        security\n            management-access-filter\n"
            "                ip-filter\n                    default-action deny\n"
            "                    entry 1\n                        protocol tcp\n"
            "                        dst-port 22 65535\n                        action permit\n"
            "                    exit\n                    no shutdown\n                exit\n"
            "            exit\n        exit\n    exit\nexit all\n",
            Status.FAIL,
        ),
        # MD-CLI without admin-state enable: the filter is disabled (MD-CLI default)
        (
            "/configure system security management-access-filter ip-filter default-action drop\n"
            "/configure system security management-access-filter ip-filter entry 10 action accept\n"
            "/configure system security management-access-filter ip-filter entry 10 match src-ip address 10.0.0.0/8\n",
            Status.FAIL,
        ),
        # default accept, but a final deny-all entry
        (
            "/configure system security management-access-filter ip-filter admin-state enable\n"
            "/configure system security management-access-filter ip-filter default-action accept\n"
            "/configure system security management-access-filter ip-filter entry 10 action accept\n"
            '/configure system security management-access-filter ip-filter entry 10 match src-ip ip-prefix-list "NOC"\n'
            "/configure system security management-access-filter ip-filter entry 999 action drop\n",
            Status.PASS,
        ),
        # a permit from 0.0.0.0/0 is no restriction
        (
            "/configure system security management-access-filter ip-filter admin-state enable\n"
            "/configure system security management-access-filter ip-filter default-action drop\n"
            "/configure system security management-access-filter ip-filter entry 10 action accept\n"
            "/configure system security management-access-filter ip-filter entry 10 match src-ip address 0.0.0.0/0\n",
            Status.FAIL,
        ),
    ],
    ids=["classic-ssh-from-any", "mdcli-no-admin-state", "final-deny-all", "src-any"],
)
def test_management_access_filter_cases(text: str, status: Status) -> None:
    assert statuses(audit(text))["SROS-MGMT-003"] is status


def test_bgp_classic_and_vprn_neighbors() -> None:
    text = (
        'configure\n    router\n        bgp\n            group "ebgp"\n                neighbor 192.0.2.1\n'
        '                    peer-as 64500\n                    authentication-key "k" hash2\n'
        "                exit\n            exit\n        exit\n    exit\n"
        '    service\n        vprn 100 customer 1 create\n            bgp\n                group "ce"\n'
        "                    neighbor 172.16.0.2\n                        peer-as 65100\n"
        "                    exit\n                exit\n            exit\n        exit\n    exit\nexit all\n"
    )
    result = audit(text)
    assert statuses(result)["SROS-CP-001"] is Status.FAIL
    assert evidence(result, "SROS-CP-001") == [17]  # the VPRN neighbor; the base-router one is authenticated


# --------------------------------------------------------------------------- parser details this pack relies on


def test_classic_empty_blocks_keep_their_siblings_paths() -> None:
    text = (
        "configure\n    system\n        security\n            dist-cpu-protection\n"
        '                policy "_default-access-policy" create\n                exit\n'
        '                policy "_default-network-policy" create\n                exit\n'
        "            exit\n            telnet-server\n        exit\n    exit\nexit all\n"
    )
    assert [text for _, text in paths(text)] == [
        'system security dist-cpu-protection policy "_default-access-policy" create',
        'system security dist-cpu-protection policy "_default-network-policy" create',
        "system security telnet-server",
    ]
    assert statuses(audit(text))["SROS-MGMT-001"] is Status.FAIL


def test_flat_lines_with_odd_spacing_and_configure_system_blocks() -> None:
    assert paths("/ configure    system security telnet-server true\n") == [(1, "system security telnet-server true")]
    text = "configure system\n        security\n            ftp-server\n        exit\nexit all\n"
    assert paths(text) == [(3, "system security ftp-server")]
    assert statuses(audit(text))["SROS-MGMT-002"] is Status.FAIL


# A classic 7750 'admin display-config' in the shape of a production box: filters print 'shutdown' first and
# 'no shutdown' last (the last statement wins), communities are unquoted, the syslog target is IPv6.
CLASSIC_7750 = """\
# TiMOS-C-16.0.R8 cpm/hops64 Nokia 7750 SR Copyright (c) 2000-2019 Nokia.
exit all
configure
#--------------------------------------------------
echo "System Security Configuration"
#--------------------------------------------------
    system
        security
            management-access-filter
                ip-filter
                    shutdown
                    default-action permit
                    entry 140
                        description "NTP Traffic"
                        src-ip 10.114.45.0/32
                        protocol udp
                        dst-port 123 65535
                        router "management"
                        action permit
                    exit
                    entry 500
                        description "Management Plane Default"
                        router "management"
                        action deny
                    exit
                    no shutdown
                exit
            exit
            user "SomeUser"
                password "5620Vzw"
                access console
                console
                    no member "default"
                    member "Profile1"
                exit
            exit
            snmp
                access group "snmpV3Access" security-model usm security-level privacy read "iso" write "iso"
                community 2Y2LHaaSDfa3TZP31 r version both
                community 1234asasd rw version both
            exit
            ssh
                preserve-key
            exit
            no ftp-server
            no telnet-server
            per-peer-queuing
        exit
    exit
#--------------------------------------------------
echo "System Login Control Configuration"
#--------------------------------------------------
    system
        login-control
            ssh
                inbound-max-sessions 7
            exit
            idle-timeout 120
            pre-login-message "This system is for the use of authorized users only."
            no login-banner
        exit
    exit
#--------------------------------------------------
echo "Log Configuration"
#--------------------------------------------------
    log
        syslog 5
            description "to-syslog-server"
            address 2001:db8:a01:2130:a1:fef::168
        exit
        log-id 5
            description "Syslog Server"
            from main security change
            to syslog 5
            no shutdown
        exit
    exit
exit all
"""


def test_classic_7750_last_admin_statement_wins() -> None:
    result = audit(CLASSIC_7750)
    assert failed(result) & CORE == {"SROS-MGMT-003", "SROS-MGMT-004", "SROS-ACC-001", "SROS-SNMP-001", "SROS-AAA-001"}
    got = statuses(result)
    assert got["SROS-LOG-001"] is Status.PASS  # log-id 5 -> syslog 5 (IPv6), not shut down
    assert got["SROS-LOG-003"] is Status.PASS  # ... and it collects the security stream
    assert got["SROS-MGMT-008"] is Status.PASS  # the filter is enabled (last 'no shutdown') and admits entries
    # Not 'shut down' (the last statement is 'no shutdown'): it fails on its default-action permit.
    assert evidence(result, "SROS-MGMT-003") == [12]
    assert "default-action permit" in next(f.reason for f in result.findings if f.rule_id == "SROS-MGMT-003")
    assert evidence(result, "SROS-ACC-001") == [30]  # password "5620Vzw"
    assert evidence(result, "SROS-SNMP-001") == [40]  # community 1234asasd rw
    assert evidence(result, "SROS-MGMT-004") == [58]  # idle-timeout 120
    assert evidence(result, "SROS-MGMT-006") == [56]  # inbound-max-sessions 7
    assert got["SROS-CRY-004"] is Status.PASS
    assert got["SROS-MGMT-005"] is Status.PASS
    assert got["SROS-SNMP-003"] is Status.PASS


# --------------------------------------------------------------------------- hardening rules beyond the core

HARDENING = frozenset(
    {
        "SROS-MGMT-009", "SROS-MGMT-010", "SROS-MGMT-011", "SROS-MGMT-012", "SROS-MGMT-013", "SROS-MGMT-014",
        "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-CRY-008", "SROS-CRY-009",
        "SROS-DP-001", "SROS-DP-002", "SROS-DP-003", "SROS-DP-004", "SROS-PORT-001",
        "SROS-ACC-011", "SROS-ACC-012", "SROS-ACC-013", "SROS-ACC-014", "SROS-ACC-015", "SROS-ACC-016",
        "SROS-ACC-017", "SROS-ACC-018",
        "SROS-AAA-006", "SROS-AAA-007", "SROS-AAA-008", "SROS-LI-001", "SROS-LI-002",
        "SROS-CP-005", "SROS-CP-006", "SROS-CP-007", "SROS-CP-008", "SROS-CP-009", "SROS-CP-010", "SROS-CP-011",
        "SROS-NTP-003", "SROS-NTP-004", "SROS-NTP-005",
        "SROS-LOG-004", "SROS-LOG-005", "SROS-LOG-006", "SROS-LOG-007", "SROS-LOG-008",
        "SROS-SNMP-005", "SROS-SNMP-006", "SROS-SNMP-007", "SROS-SNMP-008",
    }
)  # fmt: skip


def test_hardening_rules_are_in_the_pack() -> None:
    ids = {compiled.rule.id for compiled in pack().rules}
    assert ids >= HARDENING
    assert len(ids - HARDENING) == 40


MOCKS = BASELINES.parent / "mocks" / "configs" / "nokia_sros"


def test_simulator_hardened_config_fails_no_rule() -> None:
    result = audit((MOCKS / "hardened.cfg").read_bytes(), "hardened.cfg")
    assert failed(result) == set(), [(f.rule_id, f.reason) for f in result.findings if f.status is Status.FAIL]
    got = statuses(result)
    # Features the simulator does not run stay not applicable (BGP, IS-IS, LDP, RSVP, IPv6, gRPC, LI, TLS).
    assert {r for r, s in got.items() if s is Status.NOT_APPLICABLE} == {
        "SROS-ACC-007", "SROS-CP-001", "SROS-CP-003", "SROS-CP-005", "SROS-CP-006", "SROS-CP-007", "SROS-CP-008",
        "SROS-CP-009", "SROS-SNMP-001", "SROS-SNMP-002", "SROS-LI-001", "SROS-LI-002", "SROS-NTP-005",
        "SROS-MGMT-010", "SROS-MGMT-011", "SROS-MGMT-012", "SROS-MGMT-014", "SROS-CRY-008", "SROS-DP-003",
        "SROS-DP-004",
    }  # fmt: skip
    assert got["SROS-SNMP-006"] is Status.PASS  # the USM user's auth and privacy leaves are joined
    assert got["SROS-PORT-001"] is Status.PASS  # the enabled breakout connector and its used port


@pytest.mark.parametrize(
    ("name", "fails"),
    [
        (
            "insecure.cfg",
            {
                "SROS-ACC-011", "SROS-ACC-013", "SROS-ACC-014", "SROS-CP-010", "SROS-LOG-005", "SROS-LOG-007",
                "SROS-SNMP-007", "SROS-MGMT-010", "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-DP-001",
                "SROS-PORT-001", "SROS-ACC-017", "SROS-ACC-018",
            },
        ),
        (
            "classic-insecure.cfg",
            {
                "SROS-ACC-011", "SROS-ACC-014", "SROS-CP-010", "SROS-LOG-005", "SROS-LOG-007", "SROS-SNMP-005",
                "SROS-MGMT-009", "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-ACC-017", "SROS-ACC-018",
            },
        ),
    ],
)  # fmt: skip
def test_simulator_insecure_configs_fail_the_hardening_rules_they_show(name: str, fails: set[str]) -> None:
    result = audit((MOCKS / name).read_bytes(), name)
    assert failed(result) & HARDENING == fails


# The same weak router in the three syntaxes: every hardening rule gives the same verdict.
WEAK_ROUTER_FLAT = """\
/configure port 1/1/1 admin-state enable
/configure port 1/1/3 admin-state enable
/configure router "Base" autonomous-system 65000
/configure router "Base" interface "to-p1" port 1/1/1
/configure router "Base" interface "to-p1" allow-directed-broadcasts true
/configure router "Base" bgp group "ebgp" peer-as 64500
/configure router "Base" bgp group "ebgp" authentication-key "BgpSecret2024"
/configure router "Base" bgp neighbor "192.0.2.1" group "ebgp"
/configure router "Base" rsvp interface "to-p1" admin-state enable
/configure system security per-peer-queuing false
/configure system security ssh version 1
/configure system security password complexity-rules allow-user-name true
/configure system security aaa remote-servers tacplus server 1 address 10.0.0.11
/configure system security aaa user-template tacplus_default profile "administrative"
/configure system security aaa local-profiles profile "default" default-action read-only-all
/configure system security password authentication-order order [local tacplus]
/configure system security user-params local-user user "admin" console member ["administrative"]
/configure system security user-params local-user user "ops1" console member ["administrative"]
/configure system security user-params local-user user "ops2" console member ["administrative"]
/configure system security user-params local-user user "ops2" access li true
/configure system security keychains keychain "KC" bidirectional entry 1 algorithm hmac-md5
/configure system time sntp admin-state enable
/configure log event-control "security" 2002 suppress
/configure log syslog "1" severity warning
/configure log snmp-trap-group "90" trap-target "nms" version snmpv2c
/configure log log-id "10" time-format local
/configure system security snmp access "snmp-ro" context "" security-model snmpv2c security-level no-auth-no-privacy
/configure port 1/1/4 ethernet mode access
/configure port 1/1/4 ethernet lldp dest-mac nearest-bridge transmit true
"""

WEAK_ROUTER_CLASSIC = """\
configure
    port 1/1/1
        no shutdown
    exit
    port 1/1/3
        no shutdown
    exit
    router Base
        autonomous-system 65000
        interface "to-p1"
            port 1/1/1
            allow-directed-broadcasts
        exit
        bgp
            group "ebgp"
                authentication-key "BgpSecret2024"
                neighbor 192.0.2.1
                    peer-as 64500
                exit
            exit
        exit
        rsvp
            interface "to-p1"
                no shutdown
            exit
        exit
    exit
    system
        security
            no per-peer-queuing
            ssh
                version 1
            exit
            password
                authentication-order local tacplus
                complexity-rules
                    allow-user-name
                exit
            exit
            tacplus
                server 1 address 10.0.0.11 secret "R9O4drd76p2iRxoOfZG2kiG3==" hash2
            exit
            user-template tacplus_default
                profile "administrative"
            exit
            profile "default"
                default-action read-only-all
            exit
            user "admin"
                console
                    member "administrative"
                exit
            exit
            user "ops1"
                console
                    member "administrative"
                exit
            exit
            user "ops2"
                access li
                console
                    member "administrative"
                exit
            exit
            keychain "KC"
                direction
                    bi
                        entry 1 key "n0Vs1qTb5SHk8YlG" hash2 algorithm hmac-md5
                        exit
                    exit
                exit
            exit
        exit
        time
            sntp
                no shutdown
            exit
        exit
    exit
    log
        event-control "security" 2002 suppress
        syslog 1
            level warning
        exit
        snmp-trap-group 90
            trap-target "nms" address 10.0.60.21 snmpv2c notify-community "public"
        exit
        log-id 10
            time-format local
        exit
    exit
    system
        security
            snmp
                access group "snmp-ro" security-model snmpv2c security-level no-auth-no-privacy read "iso"
            exit
        exit
    exit
    port 1/1/4
        ethernet
            mode access
            lldp
                dest-mac nearest-bridge
                    admin-status tx-rx
                exit
            exit
        exit
    exit
exit all
"""

WEAK_ROUTER_FAILS = {
    "SROS-PORT-001", "SROS-DP-001", "SROS-CRY-009", "SROS-CP-006", "SROS-CP-007", "SROS-CP-008", "SROS-CP-010",
    "SROS-CP-011", "SROS-MGMT-009", "SROS-MGMT-013", "SROS-ACC-011", "SROS-ACC-012", "SROS-ACC-013",
    "SROS-ACC-014", "SROS-ACC-015", "SROS-ACC-016", "SROS-AAA-006", "SROS-AAA-007", "SROS-AAA-008",
    "SROS-LI-002", "SROS-NTP-003", "SROS-LOG-004", "SROS-LOG-005", "SROS-LOG-006", "SROS-LOG-007",
    "SROS-SNMP-007", "SROS-CRY-005", "SROS-CRY-006", "SROS-CRY-007", "SROS-LOG-008", "SROS-SNMP-008",
    "SROS-DP-004", "SROS-ACC-017", "SROS-ACC-018",
}  # fmt: skip


def test_weak_router_same_hardening_verdicts_in_classic_braces_and_flat() -> None:
    flat = audit(WEAK_ROUTER_FLAT)
    braces = audit(_braces(WEAK_ROUTER_FLAT))
    classic = audit(WEAK_ROUTER_CLASSIC)
    assert failed(flat) & HARDENING == WEAK_ROUTER_FAILS
    hardening = {r: s for r, s in statuses(flat).items() if r in HARDENING}
    assert {r: s for r, s in statuses(braces).items() if r in HARDENING} == hardening
    assert {r: s for r, s in statuses(classic).items() if r in HARDENING} == hardening
    assert evidence(flat, "SROS-PORT-001") == [2]  # port 1/1/3: enabled, used by nothing
    assert evidence(classic, "SROS-PORT-001") == [6]
    assert evidence(flat, "SROS-LI-002") == [19, 20]  # ops2's administrative membership, its LI access
    assert evidence(classic, "SROS-MGMT-009") == [32]  # ssh version 1
    assert evidence(flat, "SROS-ACC-016") == [14]
    assert evidence(flat, "SROS-AAA-006") == [16]
    assert evidence(classic, "SROS-SNMP-008") == [95]
    assert evidence(flat, "SROS-LOG-008") == [26]
    assert evidence(flat, "SROS-DP-004") == [28, 29]  # the LLDP transmit line, the access mode (context)


def test_unused_ports_reads_saps_lags_and_connectors() -> None:
    text = (
        "/configure port 1/1/c1 admin-state enable\n"
        "/configure port 1/1/c1 connector breakout c4-10g\n"
        "/configure port 1/1/c1/2 admin-state enable\n"
        "/configure port 1/1/c2 admin-state enable\n"
        "/configure port 1/1/c2 connector breakout c4-10g\n"
        "/configure port 1/1/c2/1 admin-state enable\n"
        "/configure port 1/1/5 admin-state enable\n"
        "/configure port 1/1/6 admin-state enable\n"
        "/configure port 1/1/7 admin-state disable\n"
        "/configure port 1/x1/1/4 admin-state enable\n"
        "/configure port 1/x1/1/5 admin-state enable\n"
        '/configure router "Base" interface "xiom" port 1/x1/1/4\n'
        '/configure lag "lag-1" port 1/1/c1/2 { }\n'
        '/configure service vpls "100" sap 1/1/5:100 description "cust-a"\n'
        '/configure router "Base" interface "x" port 1/1/60\n'
    )
    result = audit(text)
    finding = next(f for f in result.findings if f.rule_id == "SROS-PORT-001")
    assert finding.status is Status.FAIL
    assert evidence(result, "SROS-PORT-001") == [4, 6, 8, 11]  # connector c2 and its port, 1/1/6, 1/x1/1/5
    assert "1/1/6, 1/1/c2, 1/1/c2/1, 1/x1/1/5" in (finding.reason or "")  # 1/1/60 does not make 1/1/6 used


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (["tacplus server 1 address 10.0.0.11", "password authentication-order tacplus local"], Status.PASS),
        (["tacplus server 1 address 10.0.0.11", "password authentication-order radius tacplus"], Status.FAIL),
        (["tacplus server 1 address 10.0.0.11", "password authentication-order tacplus local radius"], Status.FAIL),
        (["tacplus server 1 address 10.0.0.11"], Status.PASS),  # default radius, tacplus, local
        (["password authentication-order local"], Status.NOT_APPLICABLE),
    ],
    ids=["remote-then-local", "no-local", "local-not-last", "default-order", "no-servers"],
)
def test_authentication_order_cases(lines: list[str], status: Status) -> None:
    text = "".join(f"/configure system security {line}\n" for line in lines)
    assert statuses(audit(text))["SROS-AAA-006"] is status


def test_ebgp_rules_skip_internal_and_read_vprns() -> None:
    text = (
        'configure\n    router\n        autonomous-system 65000\n        bgp\n            group "ibgp"\n'
        "                peer-as 65000\n                neighbor 10.255.0.2\n                exit\n"
        "            exit\n        exit\n    exit\n"
        "    service\n        vprn 100 customer 1 create\n            autonomous-system 65000\n"
        '            bgp\n                group "ce"\n                    prefix-limit ipv4 500\n'
        "                    neighbor 172.16.0.2\n                        peer-as 65100\n"
        "                    exit\n                exit\n            exit\n        exit\n    exit\nexit all\n"
    )
    # A whole configuration (its system name), so every rule reads it rather than only the fragment's sections.
    result = audit(text.replace("configure\n", 'configure\n    system\n        name "pe1"\n    exit\n', 1))
    got = statuses(result)
    assert got["SROS-CP-007"] is Status.PASS  # the VPRN CE has a limit, the iBGP peer is skipped
    assert got["SROS-CP-008"] is Status.FAIL
    finding = next(f for f in result.findings if f.rule_id == "SROS-CP-008")
    assert "172.16.0.2" in (finding.reason or "") and "10.255.0.2" not in (finding.reason or "")


def test_snmp_usm_users_joined_across_mdcli_leaves() -> None:
    base = "/configure system security user-params local-user user"
    text = (
        f'{base} "nms" snmp authentication authentication-protocol hmac-sha2-256\n'
        f'{base} "nms" snmp authentication privacy privacy-protocol cfb128-aes\n'
        f'{base} "poller" snmp authentication authentication-protocol hmac-sha2-256\n'
        f'{base} "poller" snmp group "NMS-RO"\n'
    )
    result = audit(text)
    assert statuses(result)["SROS-SNMP-006"] is Status.FAIL
    assert evidence(result, "SROS-SNMP-006") == [3]  # only 'poller' lacks privacy
    assert statuses(result)["SROS-SNMP-005"] is Status.PASS


def test_rsvp_and_ldp_authentication() -> None:
    text = (
        '/configure router "Base" rsvp interface "system" admin-state enable\n'
        '/configure router "Base" rsvp interface "to-p1" authentication-key "n0Vs1qTb5SHk8YlG" hash2\n'
        '/configure router "Base" rsvp interface "to-p2" admin-state enable\n'
        '/configure router "Base" ldp interface-parameters interface "to-p1" ipv4\n'
    )
    result = audit(text)
    got = statuses(result)
    assert got["SROS-CP-006"] is Status.FAIL
    finding = next(f for f in result.findings if f.rule_id == "SROS-CP-006")
    assert [e.line for e in finding.evidence] == [3]  # to-p2: no key; 'system' is exempt
    keyed = text.replace('"to-p2" admin-state enable', '"to-p2" auth-keychain "RSVP-KEYS"')
    assert statuses(audit(keyed))["SROS-CP-006"] is Status.PASS
    assert got["SROS-CP-005"] is Status.FAIL
    fixed = text + '/configure router "Base" ldp tcp-session-parameters peer-transport 10.255.0.2 auth-keychain "K"\n'
    assert statuses(audit(fixed))["SROS-CP-005"] is Status.PASS


def test_trap_target_without_security_level_is_not_private() -> None:
    classic = (
        "configure\n    log\n        snmp-trap-group 90\n"
        '            trap-target "nms" address 10.0.60.21 snmpv3 notify-community "nms-v3"\n'
        '            trap-target "soc" address 10.0.60.22 snmpv3 notify-community "soc-v3" security-level privacy\n'
        "        exit\n    exit\nexit all\n"
    )
    result = audit(classic)
    assert statuses(result)["SROS-SNMP-007"] is Status.FAIL
    assert evidence(result, "SROS-SNMP-007") == [4]  # 'nms' defaults to no-auth-no-privacy; 'soc' is fine
    flat = (
        '/configure log snmp-trap-group "90" trap-target "nms" address 10.0.60.21\n'
        '/configure log snmp-trap-group "90" trap-target "nms" security-level privacy\n'
    )
    assert statuses(audit(flat))["SROS-SNMP-007"] is Status.PASS  # version defaults to snmpv3


def test_administrative_count_ignores_similar_profile_names() -> None:
    base = "/configure system security user-params local-user user"
    text = "".join(
        f'{base} "{user}" console member ["{profile}"]\n'
        for user, profile in (("bg1", "administrative"), ("bg2", "administrative"), ("ops", "administrative-ro"))
    )
    assert statuses(audit(text))["SROS-ACC-012"] is Status.PASS
    result = audit(text + f'{base} "ops2" console member ["default" "administrative"]\n')
    assert statuses(result)["SROS-ACC-012"] is Status.FAIL
    assert evidence(result, "SROS-ACC-012") == [1, 2, 4]


def test_ipv6_filters_apply_to_a_bare_ipv6_interface() -> None:
    classic = (
        'configure\n    router Base\n        interface "to-p1"\n'
        "            ipv6\n            exit\n        exit\n    exit\nexit all\n"
    )
    assert [text for _, text in paths(classic)] == ['router Base interface "to-p1" ipv6']
    whole = classic.replace("configure\n", 'configure\n    system\n        name "p1"\n    exit\n', 1)
    got = statuses(audit(whole))
    assert (got["SROS-MGMT-012"], got["SROS-CP-009"]) == (Status.FAIL, Status.FAIL)
    v4_only = '/configure system name "p1"\n/configure router "Base" interface "to-p1" ipv4 primary address 10.1.1.1\n'
    got = statuses(audit(v4_only))
    assert (got["SROS-MGMT-012"], got["SROS-CP-009"]) == (Status.NOT_APPLICABLE, Status.NOT_APPLICABLE)


def test_key_values_in_hardening_evidence_are_masked() -> None:
    text = (
        "configure\n    system\n        security\n"
        '            keychain "KC"\n                direction\n                    bi\n'
        '                        entry 1 key "n0Vs1qTb5SHk8YlG" hash2 algorithm hmac-md5\n'
        "                        exit\n                    exit\n                exit\n            exit\n"
        '            user "nms"\n                snmp\n'
        '                    authentication hash2 md5 "k3Vq8LmZ1xTb5RnW" privacy hash2 des-key "p7Hc2YsN9dQf4GwJ"\n'
        "                exit\n            exit\n        exit\n    exit\nexit all\n"
    )
    result = audit(text)
    shown = [e.text for f in result.findings for e in f.evidence]
    assert failed(result) >= {"SROS-CP-011", "SROS-SNMP-005"}
    assert any("algorithm hmac-md5" in line for line in shown)
    assert not any(secret in line for line in shown for secret in ("n0Vs1q", "k3Vq8L", "p7Hc2Y"))


def test_urpf_on_customer_facing_service_interfaces_only() -> None:
    text = (
        '/configure service vprn "100" interface "cust-a" sap 1/1/5:100\n'
        '/configure service vprn "100" interface "cust-a" ipv4 urpf-check mode strict\n'
        '/configure service vprn "100" interface "cust-b" sap 1/1/5:200\n'
        '/configure service vprn "100" interface "loop0" loopback true\n'
        '/configure service ies "10" interface "inet" sap 1/1/6:10\n'
        '/configure service ies "10" interface "inet" ipv4 urpf-check mode loose\n'
    )
    result = audit(text)
    finding = next(f for f in result.findings if f.rule_id == "SROS-DP-003")
    assert finding.status is Status.FAIL
    assert [e.line for e in finding.evidence] == [3]  # cust-b: a SAP and no urpf-check
    classic = (
        "configure\n    service\n        vprn 100 customer 1 create\n"
        '            interface "cust-a" create\n                sap 1/1/5:100 create\n                exit\n'
        "                urpf-check\n                    mode strict\n                exit\n"
        "            exit\n        exit\n    exit\nexit all\n"
    )
    assert statuses(audit(classic))["SROS-DP-003"] is Status.PASS
    assert statuses(audit(classic.replace("urpf-check", "description x")))["SROS-DP-003"] is Status.FAIL
    same_name = (
        '/configure service vprn "100" interface "to-ce" sap 1/1/5:100\n'
        '/configure service vprn "100" interface "to-ce" ipv4 urpf-check mode strict\n'
        '/configure service vprn "200" interface "to-ce" sap 1/1/5:200\n'
    )
    assert evidence(audit(same_name), "SROS-DP-003") == [3]  # one service's check does not cover another's


_SEC = "/configure system security "


@pytest.mark.parametrize(
    ("rule_id", "lines", "status"),
    [
        # a TACACS+ and a RADIUS server together make two, unless one section is shut down
        (
            "SROS-AAA-002",
            [
                "aaa remote-servers tacplus server 1 address 10.0.0.11",
                "aaa remote-servers radius server 1 address 10.0.0.21",
            ],
            Status.PASS,
        ),
        (
            "SROS-AAA-002",
            [
                "aaa remote-servers tacplus server 1 address 10.0.0.11",
                "aaa remote-servers tacplus server 2 address 10.0.0.12",
                "aaa remote-servers radius admin-state disable",
                "aaa remote-servers radius server 1 address 10.0.0.21",
            ],
            Status.PASS,
        ),
        (
            "SROS-AAA-002",
            [
                "aaa remote-servers tacplus server 1 address 10.0.0.11",
                "aaa remote-servers radius admin-state disable",
                "aaa remote-servers radius server 1 address 10.0.0.21",
            ],
            Status.FAIL,
        ),
        # complexity: MD-CLI leaves per class, a zero count does not require the class
        (
            "SROS-ACC-003",
            [
                "password complexity-rules required lowercase 1",
                "password complexity-rules required uppercase 0",
                "password complexity-rules required numeric 1",
            ],
            Status.FAIL,
        ),
        ("SROS-ACC-003", ["password complexity-rules minimum-classes 3"], Status.PASS),
        ("SROS-ACC-003", ["password complexity numeric special-character"], Status.FAIL),
        ("SROS-ACC-003", ["password complexity-rules required lowercase 1 uppercase 0 numeric 1"], Status.FAIL),
        # attempts: 0 means unlimited; a classic line without lockout keeps the 10-minute default
        ("SROS-ACC-005", ["password attempts 0 time 5 lockout 20"], Status.FAIL),
        ("SROS-ACC-005", ["password attempts 3 time 5"], Status.FAIL),
        ("SROS-ACC-005", ["password attempts lockout 15"], Status.PASS),
        # minimum age: the units of the classic line add up
        ("SROS-ACC-017", ["password minimum-age hrs 23 min 60"], Status.PASS),
        ("SROS-ACC-017", ["password minimum-age days 0 hrs 23 min 59"], Status.FAIL),
    ],
)
def test_account_and_aaa_forms(rule_id: str, lines: list[str], status: Status) -> None:
    text = "".join(f"{_SEC}{line}\n" for line in lines)
    assert statuses(audit(text))[rule_id] is status


def test_one_working_syslog_log_id_is_enough() -> None:
    shut = (
        '/configure log syslog "1" address 10.0.0.50\n'
        '/configure log log-id "10" admin-state disable\n'
        '/configure log log-id "10" source security true\n'
        '/configure log log-id "10" destination syslog "1"\n'
    )
    assert statuses(audit(shut))["SROS-LOG-003"] is Status.FAIL
    working = shut + '/configure log log-id "11" source security true\n'
    working += '/configure log log-id "11" destination syslog "1"\n'
    assert statuses(audit(working))["SROS-LOG-003"] is Status.PASS
    assert statuses(audit(working))["SROS-LOG-005"] is Status.FAIL  # neither collects the change stream
    no_address = working.replace('syslog "1" address 10.0.0.50', 'syslog "1" port 514')
    assert statuses(audit(no_address))["SROS-LOG-001"] is Status.FAIL
