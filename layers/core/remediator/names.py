"""AWS's naming rules for the resources the rules judge, applied to every name and ARN an event carries: a name
AWS would never accept (a bucket named `../x`, 10 KB of text, a control character) is rejected when the event is
parsed, in one line, and never reaches boto3. The patterns are the services' own, as their API references
state them (the S3 user guide's bucket naming rules, IAM's `[\\w+=,.@-]` names, SageMaker's `EntityName`, ...).
"""

from __future__ import annotations

import re

_SAGEMAKER = r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"  # SageMaker's EntityName
_RDS = r"[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)"  # a letter first, no "--", no hyphen last
_REGION = r"[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}"
_IAM_NAME = r"[\w+=,.@-]{1,128}"
# IAM's path pattern (/ or /.../), as a policy's id carries it: without the leading slash (path/name)
_IAM_PATH = r"([\x21-\x7e]{0,510}/)?"

PATTERNS: dict[str, str] = {
    # 3-63 lowercase letters, digits, dots and hyphens, a letter or digit at each end, no ".."
    "AWS::S3::Bucket": r"(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
    "AWS::CloudTrail::Trail": r"[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]",
    # a key id, a multi-Region key id, or an alias
    "AWS::KMS::Key": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}"
    r"|alias/[a-zA-Z0-9:/_-]{1,250}",
    "AWS::IAM::Policy": _IAM_PATH + _IAM_NAME,
    "AWS::IAM::Role": r"[\w+=,.@-]{1,64}",
    "AWS::IAM::User": r"[\w+=,.@-]{1,64}",
    "AWS::IAM::Group": _IAM_NAME,
    "AWS::::Account": r"\d{12}",
    "AWS::SageMaker::NotebookInstance": _SAGEMAKER,
    "AWS::SageMaker::EndpointConfig": _SAGEMAKER,
    "AWS::SageMaker::Endpoint": _SAGEMAKER,
    "AWS::SageMaker::Model": _SAGEMAKER,
    "AWS::SageMaker::Domain": r"d-(-*[a-z0-9]){1,61}",  # the API's DomainId pattern
    "AWS::SageMaker::TrainingJob": _SAGEMAKER,
    "AWS::SageMaker::ProcessingJob": _SAGEMAKER,
    "AWS::SageMaker::TransformJob": _SAGEMAKER,
    "AWS::EC2::EBSEncryptionByDefault": _REGION,
    "AWS::EC2::Snapshot": r"snap-[0-9a-f]{8}([0-9a-f]{9})?",
    "AWS::EC2::Volume": r"vol-[0-9a-f]{8}([0-9a-f]{9})?",
    "AWS::RDS::DBInstance": _RDS,
    "AWS::RDS::DBCluster": _RDS,
    "AWS::RDS::DBSnapshot": r"(rds:)?[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)",
    "AWS::Bedrock::ModelInvocationLogging": _REGION,
    "AWS::Glue::DataCatalogEncryptionSettings": _REGION,
    "AWS::Bedrock::ModelCustomizationJob": r"[a-zA-Z0-9](-*[a-zA-Z0-9+.-])*",
    # 2-256 characters: lowercase components joined by ".", "_", "__" or "-"s, namespaces by "/"
    "AWS::CodeBuild::Project": r"[A-Za-z0-9][A-Za-z0-9\-_]{1,149}",
    "AWS::CodePipeline::Pipeline": r"(?=.{1,100}\Z)[A-Za-z0-9.@\-_]+",
    "AWS::ECR::Repository": r"(?=.{2,256}\Z)[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*",
}
# Buckets made in us-east-1 before March 2018 may have up to 255 letters, digits, ".", "_" and "-".
LEGACY_BUCKET = re.compile(r"(?!.*\.\.)[A-Za-z0-9._-]{1,255}", re.ASCII)
# The longest name each API takes, where its pattern alone allows longer (hyphens repeat freely in SageMaker's).
MAX_LENGTH = {
    t: 63 for t in PATTERNS if t.startswith(("AWS::SageMaker::", "AWS::Bedrock::ModelCustomization"))
}
# Names are ASCII: IAM's \w is [A-Za-z0-9_], not every letter of Unicode.
_COMPILED = {cfn_type: re.compile(f"(?:{pattern})", re.ASCII) for cfn_type, pattern in PATTERNS.items()}
# arn:partition:service:region:account:resource, as the ARN reference defines it
ARN = re.compile(r"arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)")
MAX_SHOWN = 60


def shown(value: str) -> str:
    """A value from an event, safe for a one-line reason: printable, and cut short."""
    text = value if len(value) <= MAX_SHOWN else f"{value[:MAX_SHOWN]}... ({len(value)} characters)"
    return repr(text)


def name_problem(cfn_type: str, name: str, region: str) -> str | None:
    """Why AWS would refuse `name` for a resource of `cfn_type`, or None when it is a name AWS accepts."""
    pattern = _COMPILED.get(cfn_type)
    if pattern is None or (pattern.fullmatch(name) and len(name) <= MAX_LENGTH.get(cfn_type, len(name))):
        return None
    if cfn_type == "AWS::S3::Bucket" and region == "us-east-1" and LEGACY_BUCKET.fullmatch(name):
        return None
    return f"{shown(name)} is not a name AWS accepts for {cfn_type}"


def arn_problem(arn: str) -> str | None:
    """Why `arn` is not an ARN by AWS's grammar, or None."""
    if ARN.fullmatch(arn) is None or any(ord(c) < 0x21 or ord(c) > 0x7E for c in arn):
        return f"{shown(arn)} is not an ARN"
    return None
