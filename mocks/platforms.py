"""Platform profiles: how each simulated vendor CLI looks and answers, kept as data (one entry each)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Literal

__all__ = [
    "PROFILES",
    "Canned",
    "ConfigMode",
    "Effect",
    "Enable",
    "ErrorStyle",
    "Pager",
    "Pipe",
    "PipeKind",
    "Platform",
    "Terminal",
    "get_profile",
]


class Effect(Enum):
    """What a terminal/session command changes in the session."""

    NONE = "none"
    LENGTH = "length"  # the <n> argument is the page length; 0 disables paging
    PAGING_OFF = "paging_off"
    PAGING_ON = "paging_on"


class PipeKind(Enum):
    """Output filters a device applies after `|`."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    BEGIN = "begin"
    SECTION = "section"
    COUNT = "count"
    NO_MORE = "no_more"
    DISPLAY_SET = "display_set"
    MATCH = "match"  # SR OS `match <pattern> [ignore-case] [invert-match]`


@dataclass(frozen=True, slots=True)
class ErrorStyle:
    """A refusal as the device prints it; `message` may use {token}, {index} and {line}."""

    message: str
    caret: bool = True


@dataclass(frozen=True, slots=True)
class Terminal:
    """A session command (paging, width, completion) and its exact reply; `<n>` matches a number."""

    command: str
    reply: str = ""
    reply_zero: str | None = None  # reply when <n> is 0, if it differs
    effect: Effect = Effect.NONE


@dataclass(frozen=True, slots=True)
class Canned:
    """A command with a fixed answer (user-level and, if different, privileged-level)."""

    command: str
    output: str
    privileged_output: str | None = None


@dataclass(frozen=True, slots=True)
class Pager:
    """The vendor's pager prompt, the bytes that erase it, and the default page length."""

    prompt: str
    erase: str
    lines: int = 24
    from_terminal: bool = False  # page length follows the SSH pty height (Junos, EOS, SR OS)


@dataclass(frozen=True, slots=True)
class Enable:
    """Privilege elevation: command, password prompt and refusals."""

    command: str = "enable"
    password_prompt: str = "Password: "
    denied: str = "% Access denied"
    no_secret: str | None = "% No password set"  # None: elevate without a password when none is set
    disable: str = "disable"


@dataclass(frozen=True, slots=True)
class ConfigMode:
    """Configuration mode: how to enter and leave it and its prompt (lines inside are accepted silently)."""

    enter: tuple[str, ...]
    prompt: str
    leave: tuple[str, ...]
    enter_reply: str = ""
    leave_reply: str = ""
    do_prefix: str | None = None  # e.g. "do": run an exec command from configuration mode


@dataclass(frozen=True, slots=True)
class Pipe:
    """One `| keyword` filter: its kind, whether it takes an argument, and the count output format."""

    keyword: str
    kind: PipeKind
    argument: Literal["required", "optional", "none"] = "required"
    ignore_case: bool = False
    template: str = "{n}"


@dataclass(frozen=True, slots=True)
class Platform:
    """Everything the simulator needs to behave like one vendor CLI for netmiko's driver."""

    key: str
    netmiko_type: str
    ssh_version: str
    exec_prompt: str  # operational / privileged prompt; {host} and {user} are substituted, \n splits lines
    user_prompt: str | None
    enable: Enable | None
    config_mode: ConfigMode | None
    terminal: tuple[Terminal, ...]
    config_commands: tuple[str, ...]
    version_commands: tuple[str, ...]
    exit_commands: tuple[str, ...]
    pipes: tuple[Pipe, ...]
    chain_pipes: bool
    pager: Pager
    unknown: ErrorStyle
    incomplete: ErrorStyle
    bad_pipe: ErrorStyle
    config_files: MappingProxyType[str, str]
    privilege: ErrorStyle | None = None
    canned: tuple[Canned, ...] = ()
    abbreviations: bool = True
    blank_line_after_output: bool = False
    login_notice: str = ""
    password_change_question: str | None = None


def _files(**names: str) -> MappingProxyType[str, str]:
    return MappingProxyType(dict(names))


_STANDARD_FILES = _files(insecure="insecure.cfg", hardened="hardened.cfg")

