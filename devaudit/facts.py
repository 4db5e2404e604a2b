"""Device facts (hostname, OS version, model) from the config itself or a `show version` beside it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from devaudit.engine.regex_cache import compile_pattern
from devaudit.models import DeviceFacts
from devaudit.platforms import Facts, get_platform, is_platform
from devaudit.tree import ConfigTree

__all__ = ["facts_from_config", "facts_from_show_version", "merge_facts"]

# Each platform's descriptor holds its patterns over top-level statements (hostname, version) and over
# comment/header lines, all case-insensitive. They are compiled on first use: an audit needs one platform's.


def _facts(platform: str) -> Facts:
    return get_platform(platform).facts if is_platform(platform) else Facts()


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@functools.cache
def _version_headers(platform: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_compiled(source) for source in _facts(platform).version_headers)


_HEADER_STARTS = ("!", "#", ": ", "ASA", "PIX", "[V")
_MODEL_HEADER: tuple[re.Pattern[str], ...] = (
    compile_pattern(r"^! ?Chassis type:\s*(\S+)", re.IGNORECASE),  # RANCID '!Chassis type:', Oxidized '! Chassis type:'
    compile_pattern(r"^! ?VRP \(R\) software, Version \S+ \((\S+) V\d{3}R", re.IGNORECASE),
    compile_pattern(r"^! device: \S+ \((\S+?),", re.IGNORECASE),
    compile_pattern(r"^! *(?:cisco|Cisco) (\S+) .*processor", re.IGNORECASE),
)


def facts_from_config(tree: ConfigTree, raw_lines: Sequence[tuple[int, str]]) -> DeviceFacts:
    """Hostname, version and model as far as the config (and its header) tells."""
    platform = tree.platform
    hostname = version = model = ""
    facts = _facts(platform)
    host_re = _compiled(facts.hostname) if facts.hostname else None
    ver_re = _compiled(facts.version) if facts.version else None
    for node in tree.roots:
        text = node.text
        if host_re is not None and not hostname:
            match = host_re.match(text)
            if match:
                hostname = match.group(1).strip('"')
        if ver_re is not None and not version:
            match = ver_re.match(text)
            if match:
                version = match.group(1)
        if hostname and (version or ver_re is None):
            break
    # Header and comment lines (RANCID, Oxidized, VRP8, SR OS, EOS) carry releases and models.
    version_patterns = _version_headers(platform)
    for _, line in raw_lines[:800]:
        if version and model:
            break
        if not line.startswith(_HEADER_STARTS):
            continue
        if not version:
            for pattern in version_patterns:
                match = pattern.match(line)
                if match:
                    version = match.group(1).rstrip(",")
                    break
        if not model:
            for pattern in _MODEL_HEADER:
                match = pattern.match(line)
                if match:
                    model = match.group(1)
                    break
    if platform == "cisco_asa" and ver_re is not None and not version:
        for _, line in raw_lines[:50]:
            match = ver_re.match(line)
            if match:
                version = match.group(1)
                break
    return DeviceFacts(
        hostname=hostname,
        os_version=version,
        model=model,
        facts_source="config" if (hostname or version) else "",
    )


def _first(row: dict[str, object], *keys: str) -> str:
    for key in keys:
        value = row.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    return ""


def facts_from_show_version(platform: str, text: str) -> DeviceFacts:
    """Parse `show version` / `display version` output with ntc-templates or devaudit's own templates."""
    rows: list[dict[str, object]] = []
    facts = _facts(platform)
    if facts.template:
        from importlib import resources

        import textfsm

        package, _, path = facts.template.rpartition(":")
        template = resources.files(package or "devaudit").joinpath(path if package else f"templates/{path}")
        with template.open("r", encoding="utf-8") as handle:
            fsm = textfsm.TextFSM(handle)
        header = [name.lower() for name in fsm.header]
        rows = [dict(zip(header, values, strict=True)) for values in fsm.ParseText(text)]
    elif facts.ntc_platform:
        from ntc_templates.parse import parse_output

        command = get_platform(platform).version_command
        try:
            rows = parse_output(platform=facts.ntc_platform, command=command, data=text)
        except Exception:  # ntc-templates raises its own error types for unmatched output
            rows = []
    if not rows:
        return DeviceFacts()
    row = {k.lower(): v for k, v in rows[0].items()}
    # ntc-templates names the release 'image' for EOS and 'os' for NX-OS ('image' is a file path on ASA).
    version = _first(
        row, facts.version_field, "version", "os_version", "vrp_version", "software_version", "junos_version"
    )
    # Huawei defaults follow the product release (V200R010C00SPC600), not the VRP kernel version (5.170).
    product = re.search(r"V\d{3}R\d{3}[^\s)]*", _first(row, "product_version"))
    if product is not None:
        version = product.group(0)
    model = _first(row, "hardware", "model", "platform", "chassis").strip()
    if platform == "zte_zxros":
        # ntc-templates' VERSION is '6120H-S V5.10.00.50' and HARDWARE the rest of a 'ZXCTN 6120H-S' line.
        release = re.search(r"\bV\d+(?:\.\d+)+\S*", version)
        if release is not None:
            version = release.group(0)
        if model and not model.startswith("ZX"):
            model = f"ZXCTN {model}"
    return DeviceFacts(
        hostname=_first(row, "hostname"),
        os_version=version,
        model=model,
        facts_source="show version",
    )


def merge_facts(primary: DeviceFacts, secondary: DeviceFacts) -> DeviceFacts:
    """Fill what ``primary`` lacks from ``secondary`` (a show version wins over the config for releases)."""
    return DeviceFacts(
        hostname=primary.hostname or secondary.hostname,
        os_version=primary.os_version or secondary.os_version,
        model=primary.model or secondary.model,
        facts_source=", ".join(s for s in (primary.facts_source, secondary.facts_source) if s),
    )
