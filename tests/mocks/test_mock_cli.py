"""CLI behaviour of the simulators without sockets: echo, line ends, modes, paging, pipes and refusals."""

from __future__ import annotations

import pytest

from mocks import PROFILES, DeviceSpec
from mocks.cli import CliSession, Output
from mocks.junos import display_set

ALL_PROFILES = tuple(PROFILES)
SECRET = "sim-enable"

CONFIG = "\n".join(
    [
        "hostname R1",
        "!",
        "interface GigabitEthernet0/0/0",
        " description uplink",
        " ip address 10.0.0.1 255.255.255.252",
        "!",
        "snmp-server community public RO",
        "snmp-server community private RW",
        "line vty 0 4",
        " transport input ssh",
        "end",
    ]
)


def device(profile: str, **overrides: object) -> DeviceSpec:
    settings: dict[str, object] = {
        "config": CONFIG + "\n",
        "version": "Version 1.0\n",
        "prompt_hostname": "R1",
        "enable_secret": SECRET,
    }
    settings.update(overrides)
    variant = sorted(PROFILES[profile].config_files)[0]
    return DeviceSpec.bundled(profile, variant, **settings)


def text(outputs: list[Output]) -> str:
    return "".join(o.text for o in outputs)


def login(session: CliSession) -> str:
    return text(session.greeting())


def typed(session: CliSession, keys: str) -> str:
    return text(session.feed(keys))


def privileged(profile: str, **overrides: object) -> CliSession:
    session = CliSession(device(profile, **overrides))
    login(session)
    enable = PROFILES[profile].enable
    if enable is not None and PROFILES[profile].user_prompt is not None:
        typed(session, "enable\n")
        typed(session, SECRET + "\n")
    return session


def test_ios_greets_with_banner_then_user_prompt() -> None:
    greeting = login(CliSession(device("cisco_ios")))
    assert "Authorised access only" in greeting
    assert greeting.endswith("\r\nR1>")


@pytest.mark.parametrize(
    ("profile", "prompt"),
    [
        ("cisco_ios", "R1>"),
        ("cisco_nxos", "R1# "),
        ("cisco_xr", "RP/0/RSP0/CPU0:R1#"),
        ("cisco_asa", "R1> "),
        ("juniper_junos", "admin@R1> "),
        ("arista_eos", "R1>"),
        ("huawei_vrp", "<R1>"),
        ("zte_zxros", "R1#"),
        ("hp_comware", "<R1>"),
        ("nokia_sros", "[/]\r\nA:admin@R1# "),
        ("nokia_sros_classic", "A:R1# "),
    ],
)
def test_first_prompt_has_the_vendor_shape(profile: str, prompt: str) -> None:
    assert login(CliSession(device(profile))).endswith("\r\n" + prompt)


@pytest.mark.parametrize("line_end", ["\r", "\n", "\r\n"])
def test_every_line_end_runs_the_command_once(line_end: str) -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show version" + line_end)
    assert out == "show version\r\nVersion 1.0\r\nR1#"


def test_crlf_split_across_reads_is_one_enter() -> None:
    session = privileged("cisco_ios")
    first = typed(session, "show version\r")
    second = typed(session, "\n")
    assert first.endswith("Version 1.0\r\nR1#")
    assert second == ""


def test_echo_is_sent_before_the_reply_and_flagged() -> None:
    session = privileged("cisco_ios")
    outputs = session.feed("show ver\n")
    assert [o.reply for o in outputs] == [False, False, True]
    assert outputs[0].text == "show ver"
    assert outputs[1].text == "\r\n"


def test_empty_line_answers_the_prompt() -> None:
    session = privileged("huawei_vrp")
    assert typed(session, "\n") == "\r\n<R1>"
    assert typed(session, "   \r\n") == "   \r\n<R1>"


def test_backspace_edits_the_line() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show verx\x7fsion\n")
    assert "\b \b" in out
    assert out.endswith("Version 1.0\r\nR1#")


def test_lines_end_with_crlf_only() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "terminal length 0\nshow running-config\n")
    body = out.split("show running-config\r\n", 1)[1]
    assert "\n" not in body.replace("\r\n", "")
    assert body == CONFIG.replace("\n", "\r\n") + "\r\nR1#"


def test_ios_enable_asks_for_password_without_echo() -> None:
    session = CliSession(device("cisco_ios"))
    login(session)
    assert typed(session, "enable\n") == "enable\r\nPassword: "
    assert typed(session, SECRET + "\n") == "\r\nR1#"


def test_ios_wrong_enable_secret_is_denied() -> None:
    session = CliSession(device("cisco_ios"))
    login(session)
    typed(session, "enable\n")
    assert typed(session, "wrong\n") == "\r\n% Access denied\r\nR1>"


def test_ios_without_enable_secret_says_no_password_set() -> None:
    session = CliSession(device("cisco_ios", enable_secret=None))
    login(session)
    assert "% No password set" in typed(session, "enable\n")


