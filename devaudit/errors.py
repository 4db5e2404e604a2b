"""One exception tree for devaudit; boundaries translate foreign errors into these."""

from __future__ import annotations

__all__ = [
    "AuthenticationFailed",
    "BaselineError",
    "CollectionError",
    "ConfigError",
    "DevauditError",
    "HostKeyError",
    "IncompleteConfig",
    "InputError",
    "InventoryError",
    "OptionError",
    "OutputError",
    "ParseError",
    "TransientCollectionError",
    "WaiverError",
]


class DevauditError(Exception):
    """Base of every error devaudit raises on purpose."""


class InputError(DevauditError):
    """A config file or stream cannot be read or is not a device configuration."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ParseError(InputError):
    """A configuration exceeds a structural limit (nesting depth, expansion size) at a given line."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}", reason)
        self.line = line


class OutputError(DevauditError):
    """Reports, archives or run directories cannot be written (disk full, permission denied)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(DevauditError):
    """A user-supplied YAML file (baseline, inventory, waivers) is invalid.

    Carries the file and the 1-based line so the message points at the problem.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class BaselineError(ConfigError):
    """A baseline or rule pack is invalid."""


class InventoryError(ConfigError):
    """An inventory file is invalid."""


class WaiverError(ConfigError):
    """A waiver file is invalid."""


class OptionError(DevauditError):
    """A command-line option names something that does not exist, or gives a value of the wrong kind."""


class CollectionError(DevauditError):
    """Collecting a configuration from a device failed."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"{device}: {reason}")
        self.device = device
        self.reason = reason


class TransientCollectionError(CollectionError):
    """A failure worth retrying: a timeout, a refused or dropped connection."""


class AuthenticationFailed(CollectionError):
    """The device rejected the credentials (never retried: it could lock the account)."""


class HostKeyError(CollectionError):
    """The device's SSH host key is unknown or has changed."""


class IncompleteConfig(CollectionError):
    """The configuration came back truncated or with pager debris; it is not audited."""
