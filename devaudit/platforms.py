"""One entry per platform: names, netmiko device type, session and collection commands."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PLATFORMS", "PLATFORM_NAMES", "Platform"]


@dataclass(frozen=True)
class Platform:
    """What devaudit knows about one platform, as data."""

    name: str
    label: str
    netmiko: str
    running_config: str
    version_command: str
    paging: tuple[str, ...] = ()
    enable: str | None = None
    negation: str = "no"
    comment: str = "!"


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform(
            "cisco_ios",
            "Cisco IOS / IOS-XE",
            "cisco_ios",
            "show running-config",
            "show version",
            ("terminal width 511", "terminal length 0"),
            enable="enable",
        ),
        Platform(
            "cisco_nxos",
            "Cisco NX-OS",
            "cisco_nxos",
            "show running-config",
            "show version",
            ("terminal length 0", "terminal width 511"),
        ),
        Platform(
            "cisco_xr",
            "Cisco IOS XR",
            "cisco_xr",
            "show running-config",
            "show version",
            ("terminal length 0", "terminal width 511"),
        ),
        Platform(
            "cisco_asa",
            "Cisco ASA",
            "cisco_asa",
            "show running-config",
            "show version",
            ("terminal pager 0",),
            enable="enable",
        ),
        Platform(
            "juniper_junos",
            "Juniper Junos",
            "juniper_junos",
            "show configuration",
            "show version",
            ("set cli screen-width 511", "set cli complete-on-space off", "set cli screen-length 0"),
            negation="delete",
            comment="#",
        ),
        Platform(
            "arista_eos",
            "Arista EOS",
            "arista_eos",
            "show running-config",
            "show version",
            ("terminal length 0", "terminal width 511"),
            enable="enable",
        ),
        Platform(
            "huawei_vrp",
            "Huawei VRP",
            "huawei_vrp",
            "display current-configuration",
            "display version",
            ("screen-length 0 temporary",),
            negation="undo",
            comment="#",
        ),
        Platform(
            "zte_zxros",
            "ZTE ZXROS / ZXR10",
            "zte_zxros",
            "show running-config",
            "show version",
            ("terminal length 0",),
        ),
        Platform(
            "hp_comware",
            "HPE / H3C Comware",
            "hp_comware",
            "display current-configuration",
            "display version",
            ("screen-length disable",),
            negation="undo",
            comment="#",
        ),
        Platform(
            "nokia_sros",
            "Nokia SR OS",
            "nokia_sros",
            "admin show configuration",
            "show version",
            ("environment more false",),
            comment="#",
        ),
    )
}

PLATFORM_NAMES: tuple[str, ...] = tuple(PLATFORMS)
