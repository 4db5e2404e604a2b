"""Vendor release strings: parsing, trains and order, on releases the vendors have published."""

from __future__ import annotations

import pytest

from devaudit.advisories.releases import family_of, parse_release

# Each list is in the vendor's published order (oldest first) and stays on one train.
ORDERED = [
    ("cisco_ios", ["15.2(4)M3", "15.2(4)M10", "15.2(4)M11"]),
    ("cisco_ios", ["15.2(2)E6", "15.2(2a)E1", "15.2(4)E5", "15.2(4)E6", "15.2(7)E8"]),
    ("cisco_ios", ["12.2(55)SE10", "12.2(55)SE11", "12.2(55)SE12"]),
    ("cisco_ios", ["16.12.9", "16.12.10", "16.12.10a"]),
    ("cisco_ios", ["17.3.1", "17.3.4", "17.3.4a", "17.3.7", "17.3.8a"]),
    ("cisco_nxos", ["7.0(3)I7(6)", "7.0(3)I7(8)", "7.0(3)I7(10)"]),
    ("cisco_nxos", ["9.3(8)", "9.3(9)", "9.3(10)", "9.3(13)"]),
    ("cisco_nxos", ["10.3(3)", "10.3(4)", "10.3(4a)", "10.3(5)"]),
    ("cisco_xr", ["7.1.1", "7.1.2", "7.1.3", "7.1.15"]),
    ("cisco_asa", ["9.8(2)", "9.8(2)20", "9.8(4)15", "9.8(4)20", "9.8(4)40"]),
    ("cisco_asa", ["9.16(3)19", "9.16(4)19", "9.16(4)48", "9.16(4)57"]),
    ("juniper_junos", ["21.4R1", "21.4R3", "21.4R3-S1", "21.4R3-S2", "21.4R3-S5", "21.4R3-S10"]),
    ("juniper_junos", ["15.1X49-D100", "15.1X49-D110", "15.1X49-D210"]),
    ("arista_eos", ["4.28.3M", "4.28.3.1M", "4.28.10M", "4.28.11M"]),
    ("arista_eos", ["4.30.0F", "4.30.5M", "4.30.6M"]),
    ("huawei_vrp", ["V800R021C10", "V800R021C10SPC100", "V800R021C10SPC600", "V800R021C10SPC600SPH3"]),
    ("hp_comware", ["7.1.070 Release 2612", "7.1.070 Release 6635", "7.1.070 Release 6635P07"]),
    ("zte_zxros", ["V5.10.00.10", "V5.10.00.50"]),
    ("nokia_sros", ["22.10.R1", "22.10.R2", "22.10.R12"]),
]


@pytest.mark.parametrize(("platform", "releases"), ORDERED, ids=[f"{p}-{r[0]}" for p, r in ORDERED])
def test_vendor_order(platform: str, releases: list[str]) -> None:
    parsed = [parse_release(platform, r) for r in releases]
    assert all(p is not None for p in parsed), releases
    keys = [p.key for p in parsed if p is not None]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert len({p.train for p in parsed if p is not None}) == 1


@pytest.mark.parametrize(
    ("platform", "text", "family", "normalised", "train"),
    [
        ("cisco_ios", "15.2(4)M3", "cisco:ios", "15.2(4)M3", "15.2M"),
        ("cisco_ios", "17.09.04a", "cisco:ios_xe", "17.9.4a", "17.9"),
        ("cisco_ios", "3.16.8S", "cisco:ios_xe", "3.16.8S", "3.16S"),
        ("cisco_nxos", "9.3(8)", "cisco:nx-os", "9.3(8)", "9.3"),
        ("cisco_nxos", "7.0(3)I7(9)", "cisco:nx-os", "7.0(3)I7(9)", "7.0(3)I7"),
        ("cisco_xr", "7.3.1", "cisco:ios_xr", "7.3.1", "7.3"),
        ("cisco_asa", "9.8(4)15", "cisco:asa", "9.8(4)15", "9.8"),
        ("juniper_junos", "21.4R3-S2.3", "juniper:junos", "21.4R3-S2", "21.4"),
        ("juniper_junos", "22.2R1-S1-EVO", "juniper:junos", "22.2R1-S1-EVO", "22.2-EVO"),
        ("arista_eos", "4.25.4M", "arista:eos", "4.25.4M", "4.25"),
        ("huawei_vrp", "V800R021C10SPC600", "huawei:vrp", "V800R021C10SPC600", "V800R021C10"),
        ("hp_comware", "7.1.070, Release 2612", "h3c:comware", "7.1.070 Release 2612", "7.1"),
        ("zte_zxros", "V5.10.00.50", "zte:zxros", "V5.10.00.50", "V5.10"),
        ("nokia_sros", "22.10.R1", "nokia:sros", "22.10.R1", "22.10"),
        ("nokia_sros", "TiMOS-C-20.10.R12", "nokia:sros", "20.10.R12", "20.10"),
    ],
)
def test_parse(platform: str, text: str, family: str, normalised: str, train: str) -> None:
    release = parse_release(platform, text)
    assert release is not None
    assert (release.family, release.text, release.train) == (family, normalised, train)
    assert release.exact


def test_rebuilds_and_respins_order_as_the_vendor_says() -> None:
    # ASA's older interim form 9.4(4.16) is the same build as 9.4(4)16.
    old, new = parse_release("cisco_asa", "9.4(4.16)"), parse_release("cisco_asa", "9.4(4)16")
    assert old is not None and new is not None and old.key == new.key
    # A Junos respin (.3) is the same service release for advisories.
    a, b = parse_release("juniper_junos", "21.4R3-S5.4"), parse_release("juniper_junos", "21.4R3-S5")
    assert a is not None and b is not None and a.key == b.key


@pytest.mark.parametrize(
    ("platform", "text"),
    [("cisco_ios", "17.9"), ("cisco_ios", "15.2"), ("hp_comware", "7.1.070")],
)
def test_a_train_alone_is_not_an_exact_release(platform: str, text: str) -> None:
    release = parse_release(platform, text)
    assert release is None or not release.exact


def test_unknown_forms_are_none() -> None:
    assert parse_release("cisco_asa", "banana") is None
    assert parse_release("juniper_junos", "") is None
    assert family_of("nokia_srl", "24.3.1") is None
