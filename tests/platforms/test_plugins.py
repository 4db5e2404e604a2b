"""A platform and a rule pack from another package, found through entry points, with no devaudit file edited.

``tests/fixtures/plugins`` holds two installed distributions (``.dist-info`` with ``entry_points.txt``):
devaudit-ruijie (the Ruijie RGOS platform and its rule pack) and devaudit-broken (a missing module, a name
that clashes with a built-in, a missing pack). Each test runs devaudit in a fresh interpreter with that
folder on the path, as an installed plug-in would be.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "tests" / "fixtures" / "plugins"

RUIJIE_CONFIG = """\
Building configuration...
Current configuration : 1342 bytes

!
version RGOS 10.4(3b19)p2 Release(159646)
hostname access-sw-3
!
vlan 20
 name office
!
enable service ssh-server
enable service telnet-server
enable password 7 0822455D0A16
!
username netops privilege 15 secret 5 $1$h7Ky$2oR1NUQm0yW6a4p3ryd1o/
!
interface GigabitEthernet 0/1
 switchport access vlan 20
!
interface VLAN 1
 ip address 192.0.2.10 255.255.255.0
!
line vty 0 4
 login local
!
end
"""


def _run(args: list[str], cwd: Path, *, plugins: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DEVAUDIT_BASELINES")}
    if plugins:
        env["PYTHONPATH"] = str(PLUGINS)
    env["XDG_CACHE_HOME"] = str(cwd / "cache")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_baseline_list_names_third_party_platform_and_pack(tmp_path: Path) -> None:
    done = _run([sys.executable, "-m", "devaudit", "baseline", "list"], tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        "ruijie_os         3 rules  critical=1 high=2  vendor=3  [third-party platform from devaudit-ruijie]" in lines
    )
    pack = PLUGINS / "devaudit_ruijie" / "baselines"
    assert f"third-party rule pack ruijie from devaudit-ruijie: {pack}" in lines
    # The built-in platforms are listed as without plug-ins, unmarked.
    alone = _run([sys.executable, "-m", "devaudit", "baseline", "list"], tmp_path, plugins=False)
    assert alone.returncode == 0, alone.stderr
    assert lines[: len(alone.stdout.splitlines())] == alone.stdout.splitlines()
    assert "third-party" not in alone.stdout
    # Each broken entry point is reported in plain words; nothing else is affected.
    assert (
        "platform plug-in 'broken_os' from devaudit-broken not loaded: devaudit_broken_missing:PLATFORM could not "
        "be loaded: No module named 'devaudit_broken_missing'"
    ) in done.stderr
    assert (
        "platform plug-in 'cisco_ios' from devaudit-broken not loaded: the platform name 'cisco_ios' is already "
        "taken by devaudit"
    ) in done.stderr
    assert "rule pack 'gone' from devaudit-broken not loaded: devaudit_broken_missing.baselines could not be " in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    about = _run([sys.executable, "-m", "devaudit", "about"], tmp_path)
    assert about.returncode == 0, about.stderr
    assert re.search(
        rf"^  third-party ruijie from devaudit-ruijie: 1 files  sha256 [0-9a-f]{{16}}  {re.escape(str(pack))}$",
        about.stdout,
        re.MULTILINE,
    )
    assert not re.search(r"^  ruijie_os ", about.stdout, re.MULTILINE)


def test_third_party_platform_is_detected_parsed_and_audited(tmp_path: Path) -> None:
    (tmp_path / "access-sw-3.cfg").write_text(RUIJIE_CONFIG, encoding="utf-8")
    done = _run(
        [sys.executable, "-m", "devaudit", "audit", "access-sw-3.cfg", "--format", "json", "-o", "out"], tmp_path
    )
    assert done.returncode == 1, done.stderr  # findings
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (device,) = report["devices"]
    assert device["platform"] == "ruijie_os"
    assert device["facts"]["hostname"] == "access-sw-3"
    assert device["facts"]["os_version"] == "10.4(3b19)p2"
    statuses = {r["rule_id"]: r["status"] for r in device["results"]}
    assert statuses == {"RGOS-MGMT-001": "FAIL", "RGOS-MGMT-002": "PASS", "RGOS-ACC-001": "FAIL"}
    evidence = {r["rule_id"]: [(e["line"], e["text"]) for e in r["evidence"]] for r in device["results"]}
    line = RUIJIE_CONFIG.splitlines().index("enable password 7 0822455D0A16") + 1
    assert evidence["RGOS-ACC-001"] == [(line, "enable password 7 <redacted>")]  # the common secret table applies
    assert evidence["RGOS-MGMT-002"] == [(line - 2, "enable service ssh-server")]


def test_platform_option_and_rules_accept_the_registered_platform(tmp_path: Path) -> None:
    (tmp_path / "sw.cfg").write_text(RUIJIE_CONFIG.replace("version RGOS 10.4(3b19)p2 Release(159646)\n", ""))
    done = _run(
        [sys.executable, "-m", "devaudit", "audit", "sw.cfg", "--platform", "ruijie_os", "--format", "json", "-o", "o"],
        tmp_path,
    )
    assert done.returncode == 1, done.stderr
    (device,) = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))["devices"]
    assert device["platform"] == "ruijie_os"
    unknown = _run(
        [sys.executable, "-m", "devaudit", "audit", "sw.cfg", "--platform", "ruijie_os"], tmp_path, plugins=False
    )
    assert unknown.returncode == 2
    assert "'ruijie_os' is not one of" in unknown.stderr


def test_registry_and_tables_in_process(tmp_path: Path) -> None:
    script = """
