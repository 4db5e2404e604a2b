"""Parse throughput per syntax on large synthetic configs (a measuring script, not a test).

Run: ``.venv/bin/python tests/parsers/bench_parsers.py [--lines 20000] [--repeat 5]``.
Reports the best of ``--repeat`` runs, in config lines per second, for parse only (ingest excluded) and
for ingest + parse.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable

from devaudit.ingest import read_dump
from devaudit.parsers import parse


def ios(n: int) -> str:
    out = [
        "Building configuration...",
        "",
        "Current configuration : 123456 bytes",
        "!",
        "version 15.2",
        "hostname BENCH",
        "!",
        "banner motd ^C",
        "Authorised access only",
        "^C",
        "!",
    ]
    i = 0
    while len(out) < n:
        out += [
            f"interface GigabitEthernet0/{i}",
            f" description link {i}",
            f" ip address 10.{i // 250 % 250}.{i % 250}.1 255.255.255.0",
            " no ip redirects",
            " no ip proxy-arp",
            " ip ospf message-digest-key 1 md5 7 0822455D0A16",
            " service-policy input QOS-IN",
            "!",
        ]
        i += 1
    out += ["line vty 0 4", " transport input ssh", "line vty 5 15", " transport input ssh", "end"]
    return "\n".join(out[:n]) + "\n"


def junos_brace(n: int) -> str:
    out = ["## Last commit: 2024-01-01 10:00:00 UTC by admin", "version 21.4R3.15;", "interfaces {"]
    i = 0
    while len(out) < n - 1:
        out += [
            f"    ge-0/0/{i} {{",
            f'        description "link {i}";',
            "        unit 0 {",
            "            family inet {",
            f"                address 10.{i // 250 % 250}.{i % 250}.1/30;",
            "            }",
            "        }",
            "    }",
        ]
        i += 1
    out.append("}")
    return "\n".join(out) + "\n"


def junos_set(n: int) -> str:
    out = ["set version 21.4R3.15"]
    i = 0
    while len(out) < n:
        out += [
            f'set interfaces ge-0/0/{i} description "link {i}"',
            f"set interfaces ge-0/0/{i} unit 0 family inet address 10.{i // 250 % 250}.{i % 250}.1/30",
            f"set interfaces ge-0/0/{i} unit 0 family inet filter input PROTECT",
            f"set interfaces ge-0/0/{i} mtu 9192",
        ]
        i += 1
    return "\n".join(out[:n]) + "\n"


def vrp(n: int) -> str:
    out = ["!Software Version V800R011C00SPC607B607", "#", "sysname BENCH", "#"]
    i = 0
    while len(out) < n - 1:
        out += [
            f"interface GigabitEthernet0/1/{i}",
            f" description link {i}",
            " undo shutdown",
            f" ip address 10.{i // 250 % 250}.{i % 250}.1 255.255.255.0",
            " undo dcn",
            "#",
        ]
        i += 1
    out.append("return")
    return "\n".join(out) + "\n"


def sros_classic(n: int) -> str:
    out = [
        "# TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.",
        "exit all",
        "configure",
        "    router Base",
    ]
    i = 0
    while len(out) < n - 3:
        out += [
            f'        interface "if-{i}"',
            f"            address 10.{i // 250 % 250}.{i % 250}.1/30",
            f"            port 1/1/{i % 36 + 1}",
            "            no shutdown",
            "        exit",
        ]
        i += 1
    out += ["    exit", "exit all"]
    return "\n".join(out) + "\n"


CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "cisco_ios": ("cisco_ios", ios),
    "junos brace": ("juniper_junos", junos_brace),
    "junos set": ("juniper_junos", junos_set),
    "huawei_vrp": ("huawei_vrp", vrp),
    "sros classic": ("nokia_sros", sros_classic),
}


def main() -> None:
    """Print lines/s per syntax."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'syntax':14} {'lines':>7} {'parse lines/s':>14} {'ingest+parse lines/s':>21}")
    for name, (platform, make) in CASES.items():
        data = make(args.lines).encode()
        dump = read_dump(data, name)
        count = len(dump.lines)
        best_parse = best_total = float("inf")
        for _ in range(args.repeat):
            # Results are freed outside the timed region: freeing a 20,000-node tree is not parsing.
            gc.collect()
            start = time.perf_counter()
            tree = parse(dump.lines, platform)
            best_parse = min(best_parse, time.perf_counter() - start)
            del tree
            gc.collect()
            start = time.perf_counter()
            fresh = read_dump(data, name)
            tree = parse(fresh.lines, platform)
            best_total = min(best_total, time.perf_counter() - start)
            del tree, fresh
        print(f"{name:14} {count:7d} {count / best_parse:14,.0f} {count / best_total:21,.0f}")


if __name__ == "__main__":
    main()
