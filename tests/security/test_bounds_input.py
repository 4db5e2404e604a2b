"""Reads are bounded by --max-size: stdin is never read whole first, sidecar show outputs count too."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_mock import MockerFixture

from devaudit.cli import main
from devaudit.errors import InputError
from devaudit.sources import InputRef, read_input, read_sidecar_outputs

IOS = "version 15.2\nhostname EDGE1\nservice timestamps log datetime\nip http server\nline vty 0 4\nend\n"


class CountingStream(io.RawIOBase):
    """An endless stream that counts the bytes taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        view[:] = b"a" * len(view)
        self.taken += len(view)
        return len(view)


class FakeStdin:
    def __init__(self, raw: CountingStream) -> None:
        self.buffer = io.BufferedReader(raw, buffer_size=4096)


def test_stdin_is_read_only_up_to_the_limit(mocker: MockerFixture) -> None:
    raw = CountingStream()
    mocker.patch("sys.stdin", FakeStdin(raw))
    with pytest.raises(InputError) as caught:
        read_input(InputRef(None, "<stdin>"), max_bytes=100_000)
    assert str(caught.value) == "<stdin>: input is more than the limit of 100,000 bytes (--max-size)"
    assert raw.taken <= 100_001 + 4096  # never the whole (endless) stream


def test_stdin_over_the_limit_is_an_error_for_stdin(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["audit", "-", "--format", "json", "--max-size", "1000"], input=IOS + "!" * 2000 + "\n"
    )
    assert result.exit_code == 3
    device = json.loads(result.stdout)["devices"][0]
    assert device["error"] == "input is more than the limit of 1,000 bytes (--max-size)"


def write_config(tmp_path: Path, outputs: dict[str, bytes]) -> Path:
    config = tmp_path / "edge1.cfg"
    config.write_text(IOS, encoding="utf-8")
    sidecar = tmp_path / "edge1.cfg.show"
    sidecar.mkdir()
    for name, data in outputs.items():
        (sidecar / name).write_bytes(data)
    return config


def test_a_sidecar_over_the_limit_is_an_error_naming_it(tmp_path: Path) -> None:
    config = write_config(tmp_path, {"show_version.txt": b"Cisco IOS Software\n" * 1000})
    with pytest.raises(InputError) as caught:
        read_sidecar_outputs(config, max_bytes=5000)
    assert caught.value.source == str(tmp_path / "edge1.cfg.show" / "show_version.txt")
    assert caught.value.reason == "this show output is more than the limit of 5,000 bytes (--max-size)"


def test_sidecars_together_count_against_the_limit(tmp_path: Path) -> None:
    config = write_config(tmp_path, {"a.txt": b"x" * 3000, "b.txt": b"y" * 3000})
    with pytest.raises(InputError) as caught:
        read_sidecar_outputs(config, max_bytes=5000)
    assert caught.value.source == str(tmp_path / "edge1.cfg.show" / "b.txt")
    assert "the show outputs of this config together are more than the limit of 5,000 bytes" in caught.value.reason
    assert read_sidecar_outputs(config, max_bytes=6000) == {"a": "x" * 3000, "b": "y" * 3000}


def test_an_unreadable_sidecar_is_an_error_for_that_device_only(tmp_path: Path, mocker: MockerFixture) -> None:
    config = write_config(tmp_path, {"show_version.txt": b"Cisco IOS Software, Version 15.2\n"})
    other = tmp_path / "core1.cfg"
    other.write_text(IOS.replace("EDGE1", "CORE1"), encoding="utf-8")
    locked = tmp_path / "edge1.cfg.show" / "show_version.txt"
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    mocker.patch.object(Path, "open", guarded_open)
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--format", "json"])
    assert result.exit_code == 3, result.output
    devices = {d["source"]: d for d in json.loads(result.stdout)["devices"]}
    assert devices[str(config)]["status"] == "ERROR"
    assert devices[str(config)]["error"] == f"{locked}: cannot read this show output: Permission denied"
    assert devices[str(other)]["status"] in ("PASS", "FAIL")
