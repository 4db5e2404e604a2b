"""Simulated device definitions (frozen models) and the bundled config/version texts per platform."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mocks.platforms import Platform, get_profile

__all__ = ["CONFIG_ROOT", "DeviceSpec", "Fault", "KeyType", "bundled_config", "bundled_version", "config_path"]

KeyType = Literal["ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa"]
"""Host-key types a simulator can present (the fleet's shared key is ECDSA P-256)."""

CONFIG_ROOT = Path(__file__).resolve().parent / "configs"
"""Directory holding `<platform>/{insecure,hardened}.cfg` and `<platform>/version.txt`."""


class Fault(StrEnum):
    """Failure modes a simulated device can be told to exhibit."""

    AUTH_FAIL = "auth_fail"  # rejects every password
    SLOW = "slow"  # delays each reply by `slow_seconds`
    DISCONNECT = "disconnect"  # closes the connection half-way through the running-config output
    TRUNCATED = "truncated"  # sends the first half of the running config, then the prompt
    CHANGED_HOSTKEY = "changed_hostkey"  # presents its own host key instead of the fleet's
    BLACKHOLE = "blackhole"  # accepts TCP connections and never says a word
    SWITCH_KEY_TYPE = "switch_key_type"  # a man in the middle: presents only a fresh key of another type
    FLOOD = "flood"  # answers the running-config command with endless output, as fast as it can
    DRIP = "drip"  # answers the running-config command with endless output, one line every `slow_seconds`


class DeviceSpec(BaseModel):
    """One simulated device: identity, credentials, texts it serves and its fault mode."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
    platform: str  # profile key; equals the netmiko device_type except variants such as nokia_sros_classic
    port: int = Field(default=0, ge=0, le=65535)  # 0: pick a free port when the device starts
    username: str = "admin"
    password: str
    enable_secret: str | None = None
    config: str  # running config, printed verbatim line by line
    version: str  # `show version` text; "{hostname}" is replaced by the prompt hostname
    prompt_hostname: str | None = None  # hostname shown in the prompt; defaults to `name`
    banner: str | None = None  # text before the first prompt; None: the platform's usual login notice
    fault: Fault | None = None
    slow_seconds: float = Field(default=1.0, ge=0.0)
    password_change_prompt: bool = False  # Huawei: ask "Change now? [Y/N]:" before the first prompt
    accept_publickey: bool = False  # accept any public key for `username`
    switch_to: KeyType = "ssh-ed25519"  # the key type presented with the `switch_key_type` fault
    extra_host_keys: tuple[KeyType, ...] = ()  # fresh keys of these types, offered beside the fleet's key

    @model_validator(mode="after")
    def _known_platform(self) -> DeviceSpec:
        try:
            get_profile(self.platform)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        return self

    @classmethod
    def bundled(
        cls,
        platform: str,
        variant: str = "insecure",
        *,
        name: str | None = None,
        password: str = "sim-password",
        enable_secret: str | None = "sim-enable",
        **overrides: Any,
    ) -> DeviceSpec:
        """A device serving one of the bundled configs and its platform's `show version`."""
        settings: dict[str, Any] = {
            "name": name or f"{platform.replace('_', '-')}-{variant}",
            "platform": platform,
            "password": password,
            "enable_secret": enable_secret,
            "config": bundled_config(platform, variant),
            "version": bundled_version(platform),
        }
        settings.update(overrides)
        return cls.model_validate(settings)

    @property
    def profile(self) -> Platform:
        """The platform profile this device follows."""
        return get_profile(self.platform)

    @property
    def device_type(self) -> str:
        """The netmiko device_type a client must use for this device."""
        return self.profile.netmiko_type

    @property
    def hostname(self) -> str:
        """The hostname shown in prompts."""
        return self.prompt_hostname or self.name


def config_path(platform: str, variant: str) -> Path:
    """Path of a bundled running config, e.g. `config_path("cisco_ios", "hardened")`."""
    profile = get_profile(platform)
    try:
        filename = profile.config_files[variant]
    except KeyError:
        known = ", ".join(sorted(profile.config_files))
        raise KeyError(f"{platform} has no {variant!r} config; variants: {known}") from None
    return CONFIG_ROOT / profile.netmiko_type / filename


def bundled_config(platform: str, variant: str) -> str:
    """Text of a bundled running config, exactly as the simulated device prints it."""
    return config_path(platform, variant).read_text(encoding="utf-8")


def bundled_version(platform: str) -> str:
    """Text of the bundled `show version` output for a platform."""
    profile = get_profile(platform)
    return (CONFIG_ROOT / profile.netmiko_type / "version.txt").read_text(encoding="utf-8")
