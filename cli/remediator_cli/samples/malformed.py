"""Events the stack must reject or ignore: malformed, from elsewhere."""

from __future__ import annotations

import json

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import cloudtrail, ident


def cases() -> None:
    d = "malformed"
    cloudtrail(f"{d}/null-request-parameters.rejected", "PutBucketAcl", "acme-ml-unknown", None)
    base = dict(FILES[f"{d}/null-request-parameters.rejected"])
    FILES[f"{d}/missing-detail.rejected"] = {k: v for k, v in base.items() if k != "detail"} | {
        "id": ident("missing-detail")
    }
    FILES[f"{d}/detail-as-string.rejected"] = base | {
        "id": ident("detail-string"),
        "detail": json.dumps(base["detail"]),
    }
    FILES[f"{d}/not-an-object.rejected"] = [base]
    FILES[f"{d}/bucket-name-not-a-string.rejected"] = base | {
        "id": ident("bucket-int"),
        "detail": base["detail"] | {"requestParameters": {"bucketName": 42}},
    }
    # Names and places AWS would never send: rejected at parse time, never retried, nothing changed
    good = FILES["s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating"]
    request = good["detail"]["requestParameters"]
    FILES[f"{d}/bucket-name-path-traversal.rejected"] = good | {
        "id": ident("bucket-traversal"),
        "detail": good["detail"]
        | {"requestParameters": request | {"bucketName": "../acme-ml-training-data"}},
    }
    FILES[f"{d}/bucket-name-control-character.rejected"] = good | {
        "id": ident("bucket-control"),
        "detail": good["detail"] | {"requestParameters": request | {"bucketName": "acme-ml\u0000data"}},
    }
    FILES[f"{d}/other-partition-region.rejected"] = good | {
        "id": ident("other-partition"),
        "region": "cn-north-1",
        "detail": good["detail"] | {"awsRegion": "cn-north-1"},
    }
    FILES[f"{d}/other-account.rejected"] = good | {"id": ident("other-account"), "account": "999999999999"}
    FILES[f"{d}/unknown-source.ignored"] = base | {
        "id": ident("unknown-source"),
        "source": "com.example.pipeline",
        "detail-type": "Training Finished",
    }
