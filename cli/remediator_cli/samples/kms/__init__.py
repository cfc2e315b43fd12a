"""What the kms family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, REGION


def key_id(name: str) -> str:
    """A sample key id: AWS names keys itself, so the world rewrites these to the keys it creates."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"compliance-remediator/key/{name}"))


def key_arn(name: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id(name)}"


key_call = caller("kms", "AWS::KMS::Key", key_arn)


def key_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsKmsKey",
        "Id": key_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {
            "AwsKmsKey": {
                "KeyId": key_id(name),
                "KeyManager": "CUSTOMER",
                "KeyState": "Enabled",
                "Origin": "AWS_KMS",
            }
        },
    }


def key_policy(name: str, *extra: dict[str, Any]) -> str:
    root = {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    # PutKeyPolicy's policy is a JSON string, as the caller wrote it (any whitespace).
    return json.dumps(
        {"Version": "2012-10-17", "Id": f"key-policy-{name}", "Statement": [root, *extra]}, indent=4
    )


def key_metadata(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "keyMetadata": {
            "aWSAccountId": ACCOUNT,
            "keyId": key_id(name),
            "arn": key_arn(name),
            "creationDate": "Nov 20, 2026, 9:41:12 AM",
            "enabled": True,
            "keyUsage": "ENCRYPT_DECRYPT",
            "keyState": "Enabled",
            "origin": "AWS_KMS",
            "keyManager": "CUSTOMER",
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "multiRegion": False,
            **fields,
        }
    }
