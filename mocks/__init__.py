"""SSH device simulators for ten network platforms, serving realistic configs on 127.0.0.1 for tests.

Start a fleet from an inventory (`python -m mocks serve --inventory inventories/demo.yaml`) or in code::

    with Fleet.generate(count=20) as fleet:
        params = fleet.netmiko_params("sim0001")
"""

from mocks.device import DeviceSpec, Fault, bundled_config, bundled_version, config_path
from mocks.fleet import DEFAULT_PLATFORMS, Endpoint, Fleet
from mocks.platforms import PROFILES, Platform, get_profile

__all__ = [
    "DEFAULT_PLATFORMS",
    "PROFILES",
    "DeviceSpec",
    "Endpoint",
    "Fault",
    "Fleet",
    "Platform",
    "bundled_config",
    "bundled_version",
    "config_path",
    "get_profile",
]
