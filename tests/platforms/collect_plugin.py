"""Collect from a simulated Ruijie switch whose profile comes from the plug-in's descriptor.

Run in a fresh interpreter with tests/fixtures/plugins and the source tree on the path; prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from devaudit.collect import CollectOptions, collect_inventory
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.inventory import Host, Inventory
from mocks.device import DeviceSpec
from mocks.fleet import DEFAULT_PLATFORMS, Fleet
from mocks.platforms import PROFILES


def main(config_file: str, work: str) -> None:
    tmp = Path(work)
    config = Path(config_file).read_text(encoding="utf-8")
    version = "Ruijie Full Layer 2 Switch (S2910-24GT4XS-E) By Ruijie Networks\nSystem software version : RGOS 11.4\n"
    spec = DeviceSpec(
        name="access-sw-3",
        platform="ruijie_os",
        password="Sim-Passw0rd-4711",
        enable_secret="Sim-Enable-0815",
        config=config,
        version=version,
    )
    os.environ["SIM_PW"] = "Sim-Passw0rd-4711"
    os.environ["SIM_ENABLE"] = "Sim-Enable-0815"
    with Fleet([spec]) as fleet:
        (endpoint,) = tuple(fleet)
        key = fleet.host_key
        known = tmp / "known_hosts"
        known.write_text(f"[{endpoint.host}]:{endpoint.port} {key.get_name()} {key.get_base64()}\n", encoding="utf-8")
        host = Host(
            name=endpoint.name,
            hostname=endpoint.host,
            port=endpoint.port,
            platform="ruijie_os",
            username=endpoint.username,
            password="env:SIM_PW",
            secret="env:SIM_ENABLE",
            timeouts={"connect": 5, "command": 10},
        )  # type: ignore[arg-type]
        inventory = Inventory(source="plugin", hosts=(host,))
        (result,) = collect_inventory([host], inventory, KnownHosts((known,), tmp / "own"), CollectOptions(retries=0))
    print(
        json.dumps(
            {
                "in_profiles": "ruijie_os" in PROFILES,
                "in_fleet_defaults": "ruijie_os" in DEFAULT_PLATFORMS,
                "error": result.error,
                "same": (result.config or "").rstrip("\n") == config.rstrip("\n"),
                "commands": (result.metadata or {}).get("commands", []),
                "version": (result.outputs or {}).get("show version", ""),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
