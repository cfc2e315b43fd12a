"""What the s3 family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.findings import macie
from remediator_cli.samples.shapes import ACCOUNT, REGION, cloudtrail


def macie_sensitive(
    path: str, finding_type: str, bucket: str, key: str, category: str, data_type: str
) -> None:
    """A Macie sensitive-data finding on one object, as a classification job reports it."""
    macie(path, finding_type, bucket, "", f"The S3 object contains {category.lower().replace('_', ' ')}")
    detail = FILES[path]["detail"]
    detail["category"] = "CLASSIFICATION"
    detail["policyDetails"] = None
    detail["resourcesAffected"]["s3Object"] = {
        "bucketArn": f"arn:aws:s3:::{bucket}",
        "key": key,
        "path": f"{bucket}/{key}",
        "extension": "csv",
        "size": 48213,
        "storageClass": "STANDARD",
        "publicAccess": False,
        "serverSideEncryption": {"encryptionType": "aws:kms", "kmsMasterKeyId": None},
    }
    detail["classificationDetails"] = {
        "jobArn": f"arn:aws:macie2:{REGION}:{ACCOUNT}:classification-job/6f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "jobId": "6f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "originType": "SENSITIVE_DATA_DISCOVERY_JOB",
        "result": {
            "status": {"code": "COMPLETE"},
            "sizeClassified": 48213,
            "mimeType": "text/csv",
            "sensitiveData": [
                {"category": category, "totalCount": 412, "detections": [{"type": data_type, "count": 412}]}
            ],
        },
    }
    detail["severity"] = {"score": 3, "description": "High"}


def s3_call(path: str, event_name: str, bucket: str, request: dict[str, Any]) -> None:
    cloudtrail(
        path, event_name, bucket, {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", **request}
    )
