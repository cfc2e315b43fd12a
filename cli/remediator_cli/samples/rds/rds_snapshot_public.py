"""rds-snapshot-public: its sample events (events/rds/rds-snapshot-public/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.rds import db_snapshot_arn
from remediator_cli.samples.shapes import REGION, cloudtrail, config


def cases() -> None:
    d = "rds/rds-snapshot-public"
    for case, name, values in (
        ("public.violating", "acme-ml-features-snap", ["all"]),
        ("one-account.compliant", "acme-ml-features-snap-shared", ["210987654321"]),
    ):
        cloudtrail(
            f"{d}/cloudtrail-modify-db-snapshot-attribute-{case}",
            "ModifyDBSnapshotAttribute",
            name,
            {"dBSnapshotIdentifier": name, "attributeName": "restore", "valuesToAdd": values},
            service="rds",
            response={
                "dBSnapshotIdentifier": name,
                "dBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": values}],
            },
            resource=("AWS::RDS::DBSnapshot", db_snapshot_arn(name)),
        )
    config(
        f"{d}/config-rds-snapshots-public-prohibited.violating",
        "rds-snapshots-public-prohibited",
        "acme-ml-features-snap-config",
        resource_type="AWS::RDS::DBSnapshot",
    )
    config(
        f"{d}/config-rds-snapshots-public-prohibited-stale.compliant",
        "rds-snapshots-public-prohibited",
        "acme-ml-features-snap-config-fixed",
        resource_type="AWS::RDS::DBSnapshot",
    )
    snapshot = {"Type": "AwsRdsDbSnapshot", "Partition": "aws", "Region": REGION}
    securityhub(
        f"{d}/securityhub-rds-1.violating",
        "RDS.1",
        "",
        "RDS snapshot should be private",
        resource={**snapshot, "Id": db_snapshot_arn("acme-ml-features-snap-sh")},
    )
    securityhub(
        f"{d}/securityhub-rds-1-stale.compliant",
        "RDS.1",
        "",
        "RDS snapshot should be private",
        resource={**snapshot, "Id": db_snapshot_arn("acme-ml-features-snap-sh-fixed")},
    )
