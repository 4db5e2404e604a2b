"""The whole-script proof: every corpus and simulator config, and the lockout it exists to catch."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.detect import detect_platform
from devaudit.engine.fixproof import prove_fix_script
from devaudit.engine.mgmtpaths import closed_paths, management_paths
from devaudit.engine.remediate import apply_remediation
from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from devaudit.platforms import platform_names
from devaudit.tree import ConfigTree

from .support import ACL_111, CORPUS, MOCK_CONFIGS, corpus_file, shipped


def _configs() -> list[Path]:
    found = sorted(p for p in MOCK_CONFIGS.rglob("*.cfg"))
    if (CORPUS / "MANIFEST.tsv").is_file():
        for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
            rel, _, _, _, _, _, _, _, kind = line.split("\t")[:9]
            if kind in ("config", "fragment") or rel.endswith(".cfg"):
                found.append(CORPUS / rel)
    return found


def _text(path: Path) -> tuple[str, str]:
    dump = read_dump(path.read_bytes(), str(path))
    platform = detect_platform(dump.lines).platform
    assert platform is not None
    return "".join(text + "\n" for _, text in dump.lines), platform


def _tree(text: str, platform: str = "cisco_ios") -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, platform)


CONFIGS = _configs()


@pytest.mark.parametrize("path", CONFIGS, ids=[str(p.relative_to(p.parents[1])) for p in CONFIGS])
def test_whole_fix_script_is_proven_on_every_config(path: Path) -> None:
    text, platform = _text(path)
    proof = prove_fix_script(shipped(), text, platform)
    assert (proof.not_fixed, proof.broken_guards, proof.closed_paths) == ((), (), ())


def test_every_kind_of_config_was_proven() -> None:
    platforms = {_text(p)[1] for p in CONFIGS}
    assert platforms == set(platform_names())
    assert len([p for p in CONFIGS if p.is_relative_to(MOCK_CONFIGS)]) >= 2 * len(platforms)  # insecure, hardened


def test_acl_111_proof_keeps_ssh_from_the_management_network() -> None:
    text, platform = _text(corpus_file(ACL_111))
    before = management_paths(_tree(text))
    assert before == {"line vty 0 4": ("192.0.2.10",), "line vty 5 15": ("192.0.2.10",)}
    proof = prove_fix_script(shipped(), text, platform)
    assert proof.ok
    assert {"IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-015", "IOS-MGMT-016"} <= set(proof.fixed)
    assert [u[0] for u in proof.unproven] == [
        "IOS-ACC-002",
        "IOS-SNMP-001",
        "IOS-SNMP-003",
        "IOS-ACC-003",
        "IOS-NTP-002",
        "IOS-MGMT-010",
    ]
    after = _tree(proof.result)
    acl = next(n for n in after.roots if n.text == "ip access-list extended 111")
    assert [c.text for c in acl.children] == ["permit ip 192.0.2.0 0.0.0.255 any", "deny ip any any log"]
    # SSH from the management network still works on every vty range, now by name.
    assert management_paths(after) == {
        "line vty 0 4": ("192.0.2.10", "192.0.2.0"),
        "line vty 5 15": ("192.0.2.10", "192.0.2.0"),
    }


def test_the_old_script_order_locks_every_vty_out() -> None:
    # What the fix script used to say on this config: a new ACL with only a deny, bound to every vty.
    text, _ = _text(corpus_file(ACL_111))
    tree = _tree(text)
    before = management_paths(tree)
    locked = apply_remediation(
        tree, [], ["ip access-list standard MGMT-NET", " deny any log", "line vty 0 15", " access-class MGMT-NET in"]
    )
    after = _tree(locked)
    assert [c.text for n in after.roots if n.text == "line vty 0 4" for c in n.children] == [
        "access-class 111 in",
        "access-class MGMT-NET in",
    ]
    assert closed_paths(before, after) == ["line vty 0 4: SSH from 192.0.2.10", "line vty 5 15: SSH from 192.0.2.10"]


def test_paths_admitted_by_name_must_stay_open() -> None:
    before = _tree(
        "access-list 10 permit 10.1.1.0 0.0.0.255\nline vty 0 4\n access-class 10 in\n transport input ssh\n"
    )
    assert management_paths(before) == {"line vty 0 4": ("10.1.1.0",)}
    kept = _tree(
        "access-list 10 permit 10.1.1.0 0.0.0.255\naccess-list 10 deny any log\nline vty 0 4\n access-class 10 in\n"
    )
    assert closed_paths(management_paths(before), kept) == []
    telnet_only = _tree(
        "access-list 10 permit 10.1.1.0 0.0.0.255\nline vty 0 4\n access-class 10 in\n transport input telnet\n"
    )
    assert closed_paths(management_paths(before), telnet_only) == ["line vty 0 4: SSH from 10.1.1.0"]


def test_nxos_fix_edits_the_vty_acl_in_use_and_keeps_its_sources() -> None:
    # The simulator's hardened switch, with the logged final deny of its vty ACL taken away.
    text = (MOCK_CONFIGS / "cisco_nxos" / "hardened.cfg").read_text(encoding="utf-8")
    text = text.replace("  30 deny ip any any log \n", "")
    proof = prove_fix_script(shipped(), text, "cisco_nxos")
    assert proof.ok and "NXOS-MGMT-010" in proof.fixed
    assert "ip access-list MGMT-NET" not in proof.applied
    start = proof.applied.index("ip access-list VTY-ACL")
    assert proof.applied[start : start + 2] == ("ip access-list VTY-ACL", " deny ip any any log")
    paths = management_paths(_tree(text, "cisco_nxos"))
    assert paths == {"line vty": ("10.10.20.0", "10.10.21.0")}
    assert closed_paths(paths, _tree(proof.result, "cisco_nxos")) == []


def test_vrp_fix_edits_the_vty_acl_and_new_acls_take_free_numbers() -> None:
    # The simulator's hardened router with a permit-any rule slipped into its vty ACL 2001.
    text = (MOCK_CONFIGS / "huawei_vrp" / "hardened.cfg").read_text(encoding="utf-8")
    text = text.replace(" rule 100 deny\n", " rule 50 permit\n rule 100 deny\n", 1)
    text = text.replace("ntp-service access peer 2010\n", "", 1)  # and without NTP access control
    proof = prove_fix_script(shipped(), text, "huawei_vrp")
    assert proof.ok and "VRP-MGMT-007" in proof.fixed
    start = proof.applied.index("acl number 2001")
    assert proof.applied[start : start + 3] == (
        "acl number 2001",
        " rule 0 permit source 192.0.2.0 0.0.0.255",
        " undo rule 50",
    )
    # ACL 2002 holds the SNMP pollers: the NTP fix gets a number nothing uses.
    assert "acl number 2002" not in proof.applied
    assert proof.applied[proof.applied.index("acl number 2004") + 1] == " rule 5 permit source 192.0.2.1 0"
    before = management_paths(_tree(text, "huawei_vrp"))
    assert before == {
        "user-interface vty 0 4": ("192.0.2.10", "10.10.20.0", "10.10.21.0"),
        "user-interface vty 5 20": ("192.0.2.10", "10.10.20.0", "10.10.21.0"),
    }
    assert closed_paths(before, _tree(proof.result, "huawei_vrp")) == []
