"""Read -> prepare -> complete -> analyse: the one sequence, for the page and the CLI.

Each step is a method of :class:`Steps` taking a frozen request; a later step's
request holds the earlier one's, so a request names everything its result depends
on. The command line uses :class:`Steps` as it is (:func:`run`); the page
overrides each method with a cached one (``niche/ui/cache.py``), keyed on the same
requests, so that a changed setting recomputes only the steps after it::

    ReadRequest(file, sheet)                        -> Grid
    PrepareRequest(read, columns, options)          -> Prepared   (header, clean rows)
    CompleteRequest(prepare, second files, edits,   -> Completed  (filled in, left out,
                    previous: a PrepareRequest)                    last period matched)
    AnalyseRequest(complete, settings)              -> Analysis
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from niche.clean.header import find_header
from niche.clean.prepare import prepare
from niche.complete.edits import Edits, enrich_prepared
from niche.complete.leave_out import leave_out, left_out_marks
from niche.complete.names import JoinResult, join_names
from niche.complete.previous import PreviousJoin, apply_previous
from niche.complete.second_file import (
    EnrichmentTable,
    enrichment_values,
    merge_values,
    read_enrichment,
)
from niche.export.settings_file import AppSettings
from niche.model import Analysis, Grid, Options, Prepared, Settings
from niche.read.files import read_table
from niche.read.limits import DEFAULT_LIMITS, Admit, Limits
from niche.rules.analyse import analyse
from niche.rules.taxonomy import Taxonomy

FrozenEdits = tuple[tuple[str, tuple[tuple[str, object], ...]], ...]


@dataclass(frozen=True)
class FileRef:
    """A file by its display name and a digest of its bytes (the bytes are kept
    apart, in :class:`Steps`, so that requests stay small and hashable)."""

    name: str
    digest: str

    @classmethod
    def of(cls, data: bytes, name: str) -> FileRef:
        return cls(name, hashlib.blake2b(data, digest_size=16).hexdigest())


@dataclass(frozen=True)
class SecondFile:
    """A device or company list, and the heading of its names column when the
    user chose it (else it is found from the headings)."""

    file: FileRef
    client: str | None = None


@dataclass(frozen=True)
class ReadRequest:
    file: FileRef
    sheet: str | None = None  # None: the first sheet holding a client table


@dataclass(frozen=True)
class PrepareRequest:
    read: ReadRequest
    columns: tuple[tuple[str, str | None], ...] = ()  # field -> heading choices
    options: Options = Options()
    header_row: int | None = None


@dataclass(frozen=True)
class CompleteRequest:
    prepare: PrepareRequest
    second_files: tuple[SecondFile, ...] = ()
    confirmed: tuple[tuple[str, str], ...] = ()  # (client, name in the file) pairs
    accept_fuzzy: bool = False  # every close match counts as confirmed
    edits: FrozenEdits = ()  # see freeze_edits
    left_out: tuple[str, ...] = ()
    file_marks: bool = True  # also leave out the clients the file marks
    previous: PrepareRequest | None = None  # last period's client list
    previous_confirmed: tuple[tuple[str, str], ...] = ()  # (client, name then)


@dataclass(frozen=True)
class AnalyseRequest:
    complete: CompleteRequest
    settings: Settings = Settings()


@dataclass(frozen=True, eq=False)
class Join:
    """How one second file joined the client list."""

    file: SecondFile
    table: EnrichmentTable
    join: JoinResult
    confirmed: int  # close and hand-made matches counted


@dataclass(frozen=True, eq=False)
class Completed:
    """The prepared file with the second files' values, the edits and the
    left-out clients applied; ``filled`` is it before the clients are left out
    (every client, for the page's editor)."""

    prepared: Prepared
    filled: Prepared
    joins: tuple[Join, ...] = ()
    marks: tuple[str, ...] = ()  # clients the file itself marks "Leave out"
    previous: PreviousJoin | None = None  # how last period's list joined


def read_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    admit: Admit | None = None,
) -> Grid:
    """A file's cells; by default a workbook's first sheet holding a client table.
    ``admit`` is told the file's estimated memory before it is parsed."""
    return read_table(
        data,
        filename,
        sheet,
        limits=limits,
        accept=lambda grid: find_header(grid.cells) is not None,
        admit=admit,
    )


def freeze_edits(edits: Mapping[str, Mapping[str, object]]) -> FrozenEdits:
    """``{client key: {"industry": ..., "systems": ...}}`` as sorted tuples."""
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in edits.items()))


def thaw_edits(edits: FrozenEdits) -> Edits:
    return {key: dict(change) for key, change in edits}


def _once(method: Callable) -> Callable:
    """A step computed once per request and :class:`Steps` object."""

    @functools.wraps(method)
    def step(self: Steps, *args: object) -> object:
        key = (method.__name__, *args)
        if key not in self.done:
            self.done[key] = method(self, *args)
        return self.done[key]

    return step


