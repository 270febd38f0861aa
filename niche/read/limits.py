"""Bounds on the work a file may cause, checked before it is parsed in full."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from niche.errors import (
    FileTooLargeError,
    UnreadableFileError,
)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a file may cause; checked before parsing in full."""

    max_bytes: int = 200 * 1024 * 1024
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 100
    max_columns: int = 1_000
    max_cells: int = 30_000_000


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


# ---------------------------------------------------------------------- Workbooks


def _check_zip(data: bytes, filename: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
        OSError,
    ) as exc:
        raise UnreadableFileError(
            f"{filename} is a corrupt workbook (its zip archive is damaged)."
        ) from exc
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise FileTooLargeError(
            f"{filename} unpacks to {_mb(unpacked)}, over the "
            f"{_mb(limits.max_unpacked_bytes)} limit."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise FileTooLargeError(
                f"{filename} looks like a zip bomb (a part unpacks {ratio:,.0f} times "
                "its size); refused."
            )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise UnreadableFileError(f"{filename} is a zip archive, not a spreadsheet.")
    _check_dimensions(data, infos, filename, limits)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _check_dimensions(
    data: bytes, infos: list[zipfile.ZipInfo], filename: str, limits: Limits
) -> None:
    """Refuse a sheet whose declared size is over the limits, before parsing it."""
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/sheet")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sheets:
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (
                zipfile.BadZipFile,
                EOFError,
                NotImplementedError,
                OSError,
                zlib.error,
            ):
                continue  # the reader will report the damage
            found = _DIMENSION.search(head)
            if not found:
                continue
            width, height = _column_number(found.group(1)), int(found.group(2))
            if width > limits.max_columns:
                raise FileTooLargeError(
                    f"{filename} has a sheet {width:,} columns wide, over the "
                    f"{limits.max_columns:,} limit."
                )
            if width * height > limits.max_cells:
                raise FileTooLargeError(
                    f"{filename} has a sheet of {width * height:,} cells, over the "
                    f"{limits.max_cells:,} limit."
                )
