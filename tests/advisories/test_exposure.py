"""Exposure: a device on an affected release with the feature on is EXPOSED, with it off MITIGATED, and on the
fixed release PASS; an unknown release is NOT_APPLICABLE. Real advisories, real configuration text."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.models import DeviceResult, Finding, Status
from devaudit.runner import AuditOptions, audit_bytes

MOCKS = Path(__file__).resolve().parents[2] / "mocks" / "configs"


@pytest.fixture(scope="module")
def baseline() -> Baseline:
    return load_baseline()


def _audit(baseline: Baseline, store: Path, config: str, version: str, platform: str) -> DeviceResult:
    command = "display version" if platform in ("huawei_vrp", "hp_comware") else "show version"
    return audit_bytes(
        config.encode(),
        f"{platform}.cfg",
        baseline,
        AuditOptions(platform=platform, advisory_store=str(store)),
        outputs={command: version} if version else {},
    )


def _advisory(result: DeviceResult, advisory_id: str) -> Finding:
    return next(f for f in result.findings if f.rule_id == advisory_id)


def _exposure(result: DeviceResult) -> dict[str, Status]:
    return {f.rule_id: f.status for f in result.findings if f.category == "vulnerability"}


def _mock_version(platform: str, release: str, *, replace: tuple[str, ...]) -> str:
    """The simulator's show version with its release replaced (a real device's full output, for ntc-templates)."""
    text = (MOCKS / platform / "version.txt").read_text().replace("{hostname}", "sim")
    for old in replace:
        text = text.replace(old, release)
    return text


IOS_XE_VERSION = _mock_version("cisco_ios", "{v}", replace=("17.09.04a", "17.9.4a"))
WEBUI = "cisco-sa-iosxe-webui-privesc-j22SaA4z"


@pytest.mark.parametrize(
    ("release", "http", "status", "reason"),
    [
        (
            "17.3.4a",
            "ip http server\nip http secure-server\n",
            Status.FAIL,
            "EXPOSED: Cisco IOS XE 17.3.4a is affected and the configuration turns on the HTTP or HTTPS server"
            " (web UI)",
        ),
        (
            "17.3.4a",
            "no ip http server\nno ip http secure-server\n",
            Status.PASS,
            "MITIGATED: Cisco IOS XE 17.3.4a is affected, but the HTTP or HTTPS server (web UI) is off in the"
            " configuration",
        ),
        ("17.3.8a", "ip http server\n", Status.PASS, "Cisco IOS XE 17.3.8a is listed as fixed"),
        (
            "17.3.7",
            "ip http secure-server\n",
            Status.FAIL,
            "EXPOSED: Cisco IOS XE 17.3.7 is affected and the configuration turns on the HTTP or HTTPS server (web UI)",
        ),
    ],
)
def test_cisco_ios_xe_web_ui(
    baseline: Baseline, store: Path, release: str, http: str, status: Status, reason: str
) -> None:
    config = f"hostname r1\n!\n{http}!\nline vty 0 4\n transport input ssh\n!\nend\n"
    finding = _advisory(_audit(baseline, store, config, IOS_XE_VERSION.format(v=release), "cisco_ios"), WEBUI)
    assert (finding.status, finding.reason) == (status, reason)
    assert finding.references[:3] == (
        "CVE-2023-20198",
        "CVE-2023-20273",
        "CVSS 10.0 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H)",
    )
    assert finding.severity == "critical"
    if status is Status.FAIL:
        assert finding.expected == "a release that fixes it: 17.3.8a or later on the 17.3 train"
        assert [e.text for e in finding.evidence] == [http.splitlines()[0]]
        assert finding.remediation == ("no ip http server", "no ip http secure-server")


def test_the_evidence_line_numbers_are_the_devices(baseline: Baseline, store: Path) -> None:
    config = "hostname r1\n!\nip http server\n!\nend\n"
    finding = _advisory(_audit(baseline, store, config, IOS_XE_VERSION.format(v="17.9.3"), "cisco_ios"), WEBUI)
    assert [(e.line, e.text) for e in finding.evidence] == [(3, "ip http server")]


def test_release_unknown_is_not_applicable(baseline: Baseline, store: Path) -> None:
    config = "version 17.3\nhostname r1\nip http server\nend\n"
    result = _audit(baseline, store, config, "", "cisco_ios")
    assert _exposure(result) == {"ADVISORY-RELEASE": Status.NOT_APPLICABLE}
    assert _advisory(result, "ADVISORY-RELEASE").reason == (
        "the release '17.3' is not an exact cisco_ios release (a train, or a form devaudit does not know): "
        "audit the config with its 'show version' beside it to check vendor advisories"
    )


def test_a_train_never_affected_gives_no_verdict(baseline: Baseline, store: Path) -> None:
    result = _audit(
        baseline, store, "hostname r1\nip http server\nend\n", IOS_XE_VERSION.format(v="17.12.2"), "cisco_ios"
    )
    assert _exposure(result) == {}


ASA_VERSION = "Cisco Adaptive Security Appliance Software Version {v}\nDevice Manager Version 7.18(1)152\n"


def test_cisco_asa(baseline: Baseline, store: Path) -> None:
    web = "hostname fw\nhttp server enable\nhttp 10.0.0.0 255.0.0.0 inside\nwebvpn\n enable outside\n"
    exposed = _audit(baseline, store, web, ASA_VERSION.format(v="9.16(4)19"), "cisco_asa")
    assert _exposure(exposed) == {
        "cisco-sa-asaftd-persist-rce-FLsNXF4h": Status.FAIL,
        "cisco-sa-asaftd-websrvs-dos-X8gNucD2": Status.FAIL,
    }
    assert _advisory(exposed, "cisco-sa-asaftd-persist-rce-FLsNXF4h").reason.startswith("AFFECTED: ")
    quiet = _audit(
        baseline, store, "hostname fw\nssh 10.0.0.0 255.0.0.0 inside\n", ASA_VERSION.format(v="9.16(4)19"), "cisco_asa"
    )
    assert _exposure(quiet)["cisco-sa-asaftd-websrvs-dos-X8gNucD2"] is Status.PASS
    fixed = _audit(baseline, store, web, ASA_VERSION.format(v="9.16(4)57"), "cisco_asa")
    assert set(_exposure(fixed).values()) == {Status.PASS}
    old = _audit(baseline, store, web, ASA_VERSION.format(v="9.8(4)15"), "cisco_asa")
    assert _exposure(old)["cisco-sa-asaftd-ro-path-KJuQhB86"] is Status.FAIL
    assert (
        _advisory(old, "cisco-sa-asaftd-ro-path-KJuQhB86").expected
        == "a release that fixes it: 9.8(4)20 or later on the 9.8 train"
    )


IOS_VERSION = "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version {v}, RELEASE SOFTWARE (fc1)\n"


def test_cisco_ios_smart_install_uses_the_release_default(baseline: Baseline, store: Path) -> None:
    switch = (
        "hostname sw1\ninterface GigabitEthernet1/0/1\n switchport mode access\n!\n"
        "line vty 0 4\n transport input ssh\nend\n"
    )
    on = _audit(baseline, store, switch, IOS_VERSION.format(v="15.2(2)E6"), "cisco_ios")
    assert _exposure(on)["cisco-sa-20180328-smi2"] is Status.FAIL
    off = _audit(
        baseline,
        store,
        switch.replace("hostname sw1\n", "hostname sw1\nno vstack\n"),
        IOS_VERSION.format(v="15.2(2)E6"),
        "cisco_ios",
    )
    assert _exposure(off)["cisco-sa-20180328-smi2"] is Status.PASS
    fixed = _audit(baseline, store, switch, IOS_VERSION.format(v="15.2(4)E6"), "cisco_ios")
    assert _exposure(fixed)["cisco-sa-20180328-smi2"] is Status.PASS
    telnet = _audit(
        baseline,
        store,
        switch.replace("transport input ssh", "transport input telnet ssh"),
        IOS_VERSION.format(v="15.0(2)SE10"),
        "cisco_ios",
    )
    assert _exposure(telnet)["cisco-sa-20170317-cmp"] is Status.FAIL


JUNOS_VERSION = "Hostname: r1\nModel: srx345\nJunos: {v}\n"
JWEB = (
    "set system host-name r1\nset system services ssh\nset system services web-management https interface ge-0/0/1.0\n"
)


@pytest.mark.parametrize(
    ("release", "config", "expected"),
    [
        (
            "21.4R3-S4",
            JWEB,
            {"JSA72300": Status.FAIL, "JSA75729": Status.FAIL, "JSA76390": Status.FAIL, "JSA72510": Status.PASS},
        ),
        (
            "21.4R3-S5.4",
            JWEB,
            {"JSA72300": Status.PASS, "JSA75729": Status.PASS, "JSA76390": Status.FAIL, "JSA72510": Status.PASS},
        ),
        (
            "21.4R3-S6",
            JWEB,
            {"JSA72300": Status.PASS, "JSA75729": Status.PASS, "JSA76390": Status.PASS, "JSA72510": Status.PASS},
        ),
        (
            "21.4R3-S4",
            "set system host-name r1\nset system services ssh\n",
            {"JSA72300": Status.PASS, "JSA75729": Status.PASS, "JSA76390": Status.PASS, "JSA72510": Status.PASS},
        ),
    ],
)
def test_juniper_jweb_range_edges(
    baseline: Baseline, store: Path, release: str, config: str, expected: dict[str, Status]
) -> None:
    result = _audit(baseline, store, config, JUNOS_VERSION.format(v=release), "juniper_junos")
    got = _exposure(result)
    assert {k: got[k] for k in expected} == expected


def test_juniper_bgp_condition(baseline: Baseline, store: Path) -> None:
    bgp = (
        "set system host-name r1\nset system services ssh\n"
        "set protocols bgp group EXT neighbor 192.0.2.1 peer-as 65001\n"
    )
    result = _audit(baseline, store, bgp, JUNOS_VERSION.format(v="22.2R3-S2"), "juniper_junos")
    finding = _advisory(result, "JSA72510")
    assert finding.status is Status.FAIL
    assert finding.expected == "a release that fixes it: 22.2R3-S3 or later on the 22.2 train"


EOS_VERSION = _mock_version("arista_eos", "{v}", replace=("4.30.5M",))
GNMI = "hostname leaf1\nmanagement api gnmi\n   transport grpc default\n!\n"


def test_arista_nvd_ranges_and_conditions(baseline: Baseline, store: Path) -> None:
    exposed = _audit(baseline, store, GNMI, EOS_VERSION.format(v="4.29.7M"), "arista_eos")
    assert _exposure(exposed)["CVE-2024-27890"] is Status.FAIL
    assert (
        _advisory(exposed, "CVE-2024-27890").expected == "a release that fixes it: 4.29.8M or later on the 4.29 train"
    )
    assert _exposure(exposed)["CVE-2025-1260"] is Status.FAIL
    fixed = _audit(baseline, store, GNMI, EOS_VERSION.format(v="4.29.8M"), "arista_eos")
    assert _exposure(fixed)["CVE-2024-27890"] is Status.PASS
    off = _audit(baseline, store, "hostname leaf1\n!\n", EOS_VERSION.format(v="4.29.7M"), "arista_eos")
    assert _exposure(off)["CVE-2024-27890"] is Status.PASS
    assert _advisory(off, "CVE-2024-27890").reason.startswith("MITIGATED: Arista EOS 4.29.7M is affected")


NXOS_VERSION = _mock_version("cisco_nxos", "{v}", replace=("9.3(10)",))


def test_cisco_nxos_default_on_feature(baseline: Baseline, store: Path) -> None:
    on = _audit(baseline, store, "hostname n1\nfeature ssh\n", NXOS_VERSION.format(v="9.2(3)"), "cisco_nxos")
    assert _exposure(on)["cisco-sa-20200205-nxos-cdp-rce"] is Status.FAIL
    off = _audit(baseline, store, "hostname n1\nno cdp enable\n", NXOS_VERSION.format(v="9.2(3)"), "cisco_nxos")
    assert _exposure(off)["cisco-sa-20200205-nxos-cdp-rce"] is Status.PASS


def test_simulator_devices(baseline: Baseline, store: Path) -> None:
    """The demo's devices: their releases come from their show version."""
    got = {}
    for platform in ("cisco_ios", "cisco_asa", "cisco_nxos", "juniper_junos", "arista_eos"):
        folder = MOCKS / platform
        version = (folder / "version.txt").read_text().replace("{hostname}", "sim")
        result = _audit(baseline, store, (folder / "insecure.cfg").read_text(), version, platform)
        got[platform] = {k: v for k, v in _exposure(result).items() if v is Status.FAIL}
    assert got == {
        "cisco_ios": {},
        "cisco_asa": {
            "cisco-sa-asaftd-persist-rce-FLsNXF4h": Status.FAIL,
            "cisco-sa-asaftd-websrvs-dos-X8gNucD2": Status.FAIL,
        },
        "cisco_nxos": {"cisco-sa-nxos-cli-cmdinject-euQVK9u": Status.FAIL},
        "juniper_junos": {"JSA76390": Status.FAIL},
        "arista_eos": {},
    }


