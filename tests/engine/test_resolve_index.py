"""``resolve`` finds a named object through a per-device index: the same nodes as a scan, in linear work."""

from __future__ import annotations

import re

import pytest

from devaudit.engine.conditions import Scope
from devaudit.engine.outcome import CheckContext
from devaudit.engine.references import Target
from devaudit.models import DeviceFacts
from tests.engine.support import compiled, tree
from tests.workcount import lines_executed

# Names whose templates have one reading (GE1/0/1) and names with dots, where 'interface Eth1.5.100' could
# be sub-interface 100 of Eth1.5 or sub-interfaces 5.100 of Eth1: only the exact pattern can tell.
VRP = """\
sysname PE1
interface GigabitEthernet1/0/1
 undo shutdown
#
interface GigabitEthernet1/0/1.100
 vlan-type dot1q 100
#
interface gigabitethernet1/0/2
 shutdown
#
interface Eth1.5
 undo shutdown
#
interface Eth1.5.100
 vlan-type dot1q 100
#
interface Eth1.5.100.7
 vlan-type dot1q 7
#
"""
NAMES = ["GigabitEthernet1/0/1", "GIGABITETHERNET1/0/2", "Eth1", "Eth1.5", "Eth1.5.100", "Eth9", "Eth1.5.1"]
TEMPLATES = [r"^interface\s+{name}\s*$", r"^interface\s+{name}\.\d+", r"^interface\s+{name}", r"^interface {name}\b"]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("depth", ["top", "any"])
def test_the_index_finds_what_a_scan_of_every_line_finds(template: str, depth: str) -> None:
    parsed = tree("huawei_vrp", VRP)
    ctx = CheckContext(parsed, DeviceFacts())
    target = Target(False, None, template, depth)
    everything = list(parsed.walk()) if depth == "any" else parsed.roots
    for name in NAMES:
        exact = re.compile(template.replace("{name}", re.escape(name)), re.IGNORECASE)
        scanned = [n.line for n in everything if exact.search(n.text)]
        found = target.scope(ctx, name, Scope(ctx, None))
        assert ([] if found is None else [n.line for n in found.items or ()]) == scanned, (name, template)


def test_every_port_is_followed_to_its_subinterfaces_and_the_idle_ones_fail() -> None:
    check = compiled(
        """
resolve:
  from: '^interface\\s+(?P<name>(?:GigabitEthernet|Eth)\\S*?\\d)\\s*$'
  to: {block: '^interface\\s+{name}\\s*$', lines: '^interface\\s+{name}\\.\\d+'}
  what: interface
  check:
    any:
      - present: '^shutdown\\b'
      - present: '^(?!undo shutdown\\b)'
"""
    )
    parsed = tree("huawei_vrp", VRP)
    ctx = CheckContext(parsed, DeviceFacts())
    outcome = check.evaluate(ctx, Scope(ctx, None))
    # Eth1.5 has only 'undo shutdown' but a sub-interface: in use. Every other port is shut or has settings.
    assert outcome.ok is True, outcome
    idle = VRP.split("interface Eth1.5.100\n", maxsplit=1)[0]
    ctx = CheckContext(tree("huawei_vrp", idle), DeviceFacts())
    outcome = check.evaluate(ctx, Scope(ctx, None))
    assert outcome.ok is False  # interface Eth1.5: up, nothing configured, no sub-interface left


def _ports(count: int) -> str:
    return "sysname PE1\n" + "".join(
        f"interface GigabitEthernet1/0/{i}\n undo shutdown\n description port {i}\n#\n" for i in range(count)
    )


def test_following_every_port_costs_work_in_proportion_to_the_ports() -> None:
    check = compiled(
        """
resolve:
  from: '^interface\\s+(?P<name>GigabitEthernet\\d+(?:/\\d+)*)\\s*$'
  to: {block: '^interface\\s+{name}\\s*$', lines: '^interface\\s+{name}\\.\\d+'}
  check: {present: '^description\\b'}
"""
    )

    def work(count: int) -> int:
        ctx = CheckContext(tree("huawei_vrp", _ports(count)), DeviceFacts())
        return lines_executed(lambda: check.evaluate(ctx, Scope(ctx, None)))

    small, large = work(200), work(2000)
    assert large < small * 13  # ten times the ports, about ten times the work (a scan per port would be 100x)
