"""Site values in remediation: variables filled in, placeholders when unset, clear errors when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine.loader import load_baseline
from devaudit.engine.remediate import fill_site_values, placeholder_meaning, with_test_values
from devaudit.errors import BaselineError

VARIABLES = {"ntp_server": "", "mgmt_network": "", "backup_url": "scp://cfg@192.0.2.70/r/"}


def test_unset_values_become_placeholders_and_set_ones_their_value() -> None:
    lines = [
        "ntp server ${ntp_server}",
        " permit ${mgmt_network.address} ${mgmt_network.wildcard}",
        " path ${backup_url}$h-",
    ]
    assert fill_site_values(lines, VARIABLES) == [
        "ntp server <ntp-server>",
        " permit <mgmt-network-address> <mgmt-network-wildcard>",
        " path scp://cfg@192.0.2.70/r/$h-",
    ]
    set_network = {**VARIABLES, "mgmt_network": "198.51.100.0/23"}
    assert fill_site_values(["${mgmt_network.address} ${mgmt_network.wildcard} ${mgmt_network}"], set_network) == [
        "198.51.100.0 0.0.1.255 198.51.100.0/23"
    ]


def test_proofs_give_placeholders_documentation_values() -> None:
    assert with_test_values(["ntp server <ntp-server>", " permit <mgmt-network-address> <mgmt-network-wildcard>"]) == [
        "ntp server 192.0.2.1",
        " permit 192.0.2.0 0.0.0.255",
    ]
    assert with_test_values(["username <user> secret <password>"]) == ["username <user> secret <password>"]


def test_placeholder_meanings_are_words() -> None:
    assert placeholder_meaning("<syslog-server-2>") == (
        "address of your second syslog server (or set the variable syslog_server_2)"
    )
    assert placeholder_meaning("<local-user>") == "each local user to change"


def test_a_network_that_is_not_one_names_the_variable() -> None:
    with pytest.raises(BaselineError) as caught:
        load_baseline(variables={"mgmt_network": "mgmt-lan"})
    assert "variable mgmt_network must be a network prefix such as 192.0.2.0/24, not 'mgmt-lan'" in str(caught.value)


def test_unknown_variable_in_a_site_remediation_names_file_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "extends: builtin\noverrides:\n  IOS-NTP-001:\n    remediation:\n      - ntp server ${ntp_srv}\n",
        encoding="utf-8",
    )
    with pytest.raises(BaselineError) as caught:
        load_baseline([site])
    message = str(caught.value)
    assert str(site) in message and "remediation: unknown variable ${ntp_srv}" in message
