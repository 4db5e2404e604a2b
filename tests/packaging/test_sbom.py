"""``make sbom``: a CycloneDX JSON SBOM of devaudit and exactly the runtime lock, valid against the schema,
with a licence on every component.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _locked_runtime() -> dict[str, str]:
    """Name and version of every runtime lock entry whose environment marker holds here."""
    pins: dict[str, str] = {}
    text = (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    for match in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\\n]+))?", text, re.MULTILINE):
        name, version, marker = match.groups()
        if marker is None or Marker(marker.strip()).evaluate():
            pins[canonicalize_name(name)] = version
    return pins


def test_make_sbom_writes_a_valid_cyclonedx_sbom_of_the_runtime_lock(tmp_path: Path) -> None:
    sbom = tmp_path / "devaudit.cdx.json"
    # -o: the test environment is already installed; BIN: its cyclonedx-py and pip.
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed-test", "sbom", f"SBOM={sbom}",
         f"SBOM_ENV={tmp_path / 'env'}", f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = sbom.read_text(encoding="utf-8")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None

    bom = json.loads(text)
    assert (bom["bomFormat"], bom["specVersion"]) == ("CycloneDX", "1.6")
    root = bom["metadata"]["component"]
    assert (root["name"], root["type"]) == ("devaudit", "application")
    assert root["licenses"] == [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]
    components = {canonicalize_name(c["name"]): c for c in bom["components"]}
    assert {name: c["version"] for name, c in components.items()} == _locked_runtime()
    assert [name for name, c in components.items() if not c.get("licenses")] == []
    assert components["paramiko"]["licenses"] == [{"license": {"id": "LGPL-2.1", "acknowledgement": "declared"}}]
    assert all(c["purl"] == f"pkg:pypi/{name}@{c['version']}" for name, c in components.items())
    (graph,) = [d for d in bom["dependencies"] if d["ref"] == root["bom-ref"]]
    direct = {canonicalize_name(ref.split("==")[0]) for ref in graph["dependsOn"]}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert direct == {canonicalize_name(Requirement(r).name) for r in declared}