def test_no_store_no_exposure_results(baseline: Baseline, tmp_path: Path) -> None:
    result = _audit(
        baseline,
        tmp_path / "none.sqlite",
        "hostname r1\nip http server\nend\n",
        IOS_XE_VERSION.format(v="17.3.4a"),
        "cisco_ios",
    )
    assert _exposure(result) == {}


def test_a_corrupt_store_is_an_error_result_not_a_crash(baseline: Baseline, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = _audit(
        baseline, bad, "hostname r1\nip http server\nend\n", IOS_XE_VERSION.format(v="17.3.4a"), "cisco_ios"
    )
    assert _exposure(result) == {"ADVISORY-RELEASE": Status.ERROR}
    assert any(f.rule_id == "IOS-MGMT-005" or f.category != "vulnerability" for f in result.findings)


VRP_VERSION = (
    "Huawei Versatile Routing Platform Software\n"
    "VRP (R) software, Version 5.170 (S5700 {v})\n"
    "Copyright (C) 2000-2016 HUAWEI TECH CO., LTD\n"
    "HUAWEI S5700-28C-HI Routing Switch uptime is 0 week, 0 day, 1 hour, 5 minutes\n"
)


def test_huawei_version_statements_cover_every_patch(baseline: Baseline, store: Path) -> None:
    config = "sysname sw1\n#\nstelnet server enable\n#\nreturn\n"
    affected = _audit(baseline, store, config, VRP_VERSION.format(v="V200R007C00SPC500"), "huawei_vrp")
    finding = _advisory(affected, "CVE-2016-8785")
    assert finding.status is Status.FAIL
    assert finding.reason.startswith("AFFECTED: Huawei VRP V200R007C00SPC500 is listed as affected")
    other = _audit(baseline, store, config, VRP_VERSION.format(v="V200R010C00SPC600"), "huawei_vrp")
    assert "CVE-2016-8785" not in _exposure(other)
