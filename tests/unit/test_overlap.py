"""remediator.overlap: two steps really run side by side, each settles on its own, and the call log reads as if
the first had run before the second, whichever finished first."""

from __future__ import annotations

import threading

import pytest

from remediator.aws import CallLog
from remediator.overlap import both, settle


def test_the_two_steps_run_at_the_same_time():
    meet = threading.Barrier(2, timeout=5)  # broken (and raised) if the steps ran one after the other

    first, second = both(CallLog(), lambda: meet.wait() >= 0, lambda: meet.wait() >= 0)

    assert first.get() is True and second.get() is True
    assert first.error is None and second.error is None


def test_the_log_reads_first_then_second_even_when_the_second_is_done_first():
    log = CallLog()
    log.before("s3", "GetBucketAcl")
    second_done = threading.Event()

    def first() -> str:
        second_done.wait(5)  # the second step's calls are made and finished before this one's
        log.before("s3", "GetBucketTagging")
        return "tags"

    def second() -> str:
        log.before("dynamodb", "UpdateItem")
        log.after("dynamodb", "UpdateItem", 200)
        second_done.set()
        return "intent"

    tags, intent = both(log, first, second)

    assert (tags.get(), intent.get()) == ("tags", "intent")
    assert log.calls == ["s3:GetBucketAcl", "s3:GetBucketTagging", "dynamodb:UpdateItem"]
    assert log.changes == ["dynamodb:UpdateItem"]
    log.before("s3", "PutBucketAcl")  # and afterwards the log is the one list again, on either thread
    assert log.calls[-1] == "s3:PutBucketAcl"


def test_each_step_settles_on_its_own_and_get_raises_what_it_raised():
    def refused() -> None:
        raise PermissionError("tag read refused")

    first, second = both(CallLog(), refused, lambda: 42)

    assert second.get() == 42
    with pytest.raises(PermissionError, match="tag read refused"):
        first.get()
    assert isinstance(settle(refused).error, PermissionError) and settle(lambda: 1).get() == 1


def test_a_blocked_write_raises_in_the_step_that_made_it():
    log = CallLog(read_only=True)

    first, second = both(
        log, lambda: log.before("s3", "GetBucketTagging"), lambda: log.before("s3", "PutBucketAcl")
    )

    assert first.error is None and "dry run changes nothing" in str(second.error)
    assert log.calls == ["s3:GetBucketTagging"]
