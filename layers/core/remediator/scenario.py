"""The world a sample event presumes: its bucket, compliant, and (for a violating event) with its rule's
violation planted. The demo and the end-to-end tests build it; the sample events stay real AWS shapes.

events/<family>/<rule-id>/<source>-<case>.<expect>.json: <expect> is violating | compliant | ignored | rejected.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remediator import policy_doc
from remediator.events import MalformedEventError, normalise
from remediator.models import Resource
from remediator.rules import get
from remediator.rules.base import RuleContext
from remediator.settings import Settings

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

EXPECTATIONS = ("violating", "compliant", "ignored", "rejected")
# The role the sample "remediator's own call" event names; replays set REMEDIATOR_ROLE_ARNS to it.
SAMPLE_REMEDIATOR_ROLE_ARN = (
    "arn:aws:iam::123456789012:role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"
)


@dataclass(frozen=True)
class Sample:
    path: Path
    event: Any
    expect: str
    rule_id: str | None  # the rule whose folder holds the file

    @cached_property
    def resource(self) -> Resource | None:
        """The resource the event names; for an event that names none (a schedule, an account-level Config
        rule), one of the rule's type named after the sample, in the event's region: such samples each get a
        region of their own, so their sweeps meet only their own resource."""
        try:
            triggers = normalise(self.event)
        except MalformedEventError:
            return None
        named = next((t.resource for t in triggers if t.resource is not None), None)
        if named is not None or not self.rule_id or not triggers or self.expect == "rejected":
            return named
        from remediator.resources import RESOURCE_TYPES

        rtype = RESOURCE_TYPES[get(self.rule_id).resource_type]
        return rtype.resource(
            f"acme-ml-{self.path.name.split('.')[0]}", triggers[0].account, triggers[0].region
        )


def load_samples(root: Path) -> list[Sample]:
    found = []
    for path in sorted(root.rglob("*.json")):
        expect = path.name.removesuffix(".json").rsplit(".", 1)[-1]
        if expect not in EXPECTATIONS:
            raise ValueError(f"{path}: name must end in .<{'|'.join(EXPECTATIONS)}>.json")
        rule_id = path.parent.name if path.parent.parent.parent == root else None
        found.append(Sample(path, json.loads(path.read_text()), expect, rule_id))
    return found


def compliant(ctx: RuleContext, resource: Resource) -> None:
    """Create the resource in a state every rule of its type finds compliant."""
    {"AWS::S3::Bucket": compliant_bucket, "AWS::CloudTrail::Trail": compliant_trail}[resource.type](
        ctx, resource
    )


def compliant_trail(ctx: RuleContext, resource: Resource) -> None:
    """A logging trail with log file validation and a KMS key, delivering to a bucket of its own."""
    s3, cloudtrail, kms = ctx.client("s3"), ctx.client("cloudtrail"), ctx.client("kms")
    bucket = f"acme-ml-trail-logs-{resource.account}-{resource.region}"
    location = {} if resource.region == "us-east-1" else {"LocationConstraint": resource.region}
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # the region's trails share one bucket
        s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": location} if location else {}))
    key = ctx.settings.cloudtrail_kms_key_id or kms.create_key(Description="trail logs")["KeyMetadata"]["Arn"]
    cloudtrail.create_trail(Name=resource.id, S3BucketName=bucket, EnableLogFileValidation=True, KmsKeyId=key)
    cloudtrail.start_logging(Name=resource.id)


def compliant_bucket(ctx: RuleContext, resource: Resource) -> None:
    """A bucket every S3 rule finds compliant: public access blocked, SSE-KMS, TLS-only policy."""
    from remediator.services.s3 import ALL_BLOCKED

    s3 = ctx.client("s3")
    create: dict[str, Any] = {"Bucket": resource.id}
    if resource.region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": resource.region}
    s3.create_bucket(**create)
    s3.put_public_access_block(Bucket=resource.id, PublicAccessBlockConfiguration=ALL_BLOCKED)
    default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
    if ctx.settings.s3_kms_key_id:
        default["KMSMasterKeyID"] = ctx.settings.s3_kms_key_id
    s3.put_bucket_encryption(
        Bucket=resource.id,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]
        },
    )
    tls = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [resource.arn, f"{resource.arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    s3.put_bucket_policy(
        Bucket=resource.id, Policy=policy_doc.dumps({"Version": "2012-10-17", "Statement": [tls]})
    )


def build_world(
    clients: ClientFactory, samples: list[Sample], settings: Settings | None = None
) -> list[Resource]:
    """Create each sample's resource: compliant, with the violation planted where the sample is violating
    (and where it is ignored, to show that an ignored event leaves even a violation alone)."""
    settings = settings or Settings()
    built: dict[str, Resource] = {}
    for sample in samples:
        resource = sample.resource
        if resource is None or sample.expect == "rejected":
            continue
        ctx = RuleContext(clients.for_account(resource.account, resource.region), settings)
        if resource.arn not in built:
            compliant(ctx, resource)
            built[resource.arn] = resource
        if sample.expect in ("violating", "ignored") and sample.rule_id:
            get(sample.rule_id).plant(ctx, resource)
    return list(built.values())
