"""names.py restates AWS's naming rules; here each is held to the definition botocore ships (the services' API
models: each name's pattern and length bounds), on probes at and around the rules' edges."""

from __future__ import annotations

import re
from functools import cache

import botocore.session
import pytest

from remediator.names import arn_problem, name_problem

# our type -> (service, the model's shape for that name)
SHAPES = {
    "AWS::IAM::Role": ("iam", "roleNameType"),
    "AWS::IAM::User": ("iam", "userNameType"),
    "AWS::IAM::Group": ("iam", "groupNameType"),
    "AWS::SageMaker::NotebookInstance": ("sagemaker", "NotebookInstanceName"),
    "AWS::SageMaker::Model": ("sagemaker", "ModelName"),
    "AWS::SageMaker::EndpointConfig": ("sagemaker", "EndpointConfigName"),
    "AWS::SageMaker::Endpoint": ("sagemaker", "EndpointName"),
    "AWS::SageMaker::TrainingJob": ("sagemaker", "TrainingJobName"),
    "AWS::SageMaker::ProcessingJob": ("sagemaker", "ProcessingJobName"),
    "AWS::SageMaker::TransformJob": ("sagemaker", "TransformJobName"),
    "AWS::SageMaker::Domain": ("sagemaker", "DomainId"),
    "AWS::Bedrock::ModelCustomizationJob": ("bedrock", "JobName"),
    "AWS::ECR::Repository": ("ecr", "RepositoryName"),
    "AWS::CodeBuild::Project": ("codebuild", "ProjectName"),
    "AWS::CodePipeline::Pipeline": ("codepipeline", "PipelineName"),
}
PROBES = ["a", "ab", "a-b", "a--b", "-a", "a-", "A1", "a_b", "a.b", "a+b", "a=b,c@d", "a b", "a/b", "../a",
          "a%2fb", "a\x00b", "d-abc", "d-", "d--abc", "d-ABC", "a" * 63, "a" * 64, "a" + "-" * 62 + "b",
          "x" * 128, "x" * 129, "", "é", "a__b", "a___b", "a/b/c", "a//b", "a/", "ml/model-1.2", "x" * 256,
          "x" * 257]  # fmt: skip


@cache
def _meta(service: str, shape: str) -> dict:
    return dict(botocore.session.get_session().get_service_model(service).shape_for(shape).metadata)


def botocore_accepts(service: str, shape: str, value: str) -> bool:
    meta = _meta(service, shape)
    if not meta.get("min", 1) <= len(value) <= meta.get("max", 10**6) or not value:
        return False
    return re.fullmatch(meta["pattern"], value, flags=re.ASCII) is not None


@pytest.mark.parametrize("cfn_type", sorted(SHAPES))
def test_each_naming_rule_is_the_api_models(cfn_type):
    service, shape = SHAPES[cfn_type]
    differ = [p for p in PROBES
              if (name_problem(cfn_type, p, "us-east-1") is None) != botocore_accepts(service, shape, p)]  # fmt: skip
    assert not differ, f"{cfn_type} disagrees with {service}:{shape} on {differ}"


@pytest.mark.parametrize(
    ("arn", "valid"),
    [("arn:aws:s3:::acme-ml", True), ("arn:aws-cn:iam::123456789012:role/x", True),
     ("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", True),
     ("arn:aws:s3:::acme ml", False), ("arn:aws:iam::12345:role/x", False), ("arn:foo:s3:::a", False),
     ("arn:aws:s3", False)],
)  # fmt: skip
def test_arns_follow_the_arn_grammar(arn, valid):
    assert (arn_problem(arn) is None) is valid
