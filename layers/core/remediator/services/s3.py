"""Bucket reads and writes shared by the S3 rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from remediator import policy_doc
from remediator.rules.base import ResourceGoneError, RuleContext

PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}
ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def read(call: Any, bucket: str, missing: tuple[str, ...] = (), **kwargs: Any) -> Any:
    """Call a bucket read; None when the configuration is absent (`missing` codes); gone bucket raises."""
    try:
        return call(Bucket=bucket, **kwargs)
    except ClientError as exc:
        code = error_code(exc)
        if code == "NoSuchBucket":
            raise ResourceGoneError(f"bucket {bucket} no longer exists") from None
        if code in missing:
            return None
        raise


def read_policy(ctx: RuleContext, bucket: str) -> dict[str, Any] | None:
    """The bucket policy as a fresh dict (callers may change it), read once per trigger for all rules."""

    def load() -> str | None:
        response = read(ctx.client("s3").get_bucket_policy, bucket, missing=("NoSuchBucketPolicy",))
        return response["Policy"] if response else None

    text = ctx.shared_read("s3:policy", bucket, load)
    return policy_doc.load(text) if text else None


def write_policy(ctx: RuleContext, bucket: str, document: dict[str, Any]) -> None:
    """Put the document back, or delete the policy where no statement is left. The shared read is updated
    with what was written, so the next rule on this bucket sees the change without reading it again."""
    s3 = ctx.client("s3")
    text = policy_doc.dumps(document) if policy_doc.statements(document) else None
    ctx.forget("s3:policy", bucket)
    if text:
        s3.put_bucket_policy(Bucket=bucket, Policy=text)
    else:
        s3.delete_bucket_policy(Bucket=bucket)
    ctx.shared_read("s3:policy", bucket, lambda: text)


def undo_policy(ctx: RuleContext, bucket: str, record: dict[str, Any]) -> str:
    """A fix that added to the bucket policy, undone: the policy as it was (or none), while it is as the fix
    left it."""
    from remediator.rules.base import unless_still

    unless_still(read_policy(ctx, bucket), record["after"], "the bucket policy")
    write_policy(ctx, bucket, record["before"] or {"Statement": []})
    return "put the bucket policy back as it was" if record["before"] else "deleted the bucket policy again"


def block_public_access(s3: Any, bucket: str) -> None:
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=ALL_BLOCKED)


def read_block(s3: Any, bucket: str) -> dict[str, Any] | None:
    """The bucket's public access block configuration; None where it has none."""
    found = read(s3.get_public_access_block, bucket, missing=("NoSuchPublicAccessBlockConfiguration",))
    return found["PublicAccessBlockConfiguration"] if found else None


UNREAD = "unread"  # the block before a fix, where its read failed: that fix's undo is refused


def change_then_block(ctx: RuleContext, bucket: str, change: Callable[[], object]) -> Any:
    """A public fix: `change` (its ACL or policy write) with the public access block read beside it (the
    before-state undo needs, at no added round trip), then the block turned on. Returns the block as it was
    (None: there was none; UNREAD: the read failed, which costs undo its exactness, never the fix)."""
    from remediator.overlap import both

    s3 = ctx.client("s3")
    # read once a pass: the ACL's and the policy's fix on one bucket record the block as it was before both
    before = lambda: ctx.shared_read("s3:block-before-fix", bucket, lambda: read_block(s3, bucket))  # noqa: E731
    was, changed = both(ctx.clients.factory.call_log, before, change)
    changed.get()
    block_public_access(s3, bucket)
    return UNREAD if was.error is not None else was.value


def unblock(ctx: RuleContext, bucket: str, before: Any) -> None:
    """Undo's first step for a public fix: the public access block as it was before the fix (it would refuse
    the public grant or policy going back), while it is as the fix left it or already back as it was (the
    ACL's and the policy's fix on one bucket each recorded the same before-state)."""
    from remediator.rules.base import UndoRefusedError, unless_still

    if before == UNREAD:
        raise UndoRefusedError(
            "the public access block before the fix could not be read then: nothing was undone (put it back by "
            "hand: aws s3api put-public-access-block)"
        )
    s3 = ctx.client("s3")
    now = read_block(s3, bucket)
    if now == before:
        return
    unless_still(now, ALL_BLOCKED, "the public access block")
    if before is None:
        s3.delete_public_access_block(Bucket=bucket)
    else:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=before)


def finish_blocking(ctx: RuleContext, bucket: str) -> str | None:
    """The public access block a fix ends with, where it is not (fully) on yet: a fix cut short, finished."""
    s3 = ctx.client("s3")
    if read_block(s3, bucket) == ALL_BLOCKED:
        return None
    block_public_access(s3, bucket)
    return "blocked public access"
