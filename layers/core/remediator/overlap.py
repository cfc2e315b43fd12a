"""Two independent AWS calls in the time of one: `first` runs on a worker thread while `second` runs here.

A round trip is mostly waiting on the network, and boto3's clients are thread-safe, so two steps that need
nothing of each other (the exemption tag read and the fix's intent) overlap. Each thread logs its calls apart
and they join the CallLog as if `first` had run before `second`: the log reads the same as the sequential
steps did, however the threads interleaved."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from remediator.aws import CallLog

A = TypeVar("A")
B = TypeVar("B")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _worker() -> ThreadPoolExecutor:
    """One worker thread for the container, started on first use (never at import time)."""
    from concurrent.futures import ThreadPoolExecutor  # ~12 ms to import: a fix's cost, not a cold start's

    global _pool  # noqa: PLW0603 - one pool a process, as a Lambda container keeps its clients
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="remediator-overlap")
        return _pool


@dataclass(frozen=True)
class Settled(Generic[A]):
    """What a step came to: its value, or the exception it raised (`get` returns or raises it)."""

    value: A | None = None
    error: BaseException | None = None

    def get(self) -> A:
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def settle(step: Callable[[], A]) -> Settled[A]:
    """A step run here, settled as `both` settles each of its two."""
    try:
        return Settled(value=step())
    except BaseException as exc:  # noqa: BLE001 - handed to the caller, which decides what to raise
        return Settled(error=exc)


def _settle(log: CallLog, lists: tuple[list[str], list[str]], step: Callable[[], A]) -> Settled[A]:
    log._local.lists = lists  # the log's per-thread buffer (CallLog._lists)
    try:
        return settle(step)
    finally:
        log._local.lists = None


def both(log: CallLog, first: Callable[[], A], second: Callable[[], B]) -> tuple[Settled[A], Settled[B]]:
    """Run both steps to the end, side by side; neither's exception stops the other."""
    first_lists: tuple[list[str], list[str]] = ([], [])
    second_lists: tuple[list[str], list[str]] = ([], [])
    future = _worker().submit(_settle, log, first_lists, first)
    done_second = _settle(log, second_lists, second)
    done_first = future.result()
    for calls, changes in (first_lists, second_lists):
        log.calls.extend(calls)
        log.changes.extend(changes)
    return done_first, done_second
