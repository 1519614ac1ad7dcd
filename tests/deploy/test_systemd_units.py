"""deploy/systemd/: every unit passes ``systemd-analyze verify`` and keeps its exposure low.

The units name /opt/jamlik as the checkout; here it is this checkout, so that verify also finds
every program they start. ``systemd-analyze`` comes with Debian's systemd package.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.stack import ROOT

UNITS = ROOT / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
pytestmark = pytest.mark.heavy  # systemd-analyze processes; no database

SERVICES = ["jamlik-web.service", "jamlik-worker@1.service", "jamlik-scheduler.service", "jamlik-backup.service"]


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("units")
    for unit in UNITS.glob("jamlik*.[st]*"):
        text = unit.read_text().replace("/opt/jamlik", str(ROOT))
        (folder / unit.name).write_text(text)
    (folder / "jamlik-worker@1.service").write_text((folder / "jamlik-worker@.service").read_text())
    return folder


def _analyze(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [ANALYZE, *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)  # noqa: S603 (our units)


def test_every_unit_is_valid(units: Path) -> None:
    done = _analyze(units, "verify", "--man=no", *(f"./{name}" for name in [*SERVICES, "jamlik-backup.timer"]))
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_a_misspelt_directive_is_caught(units: Path) -> None:
    broken = units / "broken.service"
    broken.write_text((units / "jamlik-web.service").read_text().replace("NoNewPrivileges=", "NoNewPrivilege="))
    done = _analyze(units, "verify", "--man=no", "./broken.service")
    assert "NoNewPrivilege" in done.stderr


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_sandboxed(units: Path, service: str) -> None:
    # systemd's own exposure score: 0 is fully sandboxed, 10 not at all; 2.0 is "OK".
    done = _analyze(units, "security", "--offline=true", "--threshold=20", f"./{service}")
    assert done.returncode == 0, done.stdout[-2000:]
