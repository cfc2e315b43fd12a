"""rds-public-access: its sample events (events/rds/rds-public-access/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.rds import create_cluster, create_db, db_call, db_resource
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "rds/rds-public-access"
    # A Multi-AZ DB cluster's public access can't change after it is made: alerted with how to replace it
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-public.violating",
        "acme-ml-vectors",
        publiclyAccessible=True,
        storageEncrypted=True,
    )
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-private.compliant",
        "acme-ml-embeddings",
        publiclyAccessible=False,
        storageEncrypted=True,
    )
    create_db(
        f"{d}/cloudtrail-create-db-instance-public.violating",
        "acme-ml-features-db",
        publiclyAccessible=True,
        storageEncrypted=True,
    )
    create_db(
        f"{d}/cloudtrail-create-db-instance-private.compliant",
        "acme-ml-features-db-private",
        publiclyAccessible=False,
        storageEncrypted=True,
    )
    db_call(
        f"{d}/cloudtrail-modify-db-instance-public.violating",
        "ModifyDBInstance",
        "acme-ml-labels-db",
        {"dBInstanceIdentifier": "acme-ml-labels-db", "publiclyAccessible": True, "applyImmediately": True},
        {
            "dBInstanceIdentifier": "acme-ml-labels-db",
            "publiclyAccessible": True,
            "dBInstanceStatus": "modifying",
        },
    )
    config(
        f"{d}/config-rds-instance-public-access-check.violating",
        "rds-instance-public-access-check",
        "acme-ml-features-db-config",
        resource_type="AWS::RDS::DBInstance",
    )
    config(
        f"{d}/config-rds-instance-public-access-check-stale.compliant",
        "rds-instance-public-access-check",
        "acme-ml-features-db-config-fixed",
        resource_type="AWS::RDS::DBInstance",
    )
    securityhub(
        f"{d}/securityhub-rds-2.violating",
        "RDS.2",
        "",
        "RDS DB Instances should prohibit public access",
        resource=db_resource("acme-ml-features-db-sh"),
    )
    securityhub(
        f"{d}/securityhub-rds-2-stale.compliant",
        "RDS.2",
        "",
        "RDS DB Instances should prohibit public access",
        resource=db_resource("acme-ml-features-db-sh-fixed"),
    )
