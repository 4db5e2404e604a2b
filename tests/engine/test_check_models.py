"""The typed check models: mistakes in a ``check:`` tree are told with the file, line, rule and path."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from devaudit.engine.checkmodels import CONDITION_MODELS
from devaudit.engine.conditions import OPERATORS
from devaudit.engine.loader import load_baseline
from devaudit.errors import BaselineError

RULE = """\
platform: cisco_ios
rules:
  - id: SITE-MGMT-001
    title: VTY ACL restricted
    severity: high
    category: management plane
    references: {{other: site policy}}
    rationale: only the management network may log in
    remediation: [line vty 0 4]
    expected: every vty ACL is restricted
    found: a vty ACL admits any source
    check:
{check}
"""


def _load(tmp_path: Path, check: str) -> None:
    pack = tmp_path / "site.yaml"
    pack.write_text(RULE.format(check=textwrap.indent(textwrap.dedent(check), "      ")))
    load_baseline([pack])


@pytest.mark.parametrize(
    ("check", "line", "message"),
    [
        (
            """\
            each:
              block: '^line vty\\s'
              chek: {present: '^access-class'}
            """,
            15,
            "rule SITE-MGMT-001: check > each > chek: unknown key 'chek'; allowed: block, check, in, none, where",
        ),
        (
            """\
            each:
              block: '^line vty\\s'
              check:
                presnt: '^access-class'
            """,
            16,
            "rule SITE-MGMT-001: check > each > check: unknown operator 'presnt'; use one of absent, acl, all, any, "
            "count, default, each, fact, interface_role, not, output, present, python, resolve, role, tag, value",
        ),
        (
            """\
            all:
              - present: '^ip ssh version 2'
              - {present: '^a', absent: '^b'}
            """,
            15,
            "rule SITE-MGMT-001: check > all > 1: one operator per condition, found present, absent",
        ),
        (
            """\
            resolve:
              from: '^access-class (?P<name>\\S+) in'
              check: {acl: {permits_any_source: false}}
            """,
            13,
            "rule SITE-MGMT-001: check > resolve > to: 'to' is required",
        ),
        (
            """\
            resolve:
              from: '^access-class (?P<name>\\S+) in'
              to: acl
              check: {acl: {permits_any: false}}
            """,
            16,
            "rule SITE-MGMT-001: check > resolve > check > acl > permits_any: unknown key 'permits_any'; allowed: "
            "denies_logged, denies_sources, empty, ends_with_deny_log, exists, name, permits_any_source, "
            "permits_only, shadowed_entries",
        ),
        (
            """\
            value: {match: '^exec-timeout (\\d+)', op: below, value: 10}
            """,
            13,
            "rule SITE-MGMT-001: check > value > op: must be 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'not_in' "
            "or 'regex'",
        ),
        (
            """\
            count: {match: '^logging host'}
            """,
            13,
            "rule SITE-MGMT-001: check > count: count needs min or max",
        ),
        (
            """\
            acl: {name: MGMT}
            """,
            13,
            "rule SITE-MGMT-001: check > acl: acl needs at least one of exists, empty, permits_any_source, "
            "permits_only, ends_with_deny_log, denies_logged, shadowed_entries, denies_sources",
        ),
    ],
)
def test_mistakes_name_file_line_rule_and_path(tmp_path: Path, check: str, line: int, message: str) -> None:
    with pytest.raises(BaselineError) as info:
        _load(tmp_path, check)
    assert info.value.path == str(tmp_path / "site.yaml")
    assert info.value.line == line
    assert info.value.message == message


def test_a_valid_check_loads(tmp_path: Path) -> None:
    _load(
        tmp_path,
        """\
        each:
          block: '^line vty\\s'
          check:
            resolve:
              from: '^access-class\\s+(?P<name>\\S+)\\s+in\\b'
              to: acl
              check: {acl: {permits_any_source: false}}
        """,
    )


def test_every_operator_has_one_model() -> None:
    assert set(CONDITION_MODELS) == set(OPERATORS)
    for name, model in CONDITION_MODELS.items():
        keys = {f.alias or key for key, f in model.model_fields.items()}
        assert keys == {name, "found"}, name


def test_an_audit_from_the_cache_imports_no_pydantic(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """\
        import sys
        from devaudit.engine.loader import load_baseline
        baseline = load_baseline(cache=True)
        assert baseline.for_platform("cisco_ios") and baseline.for_platform("nokia_sros")
        print("pydantic" in sys.modules, "devaudit.engine.checkmodels" in sys.modules)
        """
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["True", "True"]  # the packs were read and validated
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.split() == ["False", "False"]


def test_lint_reads_the_parts_inside_resolve() -> None:
    from devaudit.engine.authoring import _untold_parts

    spec = {
        "resolve": {
            "from": "^access-class (\\S+) in",
            "to": "acl",
            "check": {
                "all": [
                    {"found": "The ACL admits any source", "acl": {"permits_any_source": False}},
                    {"acl": {"ends_with_deny_log": True}},
                ]
            },
        }
    }
    assert _untold_parts(spec) == ["check.resolve.all.1 has no 'found' while its siblings do"]