_CISCO_BANNER = (
    "\n"
    "**************************************************************************\n"
    "*  Authorised access only. All activity is logged and monitored.        *\n"
    "**************************************************************************\n"
)
_IOS_PAGER = Pager(" --More-- ", "\b" * 10 + " " * 10 + "\b" * 10)
_CISCO_INVALID = ErrorStyle("% Invalid input detected at '^' marker.")
_CISCO_PIPES = (
    Pipe("include", PipeKind.INCLUDE),
    Pipe("exclude", PipeKind.EXCLUDE),
    Pipe("begin", PipeKind.BEGIN),
    Pipe("section", PipeKind.SECTION),
    Pipe("count", PipeKind.COUNT, "optional", template="Number of lines which match regexp = {n}"),
)
_CISCO_CONFIG = ConfigMode(("configure terminal",), "{host}(config)#", ("end", "exit"), do_prefix="do")

CISCO_IOS = Platform(
    key="cisco_ios",
    netmiko_type="cisco_ios",
    ssh_version="SSH-2.0-Cisco-1.25",
    exec_prompt="{host}#",
    user_prompt="{host}>",
    enable=Enable(),
    config_mode=_CISCO_CONFIG,
    terminal=(
        Terminal("terminal width <n>"),
        Terminal("terminal length <n>", effect=Effect.LENGTH),
    ),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit", "logout"),
    pipes=_CISCO_PIPES,
    chain_pipes=False,
    pager=_IOS_PAGER,
    unknown=_CISCO_INVALID,
    incomplete=ErrorStyle("% Incomplete command.", caret=False),
    bad_pipe=_CISCO_INVALID,
    config_files=_STANDARD_FILES,
    login_notice=_CISCO_BANNER,
)

CISCO_NXOS = Platform(
    key="cisco_nxos",
    netmiko_type="cisco_nxos",
    ssh_version="SSH-2.0-OpenSSH_8.3",
    exec_prompt="{host}# ",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(("configure terminal",), "{host}(config)# ", ("end", "exit")),
    terminal=(
        Terminal("terminal width <n>"),
        Terminal("terminal length <n>", effect=Effect.LENGTH),
    ),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit",),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
        Pipe("section", PipeKind.SECTION),
        Pipe("count", PipeKind.COUNT, "none"),
        Pipe("no-more", PipeKind.NO_MORE, "none"),
    ),
    chain_pipes=True,
    pager=Pager("\x1b[7m--More--\x1b[m", "\r" + " " * 8 + "\r"),
    unknown=ErrorStyle("% Invalid command at '^' marker."),
    incomplete=ErrorStyle("% Incomplete command at '^' marker."),
    bad_pipe=ErrorStyle("% Invalid command at '^' marker."),
    config_files=_STANDARD_FILES,
    login_notice=(
        "Cisco Nexus Operating System (NX-OS) Software\n"
        "TAC support: http://www.cisco.com/tac\n"
        "Copyright (C) 2002-2023, Cisco and/or its affiliates.\n"
        "All rights reserved.\n"
        "The copyrights to certain works contained in this software are\n"
        "owned by other third parties and used and distributed under their own\n"
        'licenses, such as open source.  This software is provided "as is," and unless\n'
        "otherwise stated, there is no warranty, express or implied, including but not\n"
        "limited to warranties of merchantability and fitness for a particular purpose.\n"
    ),
)

CISCO_XR = Platform(
    key="cisco_xr",
    netmiko_type="cisco_xr",
    ssh_version="SSH-2.0-Cisco-2.0",
    exec_prompt="RP/0/RSP0/CPU0:{host}#",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("configure terminal", "configure"), "RP/0/RSP0/CPU0:{host}(config)#", ("end", "exit"), do_prefix="do"
    ),
    terminal=(
        Terminal("terminal width <n>"),
        Terminal("terminal length <n>", effect=Effect.LENGTH),
        Terminal("terminal exec prompt no-timestamp"),
    ),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit", "logout"),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
    ),
    chain_pipes=False,
    pager=_IOS_PAGER,
    unknown=_CISCO_INVALID,
    incomplete=ErrorStyle("% Incomplete command.", caret=False),
    bad_pipe=_CISCO_INVALID,
    config_files=_STANDARD_FILES,
)

