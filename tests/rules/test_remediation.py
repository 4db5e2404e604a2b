"""Every rule's remediation, applied to each of its fail examples, makes the rule PASS without lockouts."""

from __future__ import annotations

from functools import cache

import pytest

from devaudit.engine.authoring import check_remediation, iter_examples
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.remediate import apply_remediation
from devaudit.ingest import split_lines
from devaudit.models import Status
from devaudit.parsers import parse


@cache
def shipped() -> Baseline:
    return load_baseline()


def _cases() -> list[tuple[str, CompiledRule, str, int]]:
    cases = []
    for compiled in shipped().rules:
        for platform in compiled.rule.platforms:
            for kind, index, _, expected in iter_examples(compiled):
                if kind == "fail" and expected is Status.FAIL:
                    cases.append((f"{compiled.rule.id}-{platform}-fail{index + 1}", compiled, platform, index))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("compiled", "platform", "index"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_remediation_fixes_fail_example(compiled: CompiledRule, platform: str, index: int) -> None:
    example = compiled.rule.examples.fail[index]
    assert check_remediation(shipped(), compiled, example, platform) is None


def _tree(text: str, platform: str = "cisco_ios"):  # type: ignore[no-untyped-def]
    lines, _ = split_lines(text)
    return parse(lines, platform)


def test_block_remediation_merges_into_every_matching_block() -> None:
    tree = _tree("line vty 0 4\n transport input telnet ssh\nline vty 5 15\n transport input all\nend\n")
    offending = [tree.roots[0].children[0], tree.roots[1].children[0]]
    text = apply_remediation(tree, offending, ["line vty 0 15", " transport input ssh"])
    assert text == "line vty 0 4\n transport input ssh\nline vty 5 15\n transport input ssh\n"


def test_negation_removes_and_is_printed() -> None:
    tree = _tree("ip http server\nip http secure-server\nhostname R1\n")
    text = apply_remediation(tree, [], ["no ip http server"])
    assert text == "ip http secure-server\nhostname R1\nno ip http server\n"


def test_huawei_undo_and_new_block() -> None:
    tree = _tree("sysname R1\ntelnet server enable\n#\nreturn\n", "huawei_vrp")
    text = apply_remediation(tree, [], ["undo telnet server enable", "user-interface vty 0 4", " protocol inbound ssh"])
    assert text == "sysname R1\nundo telnet server enable\nuser-interface vty 0 4\n protocol inbound ssh\n"


def test_junos_set_and_delete() -> None:
    tree = _tree("set system services telnet\nset system services ssh root-login allow\n", "juniper_junos")
    allow = tree.roots[1]
    text = apply_remediation(
        tree, [allow], ["delete system services telnet", "set system services ssh root-login deny"]
    )
    assert text == "set system services ssh root-login deny\n"


def test_banner_round_trips() -> None:
    tree = _tree("hostname R1\nbanner motd ^C\nAuthorized access only\n^C\nend\n")
    text = apply_remediation(tree, [], ["ip ssh version 2"])
    again = _tree(text)
    assert [n.text for n in again.roots] == ["hostname R1", "banner motd ^C", "ip ssh version 2"]
    assert again.roots[1].body == ("Authorized access only",)
