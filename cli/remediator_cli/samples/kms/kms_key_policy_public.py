"""kms-key-policy-public: its sample events (events/kms/kms-key-policy-public/)."""

from __future__ import annotations

from remediator_cli.samples.kms import key_call, key_id, key_metadata, key_policy


def cases() -> None:
    d = "kms/kms-key-policy-public"
    anyone = {
        "Sid": "AnyoneDecrypt",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    org_only = {
        "Sid": "OrgDecrypt",
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["kms:Decrypt", "kms:DescribeKey"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    }
    key_call(
        f"{d}/cloudtrail-put-key-policy-public.violating",
        "PutKeyPolicy",
        "acme-ml-key-policy",
        {
            "keyId": key_id("acme-ml-key-policy"),
            "policyName": "default",
            "policy": key_policy("acme-ml-key-policy", anyone),
            "bypassPolicyLockoutSafetyCheck": False,
        },
    )
    key_call(
        f"{d}/cloudtrail-put-key-policy-org-narrowed.compliant",
        "PutKeyPolicy",
        "acme-ml-key-policy-org",
        {
            "keyId": key_id("acme-ml-key-policy-org"),
            "policyName": "default",
            "policy": key_policy("acme-ml-key-policy-org", org_only),
            "bypassPolicyLockoutSafetyCheck": False,
        },
    )
    key_call(
        f"{d}/cloudtrail-create-key-public-policy.violating",
        "CreateKey",
        "acme-ml-key-created-public",
        {
            "description": "feature store key",
            "keyUsage": "ENCRYPT_DECRYPT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "policy": key_policy("acme-ml-key-created-public", anyone),
            "bypassPolicyLockoutSafetyCheck": False,
        },
        key_metadata("acme-ml-key-created-public", description="feature store key"),
    )
    key_call(
        f"{d}/cloudtrail-create-key-default-policy.compliant",
        "CreateKey",
        "acme-ml-key-created",
        {"description": "checkpoints key", "keyUsage": "ENCRYPT_DECRYPT", "keySpec": "SYMMETRIC_DEFAULT"},
        key_metadata("acme-ml-key-created", description="checkpoints key"),
    )
