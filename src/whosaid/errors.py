"""Every error whosaid reports to its users, with a stable code to search for."""

from __future__ import annotations


class WhosaidError(Exception):
    """Base class: a problem with the user's input or setup, reported in one line."""

    code = "W000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


def error_reason(error: Exception) -> str:
    """One line for a failed record: our message as it is, anything else with its class name."""
    return str(error) if isinstance(error, WhosaidError) else f"{type(error).__name__}: {error}"


class InputNotFoundError(WhosaidError):
    code = "W001"


class InputIsDirectoryError(WhosaidError):
    code = "W002"


class BinaryInputError(WhosaidError):
    code = "W003"


class InvalidRecordError(WhosaidError):
    """One input record (a JSONL line, an API body) cannot be used."""

    code = "W004"


class InvalidDateError(WhosaidError):
    code = "W005"


class ModelNotFoundError(WhosaidError):
    code = "W006"


class InputReadError(WhosaidError):
    code = "W007"


class MissingExtraError(WhosaidError):
    """An optional part needs an extra that is not installed (pip install 'whosaid[...]')."""

    code = "W008"


class OutputExistsError(WhosaidError):
    """An output is there already: a batch directory holding another run, an earlier export's files."""

    code = "W009"


class StoreError(WhosaidError):
    """The store cannot take or find something."""

    code = "W010"


class InputTooLargeError(WhosaidError):
    """An article, a line or a request over the configured size limit."""

    code = "W011"


class InvalidQueryError(WhosaidError):
    """A query filter that cannot be used: blank, only NUL, out of range, a bad date."""

    code = "W012"


class InputFormatError(WhosaidError):
    """An input file that is not in the format its name or --format says."""

    code = "W013"


class InvalidOptionError(WhosaidError):
    """An option's value is not one of its choices (profile, engine, layout, format, stage)."""

    code = "W014"


class StoreDamagedError(StoreError):
    """The store's file is corrupt: its pages cannot be read."""


class StoreFullError(StoreError):
    """The disk (or the database) has no room left: nothing more can be stored."""


class ExportTimeoutError(WhosaidError):
    """An export ran past its time limit (the web app's); the command line has none."""

    code = "W015"


class SparkJobError(WhosaidError):
    """A Spark job of `batch --engine spark` failed (an unreadable input, a filesystem Spark cannot reach)."""

    code = "W016"
