from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_compose_file_is_valid_with_the_example_environment():
    result = subprocess.run(
        ["docker-compose", "--env-file", ".env.example", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_example_environment_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "recruitment" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()

    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.MULTILINE))
    assert read - listed == set()
