"""Read workbook files in worker processes, so that one file can only ever cost itself.

The preflight refuses every hostile file we know of, but a parser written in
native code may still abort (an uncatchable SIGABRT), loop or swallow memory on
a file nobody has seen yet. So files are read in worker processes with a memory
ceiling and a time limit: a worker that dies or overruns takes down its chunk
of files, which is then read again one file at a time, so that only the file
that did it gets the error — and every other file its result.

Files go to workers in chunks, and come back as compact :class:`Submission`
objects (figures, not DataFrames), so the parent process never holds cells.
Executors: ``local`` (a process pool on this machine; the default) and
``dask`` (an existing Dask distributed cluster, for national re-consolidation).
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkbookError, XlunionError
from .messages import Phrase


@dataclass(frozen=True)
class Limits:
    """What one file may cost a worker."""

    seconds: float = 4.0
    per_mb: float = 2.0
    """More seconds for each MB of the file: a national workbook listing 130,000 files behind
    it is 4 MB and takes ~2 s to read here; a slow laptop must not time it out."""
    memory_mb: int = 400
    """Above what the worker held before reading (its share of the interpreter)."""

    def time_for(self, paths: Sequence[Path]) -> float:
        total = 0.0
        for path in paths:
            try:
                size = os.stat(path).st_size
            except OSError:
                size = 0
            total += self.seconds + self.per_mb * size / (1 << 20)
        return total


LIMITS = Limits()
Outcome = object
"""A Submission, or a failure as plain data (custom exceptions do not cross processes)."""


def read_one(path: Path, source: str) -> Outcome:
    """Preflight and read one file in this process, failures as data."""
    from .definition import definition_at
    from .io.read import read_submission

    defn = definition_at(source)
    try:
        return read_submission(path, defn)
    except XlunionError as exc:
        return failure(exc)
    except MemoryError:
        return failure(WorkbookError(path, "wb.out_of_memory", limit=_LIMIT_MB or "?"))


def read_chunk(paths: Sequence[Path], source: str) -> list[Outcome]:
    return [read_one(path, source) for path in paths]


def failure(exc: XlunionError) -> tuple:
    return ("error", type(exc).__name__, exc.path, exc.key, exc.where, exc.values)


def as_error(outcome: tuple) -> XlunionError:
    from . import errors

    _tag, kind, source, key, where, values = outcome
    return getattr(errors, kind)(source, key, where, **values)


_LIMIT_MB: int | None = None


def _limit_memory(memory_mb: int) -> None:
    """Worker initializer: cap the address space at what the worker holds now plus ``memory_mb``."""
    global _LIMIT_MB
    _LIMIT_MB = memory_mb
    try:
        import resource

        with open("/proc/self/statm") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        ceiling = held + memory_mb * (1 << 20)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    except (ImportError, OSError, ValueError):
        pass  # Windows and macOS: the time limit still applies; the preflight's budgets bound memory


def read_isolated(paths: Sequence[Path], source: str, workers: int, limits: Limits = LIMITS,
                  chunk: int = 16) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) for every path, in order, read in ``workers`` limited processes."""
    chunks = [list(paths[i:i + chunk]) for i in range(0, len(paths), chunk)]
    pool = _pool(max(1, workers), limits)
    futures = [pool.schedule(read_chunk, (c, source), timeout=limits.time_for(c)) for c in chunks]
    for part, future in zip(chunks, futures, strict=True):
        try:
            yield from zip(part, future.result(), strict=True)
        except Exception:  # the chunk's worker died or overran: find the one file that did it
            singles = [pool.schedule(read_chunk, ([p], source), timeout=limits.time_for([p])) for p in part]
            for path, single in zip(part, singles, strict=True):
                yield path, _settle(path, single, limits)


_POOLS: dict[tuple[int, Limits], object] = {}


def _pool(workers: int, limits: Limits):
    """The worker pool for these settings, kept for the life of the process.

    Starting and joining a pool costs ~100 ms; the add-in validates again and again in one
    Python, so the workers stay (pebble replaces one that dies or overruns, and each is
    renewed after 500 chunks so that no worker grows old).
    """
    from pebble import ProcessPool

    pool = _POOLS.get((workers, limits))
    if pool is None or not pool.active:
        if not _POOLS:
            atexit.register(close_pools)
        pool = ProcessPool(max_workers=workers, max_tasks=500, initializer=_limit_memory,
                           initargs=(limits.memory_mb,), context=_context())
        _POOLS[workers, limits] = pool
    return pool


