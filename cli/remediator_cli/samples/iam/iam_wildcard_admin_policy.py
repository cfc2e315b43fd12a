"""iam-wildcard-admin-policy: its sample events (events/iam/iam-wildcard-admin-policy/)."""

from __future__ import annotations

from remediator_cli.samples.iam import (
    EVERYTHING,
    READ_DATA,
    create_policy,
    create_policy_version,
    policy_text,
    unique_id,
)
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "iam/iam-wildcard-admin-policy"
    create_policy(
        f"{d}/cloudtrail-create-policy-action-star.violating",
        "acme-ml-pipeline-runner",
        policy_text(READ_DATA, EVERYTHING),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-star-hidden-in-action-list-tabs.violating",
        "acme-ml-feature-jobs",
        policy_text({"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": "*"}, tabs=True),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-single-statement-object.violating",
        "acme-ml-notebook-users",
        policy_text({"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}, single=True),
    )
    create_policy(
        f"{d}/cloudtrail-create-policy-deny-star.compliant",
        "acme-ml-quarantine",
        policy_text({"Sid": "QuarantineEverything", "Effect": "Deny", "Action": "*", "Resource": "*"}),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-not-default.compliant",
        "acme-ml-drafts",
        policy_text(EVERYTHING),
        default=False,
    )

    d = "iam/iam-wildcard-admin-policy"
    config(
        f"{d}/config-iam-policy-no-statements-with-admin-access.violating",
        "iam-policy-no-statements-with-admin-access",
        unique_id("ANPA", "config-admin-policy"),
        resource_type="AWS::IAM::Policy",
    )
    config(
        f"{d}/config-iam-policy-no-statements-with-admin-access-stale.compliant",
        "securityhub-iam-policy-no-statements-with-admin-access-5e6f7a",
        unique_id("ANPA", "config-admin-policy-fixed"),
        resource_type="AWS::IAM::Policy",
    )