def test_ios_running_config_at_privilege_1_is_refused_with_caret() -> None:
    session = CliSession(device("cisco_ios"))
    login(session)
    out = typed(session, "show running-config\n")
    assert out == (
        "show running-config\r\n" + " " * len("R1>show ") + "^\r\n% Invalid input detected at '^' marker.\r\nR1>"
    )


def test_eos_running_config_unprivileged_needs_privileged_mode() -> None:
    session = CliSession(device("arista_eos"))
    login(session)
    assert "% Invalid input (privileged mode required)" in typed(session, "show running-config\n")


def test_asa_show_curpriv_follows_privilege() -> None:
    session = CliSession(device("cisco_asa"))
    login(session)
    assert "Current privilege level : 1" in typed(session, "show curpriv\n")
    typed(session, "enable\n")
    typed(session, SECRET + "\n")
    assert "Current privilege level : 15" in typed(session, "show curpriv\n")


def test_asa_config_mode_accepts_terminal_width_and_end() -> None:
    session = privileged("cisco_asa")
    assert typed(session, "configure terminal\n").endswith("R1(config)# ")
    assert typed(session, "terminal width 511\n").endswith("R1(config)# ")
    assert typed(session, "end\n").endswith("\r\nR1# ")


@pytest.mark.parametrize(
    ("profile", "command", "reply"),
    [
        ("juniper_junos", "set cli screen-width 511", "Screen width set to 511"),
        ("juniper_junos", "set cli complete-on-space off", "Disabling complete-on-space"),
        ("juniper_junos", "set cli screen-length 0", "Screen length set to 0"),
        ("arista_eos", "terminal length 0", "Pagination disabled."),
        ("arista_eos", "terminal width 511", "Width set to 511 columns."),
        (
            "huawei_vrp",
            "screen-length 0 temporary",
            "Info: The configuration takes effect on the current user terminal interface only.",
        ),
    ],
)
def test_session_commands_get_the_exact_reply_netmiko_waits_for(profile: str, command: str, reply: str) -> None:
    session = privileged(profile)
    out = typed(session, command + "\n")
    assert out.startswith(f"{command}\r\n{reply}\r\n")


def test_junos_prints_a_blank_line_before_the_prompt() -> None:
    session = privileged("juniper_junos")
    assert typed(session, "show version\n") == "show version\r\nVersion 1.0\r\n\r\nadmin@R1> "


def test_abbreviated_commands_are_accepted() -> None:
    session = privileged("cisco_ios")
    assert "hostname R1" in typed(session, "sh run\n")
    vrp = privileged("huawei_vrp")
    assert "hostname R1" in typed(vrp, "dis cur\n")


@pytest.mark.parametrize("profile", ALL_PROFILES)
def test_unknown_command_gets_the_vendor_refusal(profile: str) -> None:
    session = privileged(profile)
    out = typed(session, "frobnicate now\n")
    message = PROFILES[profile].unknown.message.format(token="frobnicate", index=0, line="frobnicate now")
    assert message in out
    assert out.endswith(session._prompt())


def test_huawei_refusal_points_the_caret_at_the_bad_word() -> None:
    session = privileged("huawei_vrp")
    out = typed(session, "display foo\n")
    assert out == (
        "display foo\r\n"
        + " " * len("<R1>display ")
        + "^\r\nError: Unrecognized command found at '^' position.\r\n<R1>"
    )


def test_ios_include_and_exclude_filter_lines() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show running-config | include snmp-server community\n")
    assert out.split("\r\n")[1:-1] == ["snmp-server community public RO", "snmp-server community private RW"]
    out = typed(session, "show running-config | exclude ^ |!\n")
    assert " description uplink" not in out
    assert "hostname R1" in out


def test_ios_include_abbreviation_and_regex_alternation() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show run | i ^hostname|^end\n")
    assert out.split("\r\n")[1:-1] == ["hostname R1", "end"]


def test_ios_section_prints_parent_and_children() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show running-config | section interface\n")
    assert out.split("\r\n")[1:-1] == [
        "interface GigabitEthernet0/0/0",
        " description uplink",
        " ip address 10.0.0.1 255.255.255.252",
    ]


def test_ios_begin_and_count() -> None:
    session = privileged("cisco_ios")
    assert typed(session, "show run | begin line vty\n").split("\r\n")[1:-1] == [
        "line vty 0 4",
        " transport input ssh",
        "end",
    ]
    assert "Number of lines which match regexp = 2" in typed(session, "show run | count community\n")


def test_ios_unsupported_pipe_is_refused_not_ignored() -> None:
    session = privileged("cisco_ios")
    out = typed(session, "show running-config | json\n")
    assert "% Invalid input detected at '^' marker." in out
    assert "hostname R1" not in out
    caret_line = out.split("\r\n")[1]
    assert caret_line.index("^") == len("R1#show running-config | ")