_ASA_INVALID = ErrorStyle("ERROR: % Invalid input detected at '^' marker.")
CISCO_ASA = Platform(
    key="cisco_asa",
    netmiko_type="cisco_asa",
    ssh_version="SSH-2.0-Cisco-1.25",
    exec_prompt="{host}# ",
    user_prompt="{host}> ",
    enable=Enable(denied="Invalid password", no_secret=None),
    config_mode=ConfigMode(("configure terminal",), "{host}(config)# ", ("end", "exit")),
    terminal=(Terminal("terminal pager <n>", effect=Effect.LENGTH),),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit", "logout", "quit"),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
        Pipe("grep", PipeKind.INCLUDE),
    ),
    chain_pipes=False,
    pager=Pager("<--- More --->", "\r" + " " * 14 + "\r"),
    unknown=_ASA_INVALID,
    incomplete=ErrorStyle("ERROR: % Incomplete command", caret=False),
    bad_pipe=_ASA_INVALID,
    config_files=_STANDARD_FILES,
    canned=(
        Canned(
            "show curpriv",
            "Username : {user}\nCurrent privilege level : 1\nCurrent Mode/s : P_UNPR",
            "Username : enable_15\nCurrent privilege level : 15\nCurrent Mode/s : P_PRIV",
        ),
    ),
    login_notice="Type help or '?' for a list of available commands.\n",
)

ARISTA_EOS = Platform(
    key="arista_eos",
    netmiko_type="arista_eos",
    ssh_version="SSH-2.0-OpenSSH_7.8",
    exec_prompt="{host}#",
    user_prompt="{host}>",
    enable=Enable(denied="% Bad secret", no_secret=None),
    config_mode=ConfigMode(("configure terminal", "configure"), "{host}(config)#", ("end", "exit")),
    terminal=(
        Terminal("terminal width <n>", reply="Width set to {n} columns."),
        Terminal(
            "terminal length <n>",
            reply="Pagination set to {n} lines.",
            reply_zero="Pagination disabled.",
            effect=Effect.LENGTH,
        ),
    ),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit", "logout"),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
        Pipe("section", PipeKind.SECTION),
        Pipe("no-more", PipeKind.NO_MORE, "none"),
    ),
    chain_pipes=True,
    pager=Pager(" --More-- ", "\r" + " " * 10 + "\r", from_terminal=True),
    unknown=ErrorStyle("% Invalid input (at token {index}: '{token}')", caret=False),
    incomplete=ErrorStyle("% Incomplete command", caret=False),
    bad_pipe=ErrorStyle("% Invalid input (at token {index}: '{token}')", caret=False),
    privilege=ErrorStyle("% Invalid input (privileged mode required)", caret=False),
    config_files=_STANDARD_FILES,
    login_notice="Last login: Mon Nov 25 09:12:44 2024 from 10.10.20.5\n",
)

JUNIPER_JUNOS = Platform(
    key="juniper_junos",
    netmiko_type="juniper_junos",
    ssh_version="SSH-2.0-OpenSSH_7.5",
    exec_prompt="{user}@{host}> ",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("configure", "configure private", "configure exclusive", "edit"),
        "[edit]\n{user}@{host}# ",
        ("exit", "quit", "exit configuration-mode"),
        enter_reply="Entering configuration mode",
        leave_reply="Exiting configuration mode",
    ),
    terminal=(
        Terminal("set cli screen-width <n>", reply="Screen width set to {n}"),
        Terminal("set cli complete-on-space off", reply="Disabling complete-on-space"),
        Terminal("set cli complete-on-space on", reply="Enabling complete-on-space"),
        Terminal("set cli screen-length <n>", reply="Screen length set to {n}", effect=Effect.LENGTH),
    ),
    config_commands=("show configuration",),
    version_commands=("show version",),
    exit_commands=("exit", "quit"),
    pipes=(
        Pipe("match", PipeKind.INCLUDE, ignore_case=True),
        Pipe("except", PipeKind.EXCLUDE, ignore_case=True),
        Pipe("find", PipeKind.BEGIN, ignore_case=True),
        Pipe("count", PipeKind.COUNT, "none", template="Count: {n} lines"),
        Pipe("no-more", PipeKind.NO_MORE, "none"),
        Pipe("display set", PipeKind.DISPLAY_SET, "none"),
    ),
    chain_pipes=True,
    pager=Pager("---(more)---", "\r" + " " * 12 + "\r", from_terminal=True),
    unknown=ErrorStyle("unknown command."),
    incomplete=ErrorStyle("syntax error, expecting <command>."),
    bad_pipe=ErrorStyle("syntax error, expecting <command>."),
    config_files=_STANDARD_FILES,
    blank_line_after_output=True,
    login_notice=(
        "Last login: Mon Nov 25 09:12:44 2024 from 10.10.20.5\n"
        "\n"
        "--- JUNOS 21.4R3-S5.4 Kernel 64-bit  JNPR-12.1-20231013.108e0b4_buil\n"
    ),
)

