"""Device facts from configs (and their headers) and from 'show version' / 'display version' output."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from devaudit.facts import facts_from_config, facts_from_show_version, merge_facts
from devaudit.ingest import read_dump
from devaudit.models import DeviceFacts
from devaudit.parsers import parse
from tests.conftest import corpus_file


def _corpus_text(name: str) -> str:
    return corpus_file(name).read_text(encoding="utf-8")


# --- show version -------------------------------------------------------------------------------


def test_vrp_display_version_from_the_corpus() -> None:
    """Quidway S7706: the product release, not the VRP kernel version 5.170."""
    facts = facts_from_show_version("huawei_vrp", _corpus_text("huawei_vrp/ntc-display-version-5.txt"))
    assert facts == DeviceFacts(
        hostname="",
        os_version="V200R010C00SPC600",
        model="S7706 Terabit Routing Switch",
        facts_source="show version",
    )


def test_zte_show_version_from_the_corpus() -> None:
    facts = facts_from_show_version("zte_zxros", _corpus_text("zte_zxros/ntc-show-version.txt"))
    assert facts == DeviceFacts(
        hostname="", os_version="V5.10.00.50", model="ZXCTN 6120H-S", facts_source="show version"
    )


COMWARE7 = """\
HPE Comware Software, Version 7.1.070, Release 3208P08
Copyright (c) 2010-2019 Hewlett Packard Enterprise Development LP
HPE 5940 48XGT 6QSFP28 Switch uptime is 0 weeks, 0 days, 2 hours, 33 minutes
Last reboot reason : Cold reboot

Boot image: flash:/5940-CMW710-BOOT-R3208P08.bin
Boot image version: 7.1.070, Release 3208P08
  Compiled May 08 2019 10:00:00
System image: flash:/5940-CMW710-SYSTEM-R3208P08.bin
System image version: 7.1.070, Release 3208P08
  Compiled May 08 2019 10:00:00

Slot 1:
Uptime is 0 weeks,0 days,2 hours,33 minutes
5940 48XGT 6QSFP28 with 2 Processors
BOARD TYPE:         5940 48XGT 6QSFP28
DRAM:               4096M bytes
Release Version:    HPE 5940 48XGT 6QSFP28-3208P08
"""

COMWARE5 = """\
H3C Comware Platform Software
Comware Software, Version 5.20.105, Release 1808P21
Copyright (c) 2004-2017 Hangzhou H3C Tech. Co., Ltd. All rights reserved.
H3C S5120-28P-SI uptime is 0 week, 0 day, 1 hour, 5 minutes

H3C S5120-28P-SI
128M    bytes DRAM
32M     bytes Flash Memory
Config Register points to Flash