def test_ios_pipe_without_argument_is_incomplete() -> None:
    session = privileged("cisco_ios")
    assert "% Incomplete command." in typed(session, "show running-config | include\n")


def test_eos_and_nxos_chain_pipes() -> None:
    for profile in ("arista_eos", "cisco_nxos"):
        session = privileged(profile)
        out = typed(session, "show running-config | include snmp | exclude private\n")
        assert out.split("\r\n")[1:-1] == ["snmp-server community public RO"]


def test_junos_uses_match_not_include() -> None:
    session = privileged("juniper_junos")
    assert "syntax error, expecting <command>." in typed(session, "show configuration | include snmp\n")
    out = typed(session, "show configuration | match SNMP\n")
    assert "snmp-server community public RO" in out  # Junos match ignores case


JUNOS_CONFIG = """## Last commit: 2024-11-21 09:02:11 UTC by admin
version 21.4R3-S5.4;
system {
    host-name R1;
    root-authentication {
        encrypted-password "$6$abc$def"; ## SECRET-DATA
    }
    /* annotation */
    services {
        ssh {
            root-login deny;
        }
        inactive: telnet;
    }
    name-server {
        10.0.0.53;
    }
    domain-search [ a.example b.example ];
}
interfaces {
    inactive: xe-0/0/1 {
        unit 0 {
            family inet {
                address 10.0.0.1/30;
            }
        }
    }
    lo0 {
        unit 0 {
            family inet;
        }
    }
}
protocols {
    ospf {
        area 0.0.0.0 {
            inactive: interface xe-0/0/1.0;
        }
    }
}
"""


def test_junos_display_set_flattens_braces() -> None:
    assert display_set(JUNOS_CONFIG) == [
        "set version 21.4R3-S5.4",
        "set system host-name R1",
        'set system root-authentication encrypted-password "$6$abc$def"',
        "set system services ssh root-login deny",
        "set system services telnet",
        "deactivate system services telnet",
        "set system name-server 10.0.0.53",
        "set system domain-search a.example",
        "set system domain-search b.example",
        "set interfaces xe-0/0/1 unit 0 family inet address 10.0.0.1/30",
        "deactivate interfaces xe-0/0/1",
        "set interfaces lo0 unit 0 family inet",
        "set protocols ospf area 0.0.0.0 interface xe-0/0/1.0",
        "deactivate protocols ospf area 0.0.0.0 interface xe-0/0/1.0",
    ]


def test_junos_display_set_pipe_on_the_device() -> None:
    session = privileged("juniper_junos", config=JUNOS_CONFIG)
    out = typed(session, "show configuration | display set | match host-name\n")
    assert out == "show configuration | display set | match host-name\r\nset system host-name R1\r\n\r\nadmin@R1> "


def test_sros_match_with_invert() -> None:
    session = privileged("nokia_sros")
    out = typed(session, 'admin show configuration | match "community" invert-match\n')
    body = out.split("\r\n", 1)[1]
    assert "community" not in body
    assert "hostname R1" in body


def test_pager_stops_output_until_a_key_is_pressed() -> None:
    config = "\n".join(f"line {n}" for n in range(60)) + "\n"
    session = privileged("cisco_ios", config=config)
    first = typed(session, "show running-config\n")
    assert first.endswith(" --More-- ")
    assert "line 22" in first
    assert "line 23" not in first
    assert typed(session, "\r").count("line ") == 1  # Enter shows one more line
    rest = typed(session, " ")
    assert "line 24" in rest
    assert rest.endswith(" --More-- ")
    assert typed(session, "q").endswith("R1#")


def test_paging_off_after_terminal_length_0() -> None:
    config = "\n".join(f"line {n}" for n in range(60)) + "\n"
    session = privileged("cisco_ios", config=config)
    typed(session, "terminal length 0\n")
    out = typed(session, "show running-config\n")
    assert "--More--" not in out
    assert out.endswith("line 59\r\nR1#")


def test_huawei_pager_string() -> None:
    config = "\n".join(f"#\nline {n}" for n in range(40)) + "\n"
    session = privileged("huawei_vrp", config=config)
    assert typed(session, "display current-configuration\n").endswith("  ---- More ----")


def test_huawei_password_change_question_answered_n() -> None:
    session = CliSession(device("huawei_vrp", password_change_prompt=True))
    assert login(session).endswith("The password needs to be changed. Change now? [Y/N]:")
    assert typed(session, "N\n") == "N\r\n<R1>"


def test_exit_closes_the_session() -> None:
    session = privileged("hp_comware")
    outputs = session.feed("quit\n")
    assert outputs[-1].close
    assert session.closed


def test_version_text_gets_the_prompt_hostname() -> None:
    session = privileged("cisco_ios", version="{hostname} uptime is 1 week\n")
    assert "R1 uptime is 1 week" in typed(session, "show version\n")
