"""The platform registry: built-ins from the explicit table, each read only when asked for, descriptors complete."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from devaudit.detect import SIGNATURES
from devaudit.fragment import WHOLE_CONFIG_MARKERS
from devaudit.parsers import PARSERS
from devaudit.parsers.syntax import SYNTAXES, Syntax
from devaudit.platforms import BUILTIN, PLATFORM_NAMES, PLATFORMS, Lazy, Platform, UnknownPlatform, get_platform

ROOT = Path(__file__).resolve().parents[2]


def test_each_builtin_is_a_folder_with_its_descriptor() -> None:
    folders = {p.name for p in (ROOT / "devaudit" / "platforms").iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(BUILTIN)
    for name in BUILTIN:
        platform = get_platform(name)
        assert platform.name == name and platform.origin == "devaudit" and not platform.third_party
        assert (ROOT / "baselines" / name).is_dir(), f"{name} has no rule pack folder"


@pytest.mark.parametrize("name", list(BUILTIN))
def test_every_table_has_each_builtin(name: str) -> None:
    platform = PLATFORMS[name]
    assert SIGNATURES[name] and all(weight > 0 for _, weight in SIGNATURES[name])
    assert WHOLE_CONFIG_MARKERS[name] == platform.whole_config_markers != frozenset()
    assert callable(PARSERS[name])
    if platform.parser == "indented":
        assert isinstance(SYNTAXES[name], Syntax)
    else:
        assert name not in SYNTAXES
    if platform.check_module:
        # In devaudit/checks/ or in the platform's own folder (a platform added as one folder).
        assert platform.check_module.startswith(f"devaudit.platforms.{name}.")
        assert (ROOT / (platform.check_module.replace(".", "/") + ".py")).is_file()


def test_unknown_names_are_refused_in_plain_words() -> None:
    assert "cisco_ios" in PLATFORM_NAMES and "cisco-ios" not in PLATFORM_NAMES
    with pytest.raises(UnknownPlatform) as caught:
        get_platform("cisco-ios")
    assert str(caught.value).startswith("unknown platform 'cisco-ios'; known: cisco_ios, cisco_nxos")
    assert "cisco-ios" not in PARSERS and "cisco-ios" not in WHOLE_CONFIG_MARKERS


def test_naming_a_builtin_imports_only_its_folder() -> None:
    """Start-up stays cheap: no platform folder, detection table or entry-point scan until needed."""
    script = (
        "import sys\n"
        "import devaudit.platforms as p\n"
        "assert 'juniper_junos' in p.PLATFORM_NAMES\n"
        "label = p.get_platform('juniper_junos').label\n"
        "loaded = [m for m in sys.modules if m.startswith('devaudit.platforms.') or m == 'importlib.metadata']\n"
        "print(label, *sorted(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == (
        "Juniper Junos devaudit.platforms.descriptor devaudit.platforms.juniper_junos devaudit.platforms.registry"
    )


def test_lazy_parts_load_once_and_compare_by_target() -> None:
    part: Lazy[object] = Lazy("devaudit.platforms.cisco_ios.syntax:SYNTAX")
    assert part == Lazy("devaudit.platforms.cisco_ios.syntax:SYNTAX")
    assert part.get() is part.get() is SYNTAXES["cisco_ios"]
    assert Lazy.of(3).get() == 3
    with pytest.raises(ValueError, match=re.escape("'package.module:ATTRIBUTE'")):
        Lazy("devaudit.platforms.cisco_ios.syntax")
    with pytest.raises(LookupError, match=re.escape("cannot load devaudit.platforms.cisco_ios.syntax:NOPE")):
        Lazy("devaudit.platforms.cisco_ios.syntax:NOPE").get()


def test_descriptor_is_frozen() -> None:
    platform = get_platform("huawei_vrp")
    assert isinstance(platform, Platform)
    with pytest.raises(AttributeError):
        platform.negation = "no"  # type: ignore[misc]
    assert (platform.negation, platform.comment, platform.numbered_rules, platform.flat) == ("undo", "#", True, False)


def test_no_plugin_installed_costs_no_metadata_import() -> None:
    """Without a distribution declaring the groups, looking up an unknown name reads no package metadata."""
    script = (
        "import sys\n"
        "import devaudit.platforms as p\n"
        "from devaudit.packs import installed_packs\n"
        "names = p.platform_names()\n"
        "print('acme_os' in p.PLATFORM_NAMES, installed_packs(), len(names), 'importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "()", str(len(BUILTIN)), "False"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Acme-OS", "parser": "junos"}, "platform name 'Acme-OS': use lower-case letters, digits and '_'"),
        ({"name": "acme_os", "parser": "acme.parse"}, "platform acme_os: parser 'acme.parse' is not one of indented"),
        ({"name": "acme_os"}, "platform acme_os: the indented parser needs the platform's syntax facts"),
    ],
)
def test_a_wrong_descriptor_is_refused_in_plain_words(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        Platform(label="Acme OS", netmiko="generic", running_config="show configuration", **fields)  # type: ignore[arg-type]
    assert Platform(name="acme_os", label="Acme OS", netmiko="generic", running_config="x", parser="acme.p:parse")
