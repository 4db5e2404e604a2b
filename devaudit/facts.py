"""Device facts (hostname, OS version, model) from the config itself or a `show version` beside it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from devaudit.models import DeviceFacts
from devaudit.tree import ConfigTree

__all__ = ["facts_from_config", "facts_from_show_version", "merge_facts"]

# Per platform: patterns over top-level statements (hostname, version) and over comment/header lines,
# all case-insensitive. They are compiled on first use: an audit needs one platform's.
_HOSTNAME: dict[str, str] = {
    "cisco_ios": r"^hostname\s+(\S+)",
    "cisco_nxos": r"^(?:hostname|switchname)\s+(\S+)",
    "cisco_xr": r"^hostname\s+(\S+)",
    "cisco_asa": r"^hostname\s+(\S+)",
    "arista_eos": r"^hostname\s+(\S+)",
    "huawei_vrp": r"^sysname\s+(\S+)",
    "hp_comware": r"^sysname\s+(\S+)",
    "zte_zxros": r"^hostname\s+(\S+)",
    "juniper_junos": r"^system host-name\s+(\S+)",
    "nokia_sros": r"^system name\s+\"?([^\"\s]+)",
}
_VERSION_STATEMENT: dict[str, str] = {
    "cisco_ios": r"^version\s+(\d+\.\d+\S*)",
    "cisco_nxos": r"^version\s+(\d+\.\d+\S*)",
    "cisco_xr": r"^version\s+(\d+\.\d+\S*)",
    "cisco_asa": r"^(?:ASA|PIX) Version\s+(\S+)",
    "arista_eos": r"^version\s+(\d+\.\S+)",
    "hp_comware": r"^version\s+(\d+\.[^\s,]+)",
    "huawei_vrp": r"^version\s+(\S+)",
    "zte_zxros": r"^version\s+(\S+)",
    "juniper_junos": r"^version\s+(\S+?);?$",
}
_VERSION_HEADER: tuple[tuple[str, str], ...] = (
    ("cisco_xr", r"^!! IOS XR Configuration (?:version = )?(\S+)"),
    ("cisco_xr", r"^!Image:.*Version (\S+?)[,\s]"),
    ("cisco_xr", r"^!Image:\s.*\bversion=(\S+)"),  # RANCID: 'xrv9k-xr-6.0.1 version=6.0.1'
    ("cisco_ios", r"^!Image: Software: \S+, (\S+?),"),
    ("cisco_ios", r"^! .*Cisco IOS.*Version (\S+?),"),
    ("arista_eos", r"^! device: \S+ \(.*?, EOS-(\S+?)\)"),
    ("huawei_vrp", r"^!Software Version (\S+)"),
    ("huawei_vrp", r"^\[(V\d{3}R\d{3}[^\]\s]*)\]"),  # VRP5 AR: '[V200R007C00SPC600]'
    ("nokia_sros", r"^# TiMOS-\w-(\S+)"),
    ("cisco_nxos", r"^!.*NX-OS.*version (\S+)"),
)


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@functools.cache
def _version_headers(platform: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_compiled(source) for plat, source in _VERSION_HEADER if plat == platform)


_HEADER_STARTS = ("!", "#", ": ", "ASA", "PIX", "[V")
_MODEL_HEADER: tuple[re.Pattern[str], ...] = (
    re.compile(r"^! ?Chassis type:\s*(\S+)", re.IGNORECASE),  # RANCID '!Chassis type:', Oxidized '! Chassis type:'
    re.compile(r"^! ?VRP \(R\) software, Version \S+ \((\S+) V\d{3}R", re.IGNORECASE),
    re.compile(r"^! device: \S+ \((\S+?),", re.IGNORECASE),
    re.compile(r"^! *(?:cisco|Cisco) (\S+) .*processor", re.IGNORECASE),
)


def facts_from_config(tree: ConfigTree, raw_lines: Sequence[tuple[int, str]]) -> DeviceFacts:
    """Hostname, version and model as far as the config (and its header) tells."""
    platform = tree.platform
    hostname = version = model = ""
    host_re = _compiled(_HOSTNAME[platform]) if platform in _HOSTNAME else None
    ver_re = _compiled(_VERSION_STATEMENT[platform]) if platform in _VERSION_STATEMENT else None
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
    if platform == "cisco_asa" and not version:
        for _, line in raw_lines[:50]:
            match = _compiled(_VERSION_STATEMENT["cisco_asa"]).match(line)
            if match:
                version = match.group(1)
                break
    return DeviceFacts(
        hostname=hostname,
        os_version=version,
        model=model,
        facts_source="config" if (hostname or version) else "",
    )


# ntc-templates platform names and the version/hostname/model fields of their templates.
_NTC_PLATFORM = {
    "cisco_ios": "cisco_ios",
    "cisco_nxos": "cisco_nxos",
    "cisco_xr": "cisco_xr",
    "cisco_asa": "cisco_asa",
    "arista_eos": "arista_eos",
    "juniper_junos": "juniper_junos",
    "huawei_vrp": "huawei_vrp",
    "zte_zxros": "zte_zxros",
}
_OWN_TEMPLATES = {
    "hp_comware": "hp_comware_display_version.textfsm",
    "nokia_sros": "nokia_sros_show_version.textfsm",
}


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
    if platform in _OWN_TEMPLATES:
        from importlib import resources

        import textfsm

        template = resources.files("devaudit").joinpath("templates", _OWN_TEMPLATES[platform])
        with template.open("r", encoding="utf-8") as handle:
            fsm = textfsm.TextFSM(handle)
        header = [name.lower() for name in fsm.header]
        rows = [dict(zip(header, values, strict=True)) for values in fsm.ParseText(text)]
    elif platform in _NTC_PLATFORM:
        from ntc_templates.parse import parse_output

        command = "display version" if platform == "huawei_vrp" else "show version"
        try:
            rows = parse_output(platform=_NTC_PLATFORM[platform], command=command, data=text)
        except Exception:  # ntc-templates raises its own error types for unmatched output
            rows = []
    if not rows:
        return DeviceFacts()
    row = {k.lower(): v for k, v in rows[0].items()}
    # ntc-templates names the release 'image' for EOS and 'os' for NX-OS ('image' is a file path on ASA).
    own_field = {"arista_eos": "image", "cisco_nxos": "os"}.get(platform, "version")
    version = _first(row, own_field, "version", "os_version", "vrp_version", "software_version", "junos_version")
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