_VRP_NOTICE = (
    "\n"
    "Info: The max number of VTY users is 10, and the number\n"
    "      of current VTY users on line is 1.\n"
    "      The current login time is 2024-11-25 09:12:44+00:00.\n"
)
HUAWEI_VRP = Platform(
    key="huawei_vrp",
    netmiko_type="huawei_vrp",
    ssh_version="SSH-2.0-HUAWEI-1.5",
    exec_prompt="<{host}>",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("system-view",),
        "[{host}]",
        ("return", "quit"),
        enter_reply="Enter system view, return user view with Ctrl+Z.",
    ),
    terminal=(
        Terminal(
            "screen-length <n> temporary",
            reply="Info: The configuration takes effect on the current user terminal interface only.",
            effect=Effect.LENGTH,
        ),
    ),
    config_commands=("display current-configuration",),
    version_commands=("display version",),
    exit_commands=("quit",),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
    ),
    chain_pipes=False,
    pager=Pager("  ---- More ----", "\x1b[42D" + " " * 42 + "\x1b[42D"),
    unknown=ErrorStyle("Error: Unrecognized command found at '^' position."),
    incomplete=ErrorStyle("Error: Incomplete command found at '^' position."),
    bad_pipe=ErrorStyle("Error: Unrecognized command found at '^' position."),
    config_files=_STANDARD_FILES,
    login_notice=_VRP_NOTICE,
    password_change_question=(
        "Warning: The initial password poses security risks.\nThe password needs to be changed. Change now? [Y/N]:"
    ),
)

HP_COMWARE = Platform(
    key="hp_comware",
    netmiko_type="hp_comware",
    ssh_version="SSH-2.0-Comware-7.1.064",
    exec_prompt="<{host}>",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("system-view",),
        "[{host}]",
        ("return", "quit"),
        enter_reply="System View: return to User View with Ctrl+Z.",
    ),
    terminal=(
        Terminal("screen-length disable", effect=Effect.PAGING_OFF),
        Terminal("undo screen-length disable", effect=Effect.PAGING_ON),
    ),
    config_commands=("display current-configuration",),
    version_commands=("display version",),
    exit_commands=("quit",),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
    ),
    chain_pipes=False,
    pager=Pager("---- More ----", "\x1b[16D" + " " * 16 + "\x1b[16D"),
    unknown=ErrorStyle(" % Unrecognized command found at '^' position."),
    incomplete=ErrorStyle(" % Incomplete command found at '^' position."),
    bad_pipe=ErrorStyle(" % Unrecognized command found at '^' position."),
    config_files=_STANDARD_FILES,
    login_notice=(
        "\n"
        "******************************************************************************\n"
        "* Copyright (c) 2010-2023 Hewlett Packard Enterprise Development LP          *\n"
        "* Without the owner's prior written consent,                                 *\n"
        "* no decompiling or reverse-engineering shall be allowed.                    *\n"
        "******************************************************************************\n"
    ),
)

_ZTE_INVALID = ErrorStyle("%Error 140303: Invalid input detected at '^' marker.")
ZTE_ZXROS = Platform(
    key="zte_zxros",
    netmiko_type="zte_zxros",
    ssh_version="SSH-2.0-ZTE_SSH.2.0",
    exec_prompt="{host}#",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(("configure terminal",), "{host}(config)#", ("end", "exit")),
    terminal=(Terminal("terminal length <n>", effect=Effect.LENGTH),),
    config_commands=("show running-config",),
    version_commands=("show version",),
    exit_commands=("exit",),
    pipes=(
        Pipe("include", PipeKind.INCLUDE),
        Pipe("exclude", PipeKind.EXCLUDE),
        Pipe("begin", PipeKind.BEGIN),
    ),
    chain_pipes=False,
    pager=Pager(" --More--", "\b" * 9 + " " * 9 + "\b" * 9),
    unknown=_ZTE_INVALID,
    incomplete=_ZTE_INVALID,
    bad_pipe=_ZTE_INVALID,
    config_files=_STANDARD_FILES,
)

