"""iam-service-wildcard: its sample events (events/iam/iam-service-wildcard/)."""

from __future__ import annotations

from remediator_cli.samples.iam import (
    READ_DATA,
    create_policy,
    create_policy_version,
    policy_text,
    put_inline,
)


def cases() -> None:
    d = "iam/iam-service-wildcard"
    all_of = {
        "Sid": "AllOfS3AndSageMaker",
        "Effect": "Allow",
        "Action": ["s3:*", "sagemaker:*"],
        "Resource": "*",
    }
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-s3-star.violating", "acme-ml-data-access", policy_text(all_of)
    )
    put_inline(
        f"{d}/cloudtrail-put-role-policy-sagemaker-star.violating",
        "Role",
        "acme-ml-notebook-role",
        "notebook-access",
        policy_text(all_of),
    )
    create_policy(
        f"{d}/cloudtrail-create-policy-scoped.compliant", "acme-ml-data-reader", policy_text(READ_DATA)
    )
    put_inline(
        f"{d}/cloudtrail-put-role-policy-scoped-bucket-star.compliant",
        "Role",
        "acme-ml-batch-role",
        "batch-data",
        policy_text(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::acme-ml-batch-scratch/*"}
        ),
    )
