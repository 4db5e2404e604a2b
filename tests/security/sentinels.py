"""Build the sentinel configs from sentinels.yaml: each platform's simulator config with every form written in.

A platform added as a folder keeps its forms beside its own tests: ``tests/platforms/<name>/sentinels.yaml``
(and ``unseen_forms.yaml``) are read after the files here.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
MOCK_CONFIGS = HERE.parents[1] / "mocks" / "configs"
PLATFORM_TESTS = HERE.parent / "platforms"
_LETTERS = "xyzw"


@dataclass(frozen=True)
class SentinelConfig:
    """One config with planted sentinels."""

    name: str
    platform: str
    text: str
    sentinels: tuple[str, ...]


def _closers(context: list[str], closer: str) -> list[str]:
    if closer in ("!", "#"):
        return [closer]
    out = []
    for line in reversed(context):
        pad = line[: len(line) - len(line.lstrip())]
        out.append(pad + closer)
    return out


def _form_lines(form: Any, sentinel: str, closer: str) -> tuple[list[str], list[str]]:
    if isinstance(form, str):
        form = {"line": form}
    values: list[str] = []

    def fill(text: str) -> str:
        """``{S}`` is a new value; ``{R}`` repeats the last one (a secret reused elsewhere in the form),
        ``{U}`` repeats it in upper case."""
        out = ""
        for part in re.split(r"(\{[SRU]\})", text):
            if part == "{S}":
                values.append(sentinel + _LETTERS[len(values)])
                out += values[-1]
            elif part == "{R}":
                out += values[-1]
            elif part == "{U}":
                out += values[-1].upper()
            else:
                out += part
        return out

    context = [fill(str(c)) for c in form.get("context", [])]
    line = fill(str(form["line"]))
    after = [fill(str(a)) for a in form.get("after", [])]
    lines = [*context, line, *after]
    if after and closer == "}" and line.rstrip().endswith("{"):
        pad = line[: len(line) - len(line.lstrip())]
        lines.append(pad + "}")
    if context:
        lines += _closers(context, closer)
    return lines, values


def specs(path: Path) -> dict[str, Any]:
    """The platforms' forms of the data file ``path``, then those of every platform folder's file of that name."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    for extra in sorted(PLATFORM_TESTS.glob(f"*/{path.name}")):
        data.update(yaml.safe_load(extra.read_text(encoding="utf-8")))
    return data


def load(path: Path = HERE / "sentinels.yaml", prefix: str = "SNTL") -> list[SentinelConfig]:
    """Every config of the data file, sentinels numbered in file order (SNTL0001x...)."""
    data = specs(path)
    configs: list[SentinelConfig] = []
    number = 0
    for name, spec in data.items():
        closer = str(spec.get("closer", "!"))
        indent = str(spec.get("indent", ""))
        planted: list[str] = []
        sentinels: list[str] = []
        for form in spec["forms"]:
            number += 1
            lines, values = _form_lines(form, f"{prefix}{number:04d}", closer)
            planted += [indent + line for line in lines]
            sentinels += values
        if "base" in spec:
            base = (MOCK_CONFIGS / spec["base"]).read_text(encoding="utf-8").split("\n")
        else:
            base = [*spec["base_lines"], ""]
        marker = spec.get("insert_before")
        at = len(base) - 1 if base and base[-1] == "" else len(base)
        if marker is not None:
            at = max(i for i, line in enumerate(base) if line.strip() == marker)
        text = "\n".join([*base[:at], *planted, *base[at:]])
        configs.append(SentinelConfig(name, str(spec["platform"]), text, tuple(sentinels)))
    assert all(set(s) <= set(string.ascii_uppercase + string.digits + "xyzw") for c in configs for s in c.sentinels)
    return configs
