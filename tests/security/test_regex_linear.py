"""Every shipped regular expression that runs on device text takes time linear in the text.

Device text is attacker-controlled (a compromised device, a crafted saved config): a pattern that
backtracks quadratically turns one long line into minutes of CPU. This collects the patterns of ingest,
platform detection, the parsers, the check modules and every rule of the loaded baseline (found by
walking the compiled rules), runs each against adversarial 100,000-character lines (long runs of
spaces, dashes, digits, letters, and the pattern's own keywords repeated, no newline) and compares
its time with a plain scan of the same text, ``len(re.findall(r"\\S+", text))``. The probes run in a
child process, so a pattern that never finishes is reported by name instead of hanging the suite.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

SIZE = 100_000
# A linear pattern costs a small multiple of the plain scan; a quadratic one, thousands of times it.
RATIO = 300
FLOOR = 0.02  # CPU seconds (time another process takes is not counted): below this, timer noise decides
WATCHDOG = 30.0  # seconds for one probe before the child is declared stuck

_KEYWORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]{1,}")


def _walk_patterns(obj: Any, found: dict[str, re.Pattern[str]], seen: set[int], depth: int = 0) -> None:
    """Collect every compiled regex reachable from ``obj`` (rules, conditions, tables)."""
    if id(obj) in seen or depth > 60:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        if isinstance(obj.pattern, str):
            found.setdefault(f"{obj.pattern}\x00{obj.flags}", obj)
        return
    if isinstance(obj, str | bytes | int | float | bool | type(None) | type):
        return
    if isinstance(obj, dict):
        for value in obj.values():
            _walk_patterns(value, found, seen, depth + 1)
        return
    if isinstance(obj, list | tuple | set | frozenset):
        for value in obj:
            _walk_patterns(value, found, seen, depth + 1)
        return
    for cls in type(obj).__mro__:
        for attr in getattr(cls, "__slots__", ()):
            _walk_patterns(getattr(obj, attr, None), found, seen, depth + 1)
    if hasattr(obj, "__dict__") and not isinstance(obj, type(re)):
        for value in vars(obj).values():
            _walk_patterns(value, found, seen, depth + 1)


def _module_patterns(module_name: str) -> dict[str, re.Pattern[str]]:
    module = importlib.import_module(module_name)
    found: dict[str, re.Pattern[str]] = {}
    for value in vars(module).values():
        if isinstance(value, re.Pattern) or not (isinstance(value, type(re)) or callable(value)):
            _walk_patterns(value, found, set())
    return found


def _literal_patterns(module_name: str) -> dict[str, re.Pattern[str]]:
    """Patterns written inline in a module's functions (``re.search(r"...", text, _I)``), found in its source."""
    import ast
    import inspect

    module = importlib.import_module(module_name)
    found: dict[str, re.Pattern[str]] = {}
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        flag_nodes = [kw.value for kw in node.keywords if kw.arg == "flags"]
        position = 1 if node.func.attr == "compile" else {"sub": 3, "subn": 3, "split": 2}.get(node.func.attr, 2)
        flag_nodes += node.args[position : position + 1]
        flags = eval(compile(ast.Expression(flag_nodes[0]), module_name, "eval"), vars(module)) if flag_nodes else 0
        pattern = re.compile(node.args[0].value, flags)
        found.setdefault(f"{pattern.pattern}\x00{pattern.flags}", pattern)
    return found


def shipped_patterns() -> dict[str, dict[str, re.Pattern[str]]]:
    """Every pattern that runs on device text, by where it comes from."""
    import devaudit.checks
    import devaudit.platforms
    from devaudit.engine.loader import load_baseline

    groups: dict[str, dict[str, re.Pattern[str]]] = {
        "ingest": _module_patterns("devaudit.ingest"),
        "detect": _module_patterns("devaudit.detect"),
        "parsers": {
            **_module_patterns("devaudit.parsers.syntax"),
            **_module_patterns("devaudit.parsers.junos"),
            **_module_patterns("devaudit.parsers.flat"),
            **_module_patterns("devaudit.parsers.indent"),
            **_module_patterns("devaudit.parsers.session"),
        },
        "checks": {},
    }
    checks = [f"devaudit.checks.{info.name}" for info in pkgutil.iter_modules(devaudit.checks.__path__)]
    for name in ["devaudit.facts", *checks]:
        groups["checks"].update(_module_patterns(name))
        groups["checks"].update(_literal_patterns(name))
    # Each platform folder's own modules: detection signatures, syntax, redaction forms, check functions (its
    # simulator profile reads the commands typed at the simulator, not device text).
    groups["platforms"] = {}
    for info in pkgutil.walk_packages(devaudit.platforms.__path__, "devaudit.platforms."):
        if info.name.endswith(".simulator"):
            continue
        groups["platforms"].update(_module_patterns(info.name))
        groups["platforms"].update(_literal_patterns(info.name))
    rules: dict[str, re.Pattern[str]] = {}
    _walk_patterns(load_baseline(None).rules, rules, set())
    groups["rule packs"] = rules
    return groups


