"""Translates a SAM template into the CloudFormation template CloudFormation's SAM transform would make, with
SAM's own translator. Run in the SAM CLI's interpreter (it holds samtranslator; the project's venv does not):

    <sam's python> sam_translate.py template.yaml out.json

Local CodeUri and ContentUri become S3 locations, as `sam package` leaves them before the transform runs."""

import json
import sys

from samcli.yamlhelper import yaml_parse
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """The stack names no AWS managed policy by name, so the translator needs no IAM lookup."""

    def load(self) -> dict:
        return {}


def main(source: str, target: str) -> None:
    with open(source) as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri"):
            if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                properties[key] = "s3://artifacts/code.zip"
    pseudo = {"AWS::Region": "us-east-1", "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}
    with open(target, "w") as f:
        json.dump(transform(template, pseudo, NoManagedPolicies()), f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
