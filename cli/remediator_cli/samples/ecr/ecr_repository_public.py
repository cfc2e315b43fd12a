"""ecr-repository-public: its sample events (events/ecr/ecr-repository-public/)."""

from __future__ import annotations

import json

from remediator_cli.samples.ecr import ENGINEER, PARTNER_PULL, PUBLIC_PULL, PULL, ecr_call
from remediator_cli.samples.findings import policy
from remediator_cli.samples.shapes import ACCOUNT


def cases() -> None:
    d = "ecr/ecr-repository-public"
    for case, name, statement in (
        (
            "public.violating",
            "acme-ml/churn-model",
            PUBLIC_PULL,
        ),
        (
            "organization.compliant",
            "acme-ml/churn-model-shared",
            {
                "Sid": "OrganizationPull",
                "Effect": "Allow",
                "Principal": "*",
                "Action": PULL,
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
            },
        ),
        (
            "one-account.compliant",
            "acme-ml/churn-model-partner",
            PARTNER_PULL,
        ),
    ):
        text = json.dumps(policy(statement))
        request = {"repositoryName": name, "policyText": text, "force": False}
        ecr_call(
            f"{d}/cloudtrail-set-repository-policy-{case}",
            "SetRepositoryPolicy",
            name,
            request,
            {"registryId": ACCOUNT, "repositoryName": name, "policyText": text},
            identity=ENGINEER,
        )
