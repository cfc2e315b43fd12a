"""What the cicd family's sample cases share: names, ARNs and request shapes (CodeBuild's CreateProject and
CodePipeline's CreatePipeline as CloudTrail records them)."""

from __future__ import annotations

from typing import Any

from remediator_cli.plants.cicd import FAKE_TOKEN
from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, CUSTOMER_KEY, REGION, assumed_role

KEY = CUSTOMER_KEY
ENGINEER = assumed_role("PlatformEngineer", "liam.chen")


def project_arn(name: str) -> str:
    return f"arn:aws:codebuild:{REGION}:{ACCOUNT}:project/{name}"


def pipeline_arn(name: str) -> str:
    return f"arn:aws:codepipeline:{REGION}:{ACCOUNT}:{name}"


project_call = caller("codebuild", "AWS::CodeBuild::Project", project_arn)
pipeline_call = caller("codepipeline", "AWS::CodePipeline::Pipeline", pipeline_arn)


def environment(*, privileged: bool = False, plaintext_token: bool = False) -> dict[str, Any]:
    token = (
        {"name": "HF_TOKEN", "value": FAKE_TOKEN, "type": "PLAINTEXT"}
        if plaintext_token
        else {"name": "HF_TOKEN", "value": "/acme-ml/build/hf-token", "type": "PARAMETER_STORE"}
    )
    return {
        "type": "LINUX_CONTAINER",
        "image": "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
        "computeType": "BUILD_GENERAL1_MEDIUM",
        "privilegedMode": privileged,
        "imagePullCredentialsType": "CODEBUILD",
        "environmentVariables": [{"name": "MODEL_NAME", "value": "churn", "type": "PLAINTEXT"}, token],
    }


def project_settings(**env: bool) -> dict[str, Any]:
    """A project's settings (CreateProject's request without its name and key): source, output, build."""
    return {
        "source": {
            "type": "CODECOMMIT",
            "location": "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/acme-ml",
        },
        "artifacts": {"type": "S3", "location": "acme-ml-build-artifacts"},
        "environment": environment(**env),
        "serviceRole": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-codebuild",
    }


def create_project(
    path: str, name: str, *, key: str | None = KEY, event: str = "CreateProject", **env: bool
) -> None:
    """CreateProject (or UpdateProject): the request, and the project as the response returns it."""
    request: dict[str, Any] = {"name": name, **project_settings(**env)}
    if key:
        request["encryptionKey"] = key
    response = {
        "project": {
            **request,
            "arn": project_arn(name),
            "encryptionKey": key or f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/s3",
            "timeoutInMinutes": 60,
            "queuedTimeoutInMinutes": 480,
            "created": "Nov 20, 2026, 9:14:03 AM",
            "lastModified": "Nov 20, 2026, 9:14:03 AM",
            "badge": {"badgeEnabled": False},
            "projectVisibility": "PRIVATE",
        }
    }
    project_call(path, event, name, request, response, identity=ENGINEER)


def project_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsCodeBuildProject",
        "Id": project_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsCodeBuildProject": {"Name": name}},
    }


def pipeline(name: str, key: str | None, role_arn: str | None = None) -> dict[str, Any]:
    """A model release pipeline: the model from S3, its serving image built by CodeBuild."""
    store: dict[str, Any] = {"type": "S3", "location": "acme-ml-pipeline-artifacts"}
    if key:
        store["encryptionKey"] = {"id": key, "type": "KMS"}
    source = {
        "name": "Source",
        "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
        "configuration": {"S3Bucket": "acme-ml-models", "S3ObjectKey": "churn/model.tar.gz"},
        "outputArtifacts": [{"name": "Model"}],
    }
    build = {
        "name": "Build",
        "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "configuration": {"ProjectName": "acme-ml-serve-image"},
        "inputArtifacts": [{"name": "Model"}],
    }
    return {
        "name": name,
        "roleArn": role_arn or f"arn:aws:iam::{ACCOUNT}:role/acme-ml-codepipeline",
        "artifactStore": store,
        "stages": [{"name": "Source", "actions": [source]}, {"name": "Build", "actions": [build]}],
        "version": 1,
    }
