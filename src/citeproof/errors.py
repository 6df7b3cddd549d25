"""Errors that stop a run (exit code 2). Findings in the user's files are Diagnostics instead."""

from __future__ import annotations


class CiteproofError(Exception):
    """Cannot run: the message is one line naming the file (and line) at fault."""

    exit_code = 2


class InputError(CiteproofError):
    """An input file is missing, unreadable, empty, binary or undecodable."""


class ConfigError(CiteproofError):
    """The configuration or an option value is invalid."""
