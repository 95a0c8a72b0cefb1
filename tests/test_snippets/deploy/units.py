"""Reading a systemd unit of snippets/deploy/ as systemd reads it, for the units' tests."""

import configparser
import shlex


def read_unit(path) -> configparser.ConfigParser:
    # systemd's keys are case-sensitive, and a % means a specifier, not interpolation.
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read_string(path.read_text(), source=str(path))
    return unit


def exec_start_words(service) -> list[str]:
    """ExecStart='s words: a backslash at a line's end continues it, as in systemd."""
    return shlex.split(service["ExecStart"].replace("\\\n", " "))