class Steps:
    """The steps from bytes to an analysis; each reads what it needs through the
    others, so a subclass can cache any of them (each is done once per object).

    Parameters
    ----------
    files
        The bytes of every file the requests name.
    admit
        Told a client list's estimated memory before it is parsed (the page
        waits there while the server is busy).
    """

    def __init__(
        self,
        files: Mapping[FileRef, bytes],
        *,
        limits: Limits = DEFAULT_LIMITS,
        taxonomy: Taxonomy | None = None,
        admit: Admit | None = None,
    ) -> None:
        self.files = dict(files)
        self.limits = limits
        self.admit = admit
        self.taxonomy = taxonomy or Taxonomy.default()
        self.done: dict[tuple, object] = {}

    @_once
    def grid(self, request: ReadRequest) -> Grid:
        """The file's cells; a workbook's first sheet holding a client table."""
        file = request.file
        data = self.files[file]
        return read_file(data, file.name, request.sheet, self.limits, self.admit)

    @_once
    def prepared(self, request: PrepareRequest) -> Prepared:
        """Header, column mapping and one row per client."""
        grid = self.grid(request.read)
        columns = dict(request.columns) or None
        return prepare(
            grid,
            columns,
            request.options,
            header_row=request.header_row,
            max_clients=self.limits.max_clients,
        )

    @_once
    def second_file(self, second: SecondFile) -> EnrichmentTable:
        """A device or company list, read."""
        file = second.file
        return read_enrichment(
            self.files[file], file.name, limits=self.limits, client=second.client
        )

    @_once
    def join(self, request: PrepareRequest, file: SecondFile) -> JoinResult:
        """A second file's names joined to the clients'."""
        clients = self.prepared(request).cleaned.clients
        return join_names(clients, self.second_file(file))

    @_once
    def completed(self, request: CompleteRequest) -> Completed:
        """Blanks filled from the second files, the edits, the left-out clients."""
        before = self.prepared(request.prepare)
        joins, values = [], []
        for file in request.second_files:
            table, join = self.second_file(file), self.join(request.prepare, file)
            confirmed = list(request.confirmed)
            if request.accept_fuzzy:
                confirmed += [(m.client, m.other_name) for m in join.fuzzy]
            counted = len(join.accepted(confirmed)) - len(join.exact)
            joins.append(Join(file, table, join, counted))
            values.append(enrichment_values(table, join, confirmed))
        marks = left_out_marks(before.grid, before.header)
        names = request.left_out + (marks if request.file_marks else ())
        filled = enrich_prepared(
            before, merge_values(*values), thaw_edits(request.edits)
        )
        prepared, previous = leave_out(filled, names), None
        if request.previous is not None:  # left out of both periods alike
            earlier = self.prepared(request.previous)
            gone = request.left_out
            if request.file_marks:
                gone += marks + left_out_marks(earlier.grid, earlier.header)
            prepared, previous = apply_previous(
                prepared,
                leave_out(earlier, gone),
                request.previous_confirmed,
                accept_fuzzy=request.accept_fuzzy,
            )
        return Completed(prepared, filled, tuple(joins), marks, previous)

    @_once
    def analysis(self, request: AnalyseRequest) -> Analysis:
        """Rank, classes, tiers, flags, industries and the niche."""
        prepared = self.completed(request.complete).prepared
        return analyse(prepared, request.settings, self.taxonomy)


@dataclass(frozen=True, eq=False)
class Run:
    """What :func:`run` gives: the analysis and how the second files joined."""

    analysis: Analysis
    joins: tuple[Join, ...] = field(default=())
    previous: PreviousJoin | None = None


def request_for(
    file: FileRef,
    app: AppSettings,
    second_files: Sequence[SecondFile] = (),
    *,
    accept_fuzzy: bool = False,
    previous: ReadRequest | None = None,
) -> AnalyseRequest:
    """The request that saved settings (or the command line's flags) make;
    ``previous``: last period's client list, read with the same options (its
    own columns found, no end date)."""
    read = ReadRequest(file, app.sheet)
    prepare_request = PrepareRequest(
        read, tuple(app.columns.items()), app.options(), app.header_row
    )
    earlier = (
        PrepareRequest(previous, options=replace(app.options(), end_date=None))
        if previous is not None
        else None
    )
    complete = CompleteRequest(
        prepare_request,
        tuple(second_files),
        app.confirmed_matches,
        accept_fuzzy,
        freeze_edits(app.edits),
        app.left_out,
        previous=earlier,
        previous_confirmed=app.previous_confirmed,
    )
    return AnalyseRequest(complete, app.settings())


def run(
    data: bytes,
    filename: str,
    app: AppSettings | None = None,
    second_files: Iterable[tuple[bytes, str]] = (),
    *,
    accept_fuzzy: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    previous: tuple[bytes, str] | None = None,
    previous_sheet: str | None = None,
) -> Run:
    """The whole sequence for one client file, its second files, last period's
    client list and saved settings (the command line, the tests)."""
    main = FileRef.of(data, filename)
    files = {main: data}
    refs = []
    for blob, name in second_files:
        ref = FileRef.of(blob, name)
        files[ref] = blob
        refs.append(SecondFile(ref))
    earlier = None
    if previous is not None:
        ref = FileRef.of(*previous)
        files[ref] = previous[0]
        earlier = ReadRequest(ref, previous_sheet)
    steps = Steps(files, limits=limits)
    request = request_for(
        main, app or AppSettings(), refs, accept_fuzzy=accept_fuzzy, previous=earlier
    )
    analysis = steps.analysis(request)
    done = steps.completed(request.complete)
    return Run(analysis, done.joins, done.previous)


def analyze_bytes(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    options: Options = Options(),
    settings: Settings = Settings(),
    limits: Limits = DEFAULT_LIMITS,
) -> Analysis:
    """One file, as it is, to an analysis: :func:`run` without second files or
    saved settings (the file's own "Leave out" marks apply)."""
    file = FileRef.of(data, filename)
    read = ReadRequest(file, sheet)
    prepare_request = PrepareRequest(read, tuple((overrides or {}).items()), options)
    request = AnalyseRequest(CompleteRequest(prepare_request), settings)
    return Steps({file: data}, limits=limits).analysis(request)
