"""Errors that Niche Finder reports to its users.

Every error a user can cause by handing over a file derives from ``NicheError``;
``str(err)`` is one line written for the end user, never a traceback::

    NicheError
    ├── UnreadableFileError      the bytes are not a table we can read
    │   ├── EmptyFileError       nothing in the file
    │   ├── FileTooLargeError    over a size, width or unpacked-size limit
    │   └── PasswordProtectedError
    ├── NoTableError             no client table anywhere (prose, header only)
    ├── MissingColumnError       no client or revenue column
    ├── MixedCurrencyError       amounts in several currencies, none chosen
    ├── NoRevenueError           no client has positive revenue
    └── SettingsError            a bad option, mapping or settings file

Bugs are not mapped: anything else propagates as a normal exception.
"""

from __future__ import annotations


class NicheError(Exception):
    """Base class. ``str(err)`` is a one-line message for the end user."""

    def __str__(self) -> str:
        # Names from the file go into messages as they are: a sheet called
        # "Clients\n2025" must not break the message into two lines.
        return " ".join(super().__str__().splitlines())


class UnreadableFileError(NicheError):
    """The file is not a CSV or spreadsheet we can read."""


class EmptyFileError(UnreadableFileError):
    """The file holds nothing."""


class FileTooLargeError(UnreadableFileError):
    """The file is over a size limit: refused before it is parsed in full."""


class PasswordProtectedError(UnreadableFileError):
    """The workbook is encrypted."""


class NoTableError(NicheError):
    """No sheet holds a table with a header row."""


class MissingColumnError(NicheError):
    """A required column (client, revenue) was not found or not mapped."""


class MixedCurrencyError(NicheError):
    """The amount column mixes currencies: they are never summed together.

    ``currencies`` names them (codes such as "USD", or "$" for a bare dollar
    sign), most rows first, for the user to keep one.
    """

    def __init__(self, message: str, currencies: tuple[str, ...]) -> None:
        super().__init__(message)
        self.currencies = currencies


class NoRevenueError(NicheError):
    """No client has positive revenue, so there is nothing to rank."""


class SettingsError(NicheError):
    """An option, a column mapping or a settings file is not valid."""
