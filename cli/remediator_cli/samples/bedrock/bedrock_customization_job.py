"""bedrock-customization-job: its sample events (events/bedrock/bedrock-customization-job/)."""

from __future__ import annotations

from remediator_cli.samples.bedrock import bedrock_call
from remediator_cli.samples.shapes import ACCOUNT, REGION, ident


def cases() -> None:
    d = "bedrock/bedrock-customization-job"
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678"
    vpc = {"securityGroupIds": ["sg-0a1b2c3d4e5f60718"], "subnetIds": ["subnet-0a1b2c3d4e5f60718"]}
    data = f"s3://acme-ml-training-data-{ACCOUNT}"
    for case, name, extra in (
        ("defaults.violating", "acme-ml-support-tune-0412", {}),
        ("isolated.compliant", "acme-ml-support-tune-0413", {"customModelKmsKeyId": key, "vpcConfig": vpc}),
    ):
        arn = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:model-customization-job/amazon.titan-text-express-v1:0:8k/{ident(name)[:12]}"
        bedrock_call(
            f"{d}/cloudtrail-create-model-customization-job-{case}",
            "CreateModelCustomizationJob",
            {
                "jobName": name,
                "customModelName": f"{name}-model",
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-bedrock-tuning",
                "baseModelIdentifier": "amazon.titan-text-express-v1",
                "trainingDataConfig": {"s3Uri": f"{data}/tuning/train.jsonl"},
                "outputDataConfig": {"s3Uri": f"{data}/tuning/out/"},
                "hyperParameters": {"epochCount": "2"},
                **extra,
            },
            {"jobArn": arn},
            resource=("AWS::Bedrock::ModelCustomizationJob", arn),
        )