_SROS_NOTICE = (
    "\n"
    " SR OS Software\n"
    " Copyright (c) Nokia 2023.  All Rights Reserved.\n"
    "\n"
    " Trademarks\n"
    "\n"
    " Nokia and the Nokia logo are registered trademarks of Nokia.\n"
)
_SROS_PIPES = (
    Pipe("match", PipeKind.MATCH),
    Pipe("count", PipeKind.COUNT, "none", template="Count: {n} lines"),
    Pipe("no-more", PipeKind.NO_MORE, "none"),
)
NOKIA_SROS = Platform(
    key="nokia_sros",
    netmiko_type="nokia_sros",
    ssh_version="SSH-2.0-OpenSSH_8.9",
    exec_prompt="[/]\nA:{user}@{host}# ",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("edit-config exclusive", "edit-config private", "edit-config global"),
        "(ex)[/]\nA:{user}@{host}# ",
        ("quit-config",),
        enter_reply="INFO: CLI #2060: Entering exclusive configuration mode",
        leave_reply="INFO: CLI #2064: Exiting exclusive configuration mode",
    ),
    terminal=(
        Terminal("environment more false", effect=Effect.PAGING_OFF),
        Terminal("environment more true", effect=Effect.PAGING_ON),
        Terminal("environment command-completion space false"),
        Terminal("environment console width <n>"),
        Terminal("//environment no more"),
    ),
    config_commands=("admin show configuration",),
    version_commands=("show version",),
    exit_commands=("logout",),
    pipes=_SROS_PIPES,
    chain_pipes=True,
    pager=Pager(
        "Press Q to quit, Enter to print next line or any other key to print next page.",
        "\r" + " " * 79 + "\r",
        from_terminal=True,
    ),
    unknown=ErrorStyle("MINOR: MGMT_CORE #2201: Unknown element"),
    incomplete=ErrorStyle("MINOR: MGMT_CORE #2201: Unknown element"),
    bad_pipe=ErrorStyle("MINOR: MGMT_CORE #2201: Unknown element"),
    config_files=_STANDARD_FILES,
    canned=(Canned("exit all", ""),),
    login_notice=_SROS_NOTICE,
)

NOKIA_SROS_CLASSIC = Platform(
    key="nokia_sros_classic",
    netmiko_type="nokia_sros",
    ssh_version="SSH-2.0-OpenSSH_8.9",
    exec_prompt="A:{host}# ",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(("configure",), "A:{host}>config# ", ("exit all",)),
    terminal=(
        Terminal("environment no more", effect=Effect.PAGING_OFF),
        Terminal("environment more", effect=Effect.PAGING_ON),
        Terminal("//environment more false"),
    ),
    config_commands=("admin display-config",),
    version_commands=("show version",),
    exit_commands=("logout",),
    pipes=_SROS_PIPES,
    chain_pipes=True,
    pager=Pager("Press any key to continue (Q to quit)", "\r" + " " * 37 + "\r", from_terminal=True),
    unknown=ErrorStyle("Error: Bad command."),
    incomplete=ErrorStyle("Error: Missing parameter"),
    bad_pipe=ErrorStyle("Error: Bad command."),
    config_files=_files(insecure="classic-insecure.cfg"),
    canned=(Canned("exit all", ""),),
    login_notice=_SROS_NOTICE,
)

# The profiles of the built-in platforms. A platform added in its own folder brings its profile in its
# descriptor (``simulator``: a Platform profile, or a tuple of them for CLI variants).
_BUILTIN_PROFILES: tuple[Platform, ...] = (
    CISCO_IOS,
    CISCO_NXOS,
    CISCO_XR,
    CISCO_ASA,
    JUNIPER_JUNOS,
    ARISTA_EOS,
    HUAWEI_VRP,
    ZTE_ZXROS,
    HP_COMWARE,
    NOKIA_SROS,
    NOKIA_SROS_CLASSIC,
)


def _descriptor_profiles() -> Iterator[Platform]:
    from devaudit.platforms import all_platforms

    for descriptor in all_platforms():
        if descriptor.simulator is None:
            continue
        found = descriptor.simulator.get()
        for profile in found if isinstance(found, tuple) else (found,):
            if not isinstance(profile, Platform):
                raise TypeError(f"the simulator of platform {descriptor.name!r} is not a mocks.platforms.Platform")
            yield profile


class _Profiles(Mapping[str, Platform]):
    """Every profile by key: the built-ins, then those the platform descriptors bring (read on first use)."""

    def __init__(self) -> None:
        self._cache: dict[str, Platform] | None = None

    def _table(self) -> dict[str, Platform]:
        if self._cache is None:
            table = {p.key: p for p in _BUILTIN_PROFILES}
            for profile in _descriptor_profiles():
                table.setdefault(profile.key, profile)
            self._cache = table
        return self._cache

    def __getitem__(self, key: str) -> Platform:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


PROFILES: Mapping[str, Platform] = _Profiles()
"""All profiles by key; the key equals the netmiko device_type except for variants (SR OS classic CLI)."""


def get_profile(key: str) -> Platform:
    """Return the profile for a key, with a helpful error for unknown keys."""
    try:
        return PROFILES[key]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise KeyError(f"unknown platform profile {key!r}; known profiles: {known}") from None
