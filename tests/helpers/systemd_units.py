"""The systemd units of ``snippets/`` as systemd reads them, for their tests.

``read_unit`` parses a unit (configparser reads its ``[Section]`` and ``Key=value`` lines),
``exec_start_words`` splits its command, and ``verify`` runs ``systemd-analyze verify``
on copies whose paths point at this checkout (skipping where the tool is not installed).
"""

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# The paths every shown unit tells the reader to replace with their own.
SHOWN_PROJECT = "/srv/signup"
SHOWN_VENV = "/srv/signup/.venv"


def read_unit(path) -> configparser.ConfigParser:
    # systemd's keys are case-sensitive, and a % means a specifier, not interpolation.
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read_string(path.read_text(), source=str(path))
    return unit


def exec_start_words(service) -> list[str]:
    """ExecStart='s words: a backslash at a line's end continues it, as in systemd."""
    return shlex.split(service["ExecStart"].replace("\\\n", " "))


def with_this_checkouts_paths(text: str, project_dir: Path) -> str:
    """The reader's paths replaced: the virtualenv by this one, the project by ``project_dir``."""
    return text.replace(SHOWN_VENV, sys.prefix).replace(SHOWN_PROJECT, str(project_dir))


def verify(units: list[Path], project_dir: Path, folder: Path) -> tuple[int, str]:
    """``systemd-analyze verify`` on copies of ``units`` with this checkout's paths: its exit
    status and output. It exits 0 after a setting it ignores, so any output is a finding."""
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip(
            "systemd-analyze is not installed here: the units are only parsed by configparser"
        )
    copies = []
    for unit in units:
        copy = folder / unit.name
        copy.write_text(with_this_checkouts_paths(unit.read_text(), project_dir))
        copies.append(str(copy))
    done = subprocess.run(
        [tool, "verify", *copies], capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout + done.stderr