Hardware Version is REV.C
CPLD Version is 002
Bootrom Version is 149
[SubSlot 0] 24GE+4SFP Hardware Version is REV.C
"""


@pytest.mark.parametrize(
    ("text", "version", "model"),
    [
        (COMWARE7, "7.1.070", "5940 48XGT 6QSFP28 Switch"),
        (COMWARE5, "5.20.105", "S5120-28P-SI"),
        (
            "H3C Comware Platform Software, Comware Software Version 5.20.105, Release 1808P21\n"
            "H3C S5120-52P-LI uptime is 12 weeks, 1 day, 3 hours, 7 minutes\n",
            "5.20.105",
            "S5120-52P-LI",
        ),
        (
            "HP Comware Software, Version 7.1.045, Release 2418P06\nCopyright (c) 2010-2016 Hewlett Packard\n"
            "HP 5900AF-48XG-4QSFP+ Switch uptime is 3 weeks, 2 days, 6 hours, 1 minute\n",
            "7.1.045",
            "5900AF-48XG-4QSFP+ Switch",
        ),
    ],
)
def test_comware_display_version(text: str, version: str, model: str) -> None:
    assert facts_from_show_version("hp_comware", text) == DeviceFacts(
        hostname="", os_version=version, model=model, facts_source="show version"
    )


@pytest.mark.parametrize(
    ("text", "version", "model"),
    [
        (
            "TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.\n"
            "All rights reserved. All use subject to applicable license agreements.\n"
            "Built on Thu Feb 25 15:50:28 PST 2021 by builder in /builds/c/212B/R1/panos/main/sros\n",
            "21.2.R1",
            "7750 SR",
        ),
        (
            "TiMOS-C-20.10.R3 cpm/hops64 Nokia 7750 SR Copyright (c) 2000-2020 Nokia.\n"
            "All rights reserved. All use subject to applicable license agreements.\n"
            "Built on Thu Oct 29 17:10:49 PDT 2020 by builder in /builds/c/2010B/R3/panos/main/sros\n",
            "20.10.R3",
            "7750 SR",
        ),
        (
            "TiMOS-B-22.10.R1 both/x86_64 Nokia 7250 IXR Copyright (c) 2000-2022 Nokia.\n",
            "22.10.R1",
            "7250 IXR",
        ),
        (
            "TiMOS-C-13.0.R4 cpm/hops64 ALCATEL SR 7750 Copyright (c) 2000-2015 Alcatel-Lucent.\n",
            "13.0.R4",
            "SR 7750",
        ),
    ],
)
def test_sros_show_version(text: str, version: str, model: str) -> None:
    assert facts_from_show_version("nokia_sros", text) == DeviceFacts(
        hostname="", os_version=version, model=model, facts_source="show version"
    )


def test_unparseable_show_version_gives_no_facts() -> None:
    assert (
        facts_from_show_version("hp_comware", "% Unrecognized command found at '^' position.\n")
        == DeviceFacts()
    )
    assert facts_from_show_version("zte_zxros", "garbage\n") == DeviceFacts()


def test_own_templates_are_package_data() -> None:
    templates = resources.files("devaudit").joinpath("templates")
    names = sorted(entry.name for entry in templates.iterdir() if entry.name.endswith(".textfsm"))
    assert names == ["hp_comware_display_version.textfsm", "nokia_sros_show_version.textfsm"]
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    assert '"templates/*.textfsm"' in pyproject.read_text(encoding="utf-8")


# --- facts from the config ----------------------------------------------------------------------

CONFIG_FACTS = [
    ("cisco_ios/bf-example-as2dept1.cfg", "as2dept1", "15.2", ""),
    ("cisco_ios/ccp-sample01.cfg", "Foo", "12.4", ""),
    ("cisco_ios/faddr-7206-rancid.cfg", "cisco-ios-15-7206", "15.2", "7206VXR"),
    ("cisco_ios/ox-asr920-16.8.cfg", "hostname", "16.8", "ASR-920-24TZ-M"),  # sanitized: 'hostname hostname'
    ("cisco_ios/ox-c9200l-17.9.cfg", "LAB-SW123_9200L", "17.9", "C9200L-24P-4G"),
    ("cisco_nxos/napalm-nxos-ssh-running.cfg", "nxos1", "7.3(1)D1(1)", ""),
    ("cisco_nxos/ox-n5548-7.3.cfg", "TEST-12345", "7.3(13)N1(1)", ""),
    ("cisco_nxos/scrapli-nxos.cfg", "", "9.2(4)", ""),
    ("cisco_xr/ccp-sample05.cfg", "NCS57B1", "7.10.1", ""),
    ("cisco_xr/ccp-sample07.cfg", "ASR9001", "6.7.2", ""),
    ("cisco_xr/faddr-xrv6-rancid.cfg", "cisco-iosxr-6-xrv", "6.0.1", ""),
    ("cisco_asa/nu-asa-full.cfg", "jcy-fw-01", "9.7(1)24", ""),
    ("cisco_asa/ox-asa5512-9.12.cfg", "LAB-ASA12-Oxidized-IPv6", "9.12(4)67", ""),
    ("cisco_asa/pyntc-asa-9.0.cfg", "example1", "9.0(1)", ""),
    ("juniper_junos/bf-srx2-set.set", "junos-srx-2", "15.1X49-D15.4", ""),
    ("juniper_junos/napalm-vsrx12-initial.conf", "vsrx", "12.1X47-D20.7", ""),
    ("juniper_junos/scrapli-vmx17.conf", "", "17.3R2.10", ""),
    ("arista_eos/avd-dc1-leaf1a.cfg", "dc1-leaf1a", "", ""),
    ("arista_eos/ox-7050sx3-4.29.cfg", "eos-test-01", "4.29.2F", "DCS-7050SX3-48YC8"),
    ("arista_eos/scrapli-veos-4.22.cfg", "", "4.22.1F", "vEOS"),
    ("nokia_sros/bf-sros-r1-mdcli.cfg", "r1", "26.3.R1", ""),
    ("nokia_sros/nu-sros-r1-baseconfig.cfg", "sros-r1", "21.2.R1", ""),
    ("huawei_vrp/faddr-ne40e-v800-rancid.cfg", "huawei-vrp-v800-ne40", "V800R011C00SPC607B607", "NE40E"),
    ("huawei_vrp/sf-security-config-SYNTHETIC.cfg", "FW-EDGE-01", "", ""),
    ("hp_comware/nu-comware7-full.cfg", "NTC123456", "7.1.045", ""),
    ("hp_comware/nu-comware7-basic.cfg", "HP-JKT-01", "", ""),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "hostname", "version", "model"), CONFIG_FACTS)
def test_facts_from_corpus_config(name: str, hostname: str, version: str, model: str) -> None:
    path = corpus_file(name)
    dump = read_dump(path.read_bytes(), name)
    facts = facts_from_config(parse(dump.lines, name.split("/", maxsplit=1)[0]), dump.lines)
    assert (facts.hostname, facts.os_version, facts.model) == (hostname, version, model)
    assert facts.facts_source == ("config" if hostname or version else "")


def test_show_version_fills_what_the_config_lacks() -> None:
    config = DeviceFacts(hostname="SW1", os_version="", model="", facts_source="config")
    shown = facts_from_show_version("hp_comware", COMWARE7)
    assert merge_facts(shown, config) == DeviceFacts(
        hostname="SW1",
        os_version="7.1.070",
        model="5940 48XGT 6QSFP28 Switch",
        facts_source="show version, config",
    )
