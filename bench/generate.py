"""Seeded, realistic synthetic configs for every platform: a simulator config (insecure or hardened)
scaled up with interfaces and ACL entries in the platform's own syntax."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from devaudit.platforms import PLATFORM_NAMES, get_platform

__all__ = ["PLATFORMS", "synthetic_config"]

ROOT = Path(__file__).resolve().parent.parent


def _ip(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _cisco_like(name: str, indent: str, acl_head: str, acl_entry: str) -> Callable[[random.Random, int], list[str]]:
    def make(rng: random.Random, index: int) -> list[str]:
        if index % 4 == 3:
            return [
                acl_head.format(n=index),
                *(indent + acl_entry.format(src=_ip(rng), seq=10 * (k + 1)) for k in range(8)),
            ]
        block = [
            name.format(n=index),
            f"{indent}description uplink-{index} to {rng.choice(['core', 'agg', 'cust', 'peer'])}-{rng.randrange(999)}",
            f"{indent}ip address {_ip(rng)} 255.255.255.252",
        ]
        if rng.random() < 0.3:
            block.append(f"{indent}shutdown")
        else:
            block.append(f"{indent}no shutdown")
        return block

    return make


def _junos(rng: random.Random, index: int) -> list[str]:
    if index % 4 == 3:
        return [
            "firewall {",
            "    family inet {",
            f"        filter F{index} {{",
            *(
                f"            term t{k} {{ from {{ source-address {{ {_ip(rng)}/32; }} }} then accept; }}"
                for k in range(6)
            ),
            "        }",
            "    }",
            "}",
        ]
    return [
        "interfaces {",
        f"    ge-0/{index // 48}/{index % 48} {{",
        f'        description "uplink-{index}";',
        "        unit 0 {",
        "            family inet {",
        f"                address {_ip(rng)}/30;",
        "            }",
        "        }",
        "    }",
        "}",
    ]


def _huawei(rng: random.Random, index: int) -> list[str]:
    if index % 4 == 3:
        return [
            f"acl number {3000 + index % 999}",
            *(f" rule {5 * (k + 1)} permit ip source {_ip(rng)} 0" for k in range(8)),
            "#",
        ]
    return [
        f"interface GigabitEthernet0/{index // 48}/{index % 48}",
        f" description uplink-{index}",
        f" ip address {_ip(rng)} 255.255.255.252",
        "#",
    ]


def _zte(rng: random.Random, index: int) -> list[str]:
    if index % 4 == 3:
        return [f"ipv4-access-list ACL{index}", *(f"  rule {k + 1} permit {_ip(rng)} 0.0.0.0" for k in range(8)), "$"]
    return [
        f"interface gei-0/1/{index // 48}/{index % 48}",
        f"  description uplink-{index}",
        f"  ip address {_ip(rng)} 255.255.255.252",
        "$",
    ]


def _sros(rng: random.Random, index: int) -> list[str]:
    return [
        f'    router "Base" interface "if-{index}" {{',
        f'        description "uplink-{index}"',
        "        ipv4 {",
        "            primary {",
        f"                address {_ip(rng)}",
        "                prefix-length 30",
        "            }",
        "        }",
        "    }",
    ]


_BLOCKS: dict[str, Callable[[random.Random, int], list[str]]] = {
    "cisco_ios": _cisco_like(
        "interface GigabitEthernet1/{n}", " ", "ip access-list extended ACL{n}", "permit tcp host {src} any eq 22"
    ),
    "cisco_nxos": _cisco_like(
        "interface Ethernet1/{n}", "  ", "ip access-list ACL{n}", "{seq} permit tcp {src}/32 any eq 22"
    ),
    "cisco_xr": _cisco_like(
        "interface TenGigE0/0/0/{n}", " ", "ipv4 access-list ACL{n}", "{seq} permit tcp host {src} any eq 22"
    ),
    "cisco_asa": _cisco_like(
        "interface GigabitEthernet0/{n}", " ", "object-group network OG{n}", "network-object host {src}"
    ),
    "arista_eos": _cisco_like(
        "interface Ethernet{n}", "   ", "ip access-list ACL{n}", "{seq} permit tcp host {src} any eq 22"
    ),
    "juniper_junos": _junos,
    "huawei_vrp": _huawei,
    "hp_comware": _huawei,
    "zte_zxros": _zte,
    "nokia_sros": _sros,
}
# The platforms with a generator for their syntax, in registry order.
PLATFORMS: tuple[str, ...] = tuple(name for name in PLATFORM_NAMES if name in _BLOCKS)


def _end_word(platform: str) -> str | None:
    """The statement that closes the platform's running config ('end', 'return'), from its descriptor."""
    complete = get_platform(platform).completeness
    return complete.last_word if complete.last_line is not None else None


def _base(platform: str, variant: str) -> list[str]:
    return (ROOT / "mocks" / "configs" / platform / f"{variant}.cfg").read_text(encoding="utf-8").splitlines()


def synthetic_config(platform: str, lines: int, *, seed: int = 0, variant: str = "insecure") -> str:
    """A config of about ``lines`` lines: the base config with generated blocks inserted before its end."""
    rng = random.Random(f"{platform}-{lines}-{seed}-{variant}")
    base = _base(platform, variant)
    end = _end_word(platform)
    tail: list[str] = []
    if platform == "nokia_sros":
        # Insert inside the MD-CLI 'configure { ... }' block: before its closing brace.
        close = max(i for i, line in enumerate(base) if line.strip() == "}")
        base, tail = base[:close], base[close:]
    elif end and end in (line.strip() for line in base):
        cut = max(i for i, line in enumerate(base) if line.strip() == end)
        base, tail = base[:cut], base[cut:]
    out = list(base)
    block = _BLOCKS[platform]
    index = 0
    while len(out) + len(tail) < lines:
        out.extend(block(rng, index))
        index += 1
    return "\n".join(out + tail) + "\n"
