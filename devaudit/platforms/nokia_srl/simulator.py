"""The SSH simulator's profile for SR Linux: the two-line prompt and session commands netmiko's driver uses.

netmiko's ``NokiaSrlSSH`` reads up to the first ``#``, sends ``environment complete-on-space false`` and
``environment cli-engine type basic`` (each echoed, then the prompt), takes the last prompt line
(``A:leaf1#``) as the base prompt and strips the ``--{ running }--[  ]--`` line above it from every
output. The running configuration is ``info from running /`` (the brace form, indented by four spaces).
Imported by ``mocks/`` only: the simulator is a test fixture and not part of the installed package.
"""

from __future__ import annotations

from types import MappingProxyType

from mocks.platforms import (
    ConfigMode,
    Effect,
    ErrorStyle,
    Pager,
    Pipe,
    PipeKind,
    Platform,
    Terminal,
)

__all__ = ["PROFILE"]

_UNKNOWN = ErrorStyle(
    "Parsing error: Unknown token '{token}'. Options are ['bash', 'info', 'show', 'tools']", caret=False
)

PROFILE = Platform(
    key="nokia_srl",
    netmiko_type="nokia_srl",
    ssh_version="SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
    exec_prompt="--{ running }--[  ]--\nA:{host}# ",
    user_prompt=None,
    enable=None,
    config_mode=ConfigMode(
        ("enter candidate private", "enter candidate"),
        "--{ candidate private private-admin }--[  ]--\nA:{host}# ",
        ("enter running",),
    ),
    terminal=(
        Terminal("environment complete-on-space false"),
        Terminal("environment cli-engine type basic", effect=Effect.PAGING_OFF),
        Terminal("environment cli-engine type advanced", effect=Effect.PAGING_ON),
    ),
    config_commands=("info from running /",),
    version_commands=("show version",),
    exit_commands=("quit", "exit"),
    pipes=(
        Pipe("grep", PipeKind.INCLUDE),
        Pipe("no-more", PipeKind.NO_MORE, "none"),
    ),
    chain_pipes=True,
    # The advanced CLI engine pages long output in a terminal of fewer rows; netmiko switches to the
    # basic engine first and asks for a 1000-row terminal, so it never sees the pager.
    pager=Pager("-- more --", "\r" + " " * 10 + "\r", from_terminal=True),
    unknown=_UNKNOWN,
    incomplete=ErrorStyle("Parsing error: Incomplete command", caret=False),
    bad_pipe=_UNKNOWN,
    config_files=MappingProxyType({"insecure": "insecure.cfg", "hardened": "hardened.cfg"}),
    login_notice=(
        "Using configuration file(s): ['/home/admin/.srlinuxrc']\n"
        "Welcome to the srlinux CLI.\n"
        "Type 'help' (and press <ENTER>) if you need any help using this.\n"
    ),
)
