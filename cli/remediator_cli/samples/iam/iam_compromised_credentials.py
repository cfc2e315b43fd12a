"""iam-compromised-credentials: its sample events (events/iam/iam-compromised-credentials/)."""

from __future__ import annotations

from remediator_cli.samples.guardduty import credential_finding


def cases() -> None:
    d = "iam/iam-compromised-credentials"
    credential_finding(
        f"{d}/guardduty-instance-credential-exfiltration-role.violating",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "AssumedRole",
        "acme-ml-training-node",
        "Credentials for instance role acme-ml-training-node used from a remote AWS account",
        "ListObjectsV2",
    )
    credential_finding(
        f"{d}/guardduty-malicious-ip-caller-user.violating",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        "IAMUser",
        "acme-ml-ci-leaked",
        "API GetObject was invoked from a known malicious IP address",
        "GetObject",
    )
    credential_finding(
        f"{d}/guardduty-malicious-ip-caller-user-key-deactivated.compliant",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        "IAMUser",
        "acme-ml-ci-rotated",
        "API GetObject was invoked from a known malicious IP address",
        "GetObject",
    )