def adversarial(pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """(name, 100k-character text) pairs aimed at ``pattern``."""
    for name, unit in (
        ("spaces", " "),
        ("dashes", "-"),
        ("digits", "1"),
        ("letters", "a"),
        ("words", "a "),
        ("dotted", "1."),
        ("quotes", '"a'),
        ("tabs", "\t "),
        ("colons", "a  :"),
    ):
        yield name, (unit * (SIZE // len(unit) + 1))[:SIZE]
    keywords = list(dict.fromkeys(_KEYWORD.findall(pattern.pattern)))[:6]
    if keywords:
        phrase = " ".join(keywords)
        yield "keywords", ((phrase + " ") * (SIZE // (len(phrase) + 1) + 1))[:SIZE]
        first = keywords[0]
        yield "first keyword", ((first + " ") * (SIZE // (len(first) + 1) + 1))[:SIZE]
        yield "keyword then spaces", (phrase + " " * SIZE)[:SIZE]
        yield "keyword glued", ((first + "-") * (SIZE // (len(first) + 1) + 1))[:SIZE]
        # A long token then long white space after the leading keywords: where '\S+' or '\s+' meets '.*'.
        for count in (2, 3, len(keywords)):
            lead = " ".join(keywords[:count])
            yield f"{count} keywords, token, spaces", (lead + " " + "a" * (SIZE // 2) + " " * SIZE)[:SIZE]
        yield "keywords, number, spaces", (phrase + " " + "1" * (SIZE // 2) + " " * SIZE)[:SIZE]


def _run(pattern: re.Pattern[str], text: str) -> float:
    start = time.process_time()
    for _ in pattern.finditer(text):
        pass
    return time.process_time() - start


_PLAIN = re.compile(r"\S+")


def _plain(text: str) -> float:
    start = time.process_time()
    len(_PLAIN.findall(text))
    return time.process_time() - start


def probe() -> None:
    """Child process: time every (pattern, text) pair, one JSON line before and after each."""
    for origin, patterns in shipped_patterns().items():
        for pattern in patterns.values():
            for name, text in adversarial(pattern):
                label = {"origin": origin, "pattern": pattern.pattern, "text": name}
                print(json.dumps({"start": label}), flush=True)
                spent = _run(pattern, text)
                base = _plain(text)
                if spent > max(RATIO * base, FLOOR):  # measure again: the machine may have been busy
                    spent = min(spent, _run(pattern, text), _run(pattern, text))
                    base = min(base, _plain(text), _plain(text))
                print(json.dumps({"done": label, "spent": spent, "base": base}), flush=True)


def test_every_device_text_pattern_is_collected() -> None:
    groups = shipped_patterns()
    sizes = {origin: len(patterns) for origin, patterns in groups.items()}
    # Each source holds patterns; the rule packs hold hundreds (a walk that found none would prove nothing).
    assert all(sizes.values()), sizes
    assert sizes["rule packs"] > 500, sizes
    ingest = {p.pattern for p in groups["ingest"].values()}
    assert any("more" in source for source in ingest)


@pytest.mark.slow
def test_every_shipped_pattern_is_linear_on_adversarial_text() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "from tests.security.test_regex_linear import probe; probe()"],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    slow: list[str] = []
    pending: dict[str, Any] | None = None
    probes = 0
    try:
        for line in _lines_with_watchdog(child):
            record = json.loads(line)
            if "start" in record:
                pending = record["start"]
                continue
            pending = None
            probes += 1
            spent, base = record["spent"], record["base"]
            if spent > max(RATIO * base, FLOOR):
                label = record["done"]
                slow.append(
                    f"{label['origin']}: {label['pattern']!r} on {label['text']}: {spent:.3f} s, "
                    f"{spent / base:.0f} times a plain scan"
                )
    except TimeoutError:
        slow.append(f"stuck for {WATCHDOG:.0f} s: {pending}")
    finally:
        child.kill()
        child.wait()
    assert not slow, "\n".join(slow)
    assert probes > 5000


def _lines_with_watchdog(child: subprocess.Popen[bytes]) -> Iterator[str]:
    """The child's output lines; TimeoutError when it prints nothing for WATCHDOG seconds."""
    import os
    import selectors

    assert child.stdout is not None
    fd = child.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    pending = b""
    while True:
        if not selector.select(timeout=WATCHDOG):
            raise TimeoutError
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            yield line.decode("utf-8")