def close_pools(wait: bool = False) -> None:
    """Stop the kept worker pools (at exit; tests that patch the reader call it too)."""
    for pool in _POOLS.values():
        pool.stop()
        if wait:
            pool.join()
    _POOLS.clear()


def _settle(path: Path, future, limits: Limits, doing: str = "wb") -> Outcome:
    """The outcome of ``future``, or its failure told as ``doing``'s (reading "wb", writing "write")."""
    from pebble import ProcessExpired

    try:
        return future.result()[0]
    except FutureTimeout:
        return failure(WorkbookError(path, f"{doing}.timeout", seconds=f"{limits.time_for([path]):.0f}"))
    except MemoryError:
        return failure(WorkbookError(path, f"{doing}.out_of_memory", limit=limits.memory_mb))
    except ProcessExpired:
        return failure(WorkbookError(path, f"{doing}.crashed"))
    except Exception as exc:  # noqa: BLE001 — anything else a parser raised is this file's problem only
        if doing == "wb":
            return failure(WorkbookError(path, "wb.unreadable", why=Phrase("wb.why.other"), detail=type(exc).__name__))
        return failure(WorkbookError(path, "write.failed", reason=type(exc).__name__))


WRITE_LIMITS = Limits(seconds=20.0, per_mb=4.0, memory_mb=600)
"""What writing one copy with openpyxl may cost. openpyxl holds every cell of every sheet (~600 bytes
and ~25 µs each): a child takes ~0.5 s and ~150 MB; an extra sheet of 2 million cells, which the
preflight lets through because xlunion never reads it, would take 80 s and 1.1 GB."""


def write_isolated(tasks: Sequence[tuple[Path, object, tuple]], workers: int,
                   limits: Limits | None = None) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) of ``func(*args)`` for each (path, func, args), each in a limited worker of its
    own: a file too big for openpyxl fails alone, with a message naming it, and the others are written."""
    limits = limits or WRITE_LIMITS
    pool = _pool(max(1, workers), limits)
    futures = [pool.schedule(_write_one, (path, func, args), timeout=limits.time_for([path]))
               for path, func, args in tasks]
    for (path, _func, _args), future in zip(tasks, futures, strict=True):
        yield path, _settle(path, future, limits, "write")


def _write_one(path: Path, func, args: tuple) -> list[Outcome]:
    try:
        return [func(*args)]
    except XlunionError as exc:
        return [failure(exc)]
    except MemoryError:
        return [failure(WorkbookError(path, "write.out_of_memory", limit=_LIMIT_MB or "?"))]


def _context():
    import multiprocessing

    # fork starts a worker in milliseconds with everything already imported; elsewhere spawn
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def read_on_dask(paths: Sequence[Path], source: str, scheduler: str,
                 chunk: int = 64) -> Iterator[tuple[Path, Outcome]]:
    """The same map on a Dask distributed cluster; the files must be readable from its workers.

    Dask's nanny restarts a worker that dies; a chunk that fails is read again one file at
    a time, and a file that still fails gets its error, as locally.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise XlunionError(None, "cli.no_dask") from exc

    chunks = [[str(p) for p in paths[i:i + chunk]] for i in range(0, len(paths), chunk)]
    with Client(scheduler) as client:
        futures = client.map(_read_chunk_by_name, chunks, source=source, pure=False, retries=0)
        for part, future in zip(chunks, futures, strict=True):
            try:
                outcomes = future.result()
            except Exception:  # noqa: BLE001 — a killed worker or a parser crash, told per file below
                outcomes = [_single_on_dask(client, p, source) for p in part]
            yield from zip(map(Path, part), outcomes, strict=True)


def _read_chunk_by_name(paths: list[str], source: str) -> list[Outcome]:
    return read_chunk([Path(p) for p in paths], source)


def _single_on_dask(client, path: str, source: str) -> Outcome:
    try:
        return client.submit(read_one, Path(path), source, pure=False).result()
    except Exception:  # noqa: BLE001
        return failure(WorkbookError(path, "wb.crashed"))
