"""Vendor release strings: normalised, ordered per vendor, and grouped into trains.

Each vendor numbers its software differently, and advisories name releases in the vendor's own form:
IOS ``15.2(4)M3``, IOS XE ``17.3.4a``, NX-OS ``9.3(8)``, IOS XR ``7.3.1``, ASA ``9.8(4)15``, Junos
``21.4R3-S2``, EOS ``4.25.4M``, VRP ``V800R021C10SPC600``, Comware ``7.1.070 Release 2612``, ZXROS
``V5.10.00.50`` and SR OS ``22.10.R1``. A ``Release`` knows its family (which product line the number
belongs to), its train (the line fixes are published for) and a sort key that orders releases of one
train the way the vendor does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms import get_platform, is_platform

__all__ = [
    "Release",
    "arista_eos_release",
    "cisco_asa_release",
    "cisco_ios_release",
    "cisco_nxos_release",
    "cisco_xr_release",
    "family_of",
    "hp_comware_release",
    "huawei_vrp_release",
    "juniper_junos_release",
    "nokia_sros_release",
    "parse_release",
    "zte_zxros_release",
]

# Product families as advisories name them. A platform may run two families (IOS and IOS XE both
# use the cisco_ios syntax); the release string tells them apart.
FAMILIES = {
    "cisco:ios": "Cisco IOS",
    "cisco:ios_xe": "Cisco IOS XE",
    "cisco:nx-os": "Cisco NX-OS",
    "cisco:ios_xr": "Cisco IOS XR",
    "cisco:asa": "Cisco ASA Software",
    "juniper:junos": "Juniper Junos OS",
    "arista:eos": "Arista EOS",
    "huawei:vrp": "Huawei VRP",
    "h3c:comware": "H3C/HPE Comware",
    "zte:zxros": "ZTE ZXROS",
    "nokia:sros": "Nokia SR OS",
}


@dataclass(frozen=True, order=False)
class Release:
    """One release of one product family."""

    family: str
    text: str  # normalised, the vendor's spelling
    train: str
    key: tuple[tuple[int, str], ...]

    def __lt__(self, other: Release) -> bool:
        return self.key < other.key

    def __le__(self, other: Release) -> bool:
        return self.key <= other.key

    @property
    def exact(self) -> bool:
        """True when the string names one build (``17.3.4a``), not only a train (``17.3``)."""
        return self.text != self.train


def _key(parts: list[int | str | None]) -> tuple[tuple[int, str], ...]:
    """A sort key from mixed parts: numbers compare as numbers, letters as lower-case text (none first)."""
    out: list[tuple[int, str]] = []
    for part in parts:
        if isinstance(part, int):
            out.append((part, ""))
        else:
            out.append((0, part.lower()) if part else (-1, ""))
    return tuple(out)


_TOKENS = compile_pattern(r"\d+|[A-Za-z]+")


def _tokens(text: str) -> list[int | str]:
    return [int(t) if t.isdigit() else t for t in _TOKENS.findall(text)]


# --- Cisco -------------------------------------------------------------------------------------

_IOS = compile_pattern(r"^(\d+)\.(\d+)\((\d+)([a-z]?)\)([A-Z]+)?(\d+)?([a-z]?)$")
_XE_OLD = compile_pattern(r"^(\d+)\.(\d+)\.(\d+)([a-z]?)\.?([A-Z]+)$")  # 3.16.8S, 3.11.4E
_DOTTED = compile_pattern(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?([a-z]?)$")
_NXOS = compile_pattern(r"^(\d+)\.(\d+)\((\d+)([a-z]?)\)(?:([A-Z]+)(\d+)?(?:\((\d+)([a-z]?)\))?)?$")
_ASA = compile_pattern(r"^(\d+)\.(\d+)\((\d+)(?:\.(\d+))?\)(\d+)?$")


def cisco_ios_release(text: str) -> Release | None:
    m = _IOS.match(text)
    if m:
        major, minor, rebuild, rletter, train, throttle, tletter = m.groups()
        train_name = f"{major}.{minor}{train or ''}"
        key = _key([int(major), int(minor), train or "", int(rebuild), rletter, int(throttle or 0), tletter])
        return Release("cisco:ios", text, train_name, key)
    # IOS XE: 17.3.4a, 16.12.10a, 17.09.04a (leading zeros as show version prints them)
    m = _DOTTED.match(text)
    if m and int(m.group(1)) >= 16:
        xe_major, xe_minor, xe_maint = int(m.group(1)), int(m.group(2)), int(m.group(3) or -1)
        norm = f"{xe_major}.{xe_minor}" + (f".{xe_maint}{m.group(5)}" if xe_maint >= 0 else "")
        return Release("cisco:ios_xe", norm, f"{xe_major}.{xe_minor}", _key([xe_major, xe_minor, xe_maint, m.group(5)]))
    m = _XE_OLD.match(text)
    if m:
        major, minor, maint, letter, train = m.groups()
        return Release(
            "cisco:ios_xe", text, f"{major}.{minor}{train}", _key([int(major), int(minor), train, int(maint), letter])
        )
    return None


def cisco_nxos_release(text: str) -> Release | None:
    m = _NXOS.match(text)
    if not m:
        return None
    major, minor, maint, mletter, train, tnum, sub, sletter = m.groups()
    train_name = f"{major}.{minor}" if not train else f"{major}.{minor}({maint}){train}{tnum or ''}"
    key = _key([int(major), int(minor), int(maint), mletter, train or "", int(tnum or 0), int(sub or 0), sletter])
    return Release("cisco:nx-os", text, train_name, key)


def cisco_xr_release(text: str) -> Release | None:
    m = _DOTTED.match(text)
    if not m:
        return None
    parts = [int(p) for p in m.groups()[:4] if p is not None]
    return Release("cisco:ios_xr", text, f"{parts[0]}.{parts[1]}", _key([*parts, *([0] * (4 - len(parts)))]))


def cisco_asa_release(text: str) -> Release | None:
    m = _ASA.match(text)
    if not m:
        return None
    major, minor, maint, interim_dot, interim = m.groups()
    # 9.8(4)15 and the older interim form 9.4(4.16) order alike.
    sub = int(interim or interim_dot or 0)
    return Release("cisco:asa", text, f"{major}.{minor}", _key([int(major), int(minor), int(maint), sub]))


# --- Juniper, Arista ---------------------------------------------------------------------------

_JUNOS = compile_pattern(
    r"^(\d+)\.(\d+)([RXFISD])(\d+)?(?:-D(\d+))?(?:-S(\d+))?(?:\.(\d+))?(?:-(EVO))?$", re.IGNORECASE
)
# R (release) is the normal train; X and D are special trains (SRX 15.1X49-D100, 12.3X48-D105);
# F and I are feature/internal builds that order before the R build of the same number.
_JUNOS_TYPE = {"I": 0, "F": 1, "R": 2, "X": 3, "S": 2, "D": 3}


def juniper_junos_release(text: str) -> Release | None:
    m = _JUNOS.match(text)
    if not m:
        return None
    major, minor, kind, build, dnum, service, _rebuild, evo = m.groups()
    kind = kind.upper()
    train = f"{major}.{minor}" + (f"{kind}{build}" if kind == "X" else "")
    norm = f"{major}.{minor}{kind}{build or ''}" + (f"-D{dnum}" if dnum else "") + (f"-S{service}" if service else "")
    if evo:
        norm += "-EVO"
        train += "-EVO"
    key = _key([int(major), int(minor), _JUNOS_TYPE[kind], int(build or 0), int(dnum or 0), int(service or 0)])
    return Release("juniper:junos", norm, train, key)


_EOS = compile_pattern(r"^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?([A-Z]*)(?:-\S+)?$")


def arista_eos_release(text: str) -> Release | None:
    m = _EOS.match(text)
    if not m:
        return None
    a, b, c, d, suffix = m.groups()
    norm = f"{a}.{b}.{c}" + (f".{d}" if d else "") + suffix
    # M (maintenance) and F (feature) mark the release's maturity, not its order.
    return Release("arista:eos", norm, f"{a}.{b}", _key([int(a), int(b), int(c), int(d or 0)]))


# --- Huawei, H3C/HPE, ZTE, Nokia ---------------------------------------------------------------

_VRP = compile_pattern(r"^V(\d{3})R(\d{3})C(\d{2})(?:SPC(\d{3}))?(?:SPH(\d+))?(?:B\d+)?$", re.IGNORECASE)
_COMWARE = compile_pattern(r"^(\d+)\.(\d+)\.(\d+)(?:,?\s*(?:Release|Feature)\s+(\d{4})([A-Z]\d+)?)?$", re.IGNORECASE)
_ZXROS = compile_pattern(r"^V?(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[A-Z]\d+)?$", re.IGNORECASE)
_SROS = compile_pattern(r"^(?:TiMOS-[A-Z]-)?(\d+)\.(\d+)\.([RSB])(\d+)$", re.IGNORECASE)


def huawei_vrp_release(text: str) -> Release | None:
    m = _VRP.match(text)
    if not m:
        return None
    v, r, c, spc, sph = m.groups()
    norm = f"V{v}R{r}C{c}" + (f"SPC{spc}" if spc else "") + (f"SPH{sph}" if sph else "")
    return Release(
        "huawei:vrp", norm.upper(), f"V{v}R{r}C{c}", _key([int(v), int(r), int(c), int(spc or 0), int(sph or 0)])
    )


def hp_comware_release(text: str) -> Release | None:
    m = _COMWARE.match(text.strip())
    if not m:
        return None
    a, b, c, release, patch = m.groups()
    norm = f"{a}.{b}.{c}" + (f" Release {release}{(patch or '').upper()}" if release else "")
    patch_num = int(patch[1:]) if patch else 0
    # Comware releases are named by their release number (R2612, R6635P07): without it, only the train is known.
    train = f"{a}.{b}" if release else norm
    return Release("h3c:comware", norm, train, _key([int(a), int(b), int(c), int(release or 0), patch_num]))


def zte_zxros_release(text: str) -> Release | None:
    m = _ZXROS.match(text)
    if not m:
        return None
    parts = [int(p) for p in m.groups() if p is not None]
    norm = "V" + ".".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    return Release("zte:zxros", norm, f"V{parts[0]}.{parts[1]:02d}", _key([*parts, *([0] * (4 - len(parts)))]))


def nokia_sros_release(text: str) -> Release | None:
    m = _SROS.match(text)
    if not m:
        return None
    major, minor, kind, build = m.groups()
    # B (beta) and S (service) builds order before the R release of the same number.
    rank = {"B": 0, "S": 1, "R": 2}[kind.upper()]
    return Release(
        "nokia:sros",
        f"{major}.{minor}.{kind.upper()}{build}",
        f"{major}.{minor}",
        _key([int(major), int(minor), rank, int(build)]),
    )


_BY_FAMILY = {
    "cisco:ios": cisco_ios_release,
    "cisco:ios_xe": cisco_ios_release,
    "cisco:nx-os": cisco_nxos_release,
    "cisco:ios_xr": cisco_xr_release,
    "cisco:asa": cisco_asa_release,
    "juniper:junos": juniper_junos_release,
    "arista:eos": arista_eos_release,
    "huawei:vrp": huawei_vrp_release,
    "h3c:comware": hp_comware_release,
    "zte:zxros": zte_zxros_release,
    "nokia:sros": nokia_sros_release,
}


def _clean(text: str) -> str:
    text = text.strip().strip(",;")
    # '17.09.04a' as IOS XE's show version prints it: drop leading zeros of dotted numbers.
    if re.fullmatch(r"\d+\.\d+\.\d+[a-z]?", text):
        text = re.sub(r"(?<=\.)0+(?=\d)", "", text)
    return text


@functools.lru_cache(maxsize=65536)
def parse_release(platform: str, text: str) -> Release | None:
    """The release named by ``text`` on a device of ``platform`` (None when the form is not recognised)."""
    part = get_platform(platform).release_parser if is_platform(platform) else None
    if part is None or not text:
        return None
    parser: Callable[[str], Release | None] = part.get()
    return parser(_clean(text))


@functools.lru_cache(maxsize=65536)
def release_in_family(family: str, text: str) -> Release | None:
    """The release named by ``text`` in an advisory about ``family`` (None when not recognised)."""
    parser = _BY_FAMILY.get(family)
    if parser is None or not text:
        return None
    release = parser(_clean(text))
    if release is None or release.family != family:
        return None
    return release


def family_of(platform: str, text: str) -> str | None:
    """The product family a device's release belongs to (IOS and IOS XE share the cisco_ios platform)."""
    release = parse_release(platform, text)
    return release.family if release is not None else None