import json
from devaudit.detect import SIGNATURES
from devaudit.fragment import WHOLE_CONFIG_MARKERS
from devaudit.parsers import PARSERS, parse
from devaudit.parsers.syntax import SYNTAXES
from devaudit.platforms import PLATFORM_NAMES, get_platform, plugin_problems
lines = list(enumerate(open("sw.cfg", encoding="utf-8").read().splitlines(), 1))
tree = parse(lines, "ruijie_os")
print(json.dumps({
    "names": list(PLATFORM_NAMES),
    "origin": get_platform("ruijie_os").origin,
    "in_tables": ["ruijie_os" in t for t in (SIGNATURES, WHOLE_CONFIG_MARKERS, PARSERS, SYNTAXES)],
    "roots": [n.text for n in tree.roots][:4],
    "children": [c.text for n in tree.roots if n.text.startswith("interface") for c in n.children],
    "problems": sorted(p.name for p in plugin_problems()),
}))
"""
    (tmp_path / "sw.cfg").write_text(RUIJIE_CONFIG, encoding="utf-8")
    done = _run([sys.executable, "-c", script], tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["names"][-1] == "ruijie_os" and "broken_os" not in out["names"]
    assert out["origin"] == "devaudit-ruijie"
    assert out["in_tables"] == [True, True, True, True]
    assert out["roots"] == ["version RGOS 10.4(3b19)p2 Release(159646)", "hostname access-sw-3", "vlan 20",
                            "enable service ssh-server"]  # fmt: skip
    assert out["children"] == ["switchport access vlan 20", "ip address 192.0.2.10 255.255.255.0"]
    assert out["problems"] == ["broken_os", "cisco_ios"]


def test_third_party_platform_collects_from_its_simulator(tmp_path: Path) -> None:
    """The simulator profile comes from the plug-in's descriptor; netmiko's ruijie_os driver collects over SSH."""
    (tmp_path / "sw.cfg").write_text(RUIJIE_CONFIG, encoding="utf-8")
    script = ROOT / "tests" / "platforms" / "collect_plugin.py"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DEVAUDIT_BASELINES")}
    env["PYTHONPATH"] = os.pathsep.join((str(PLUGINS), str(ROOT)))
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "sw.cfg"), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert (out["in_profiles"], out["in_fleet_defaults"], out["error"], out["same"]) == (True, True, "", True)
    assert out["commands"] == ["enable", "show running-config", "show version"]  # the descriptor's commands
    assert "RGOS 11.4" in out["version"]
