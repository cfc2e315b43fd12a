"""rds-storage-encrypted: its sample events (events/rds/rds-storage-encrypted/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.rds import create_cluster, create_db, db_resource
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "rds/rds-storage-encrypted"
    create_cluster(f"{d}/cloudtrail-create-db-cluster-unencrypted.violating", "acme-ml-ranking")
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-encrypted.compliant", "acme-ml-scoring", storageEncrypted=True
    )
    create_db(f"{d}/cloudtrail-create-db-instance-unencrypted.violating", "acme-ml-eval-db")
    create_db(
        f"{d}/cloudtrail-create-db-instance-encrypted.compliant",
        "acme-ml-eval-db-encrypted",
        storageEncrypted=True,
    )
    config(
        f"{d}/config-rds-storage-encrypted.violating",
        "rds-storage-encrypted",
        "acme-ml-eval-db-config",
        resource_type="AWS::RDS::DBInstance",
    )
    config(
        f"{d}/config-rds-storage-encrypted-stale.compliant",
        "rds-storage-encrypted",
        "acme-ml-eval-db-config-fixed",
        resource_type="AWS::RDS::DBInstance",
    )
    securityhub(
        f"{d}/securityhub-rds-3.violating",
        "RDS.3",
        "",
        "RDS DB instances should have encryption at-rest enabled",
        resource=db_resource("acme-ml-eval-db-sh"),
    )
    securityhub(
        f"{d}/securityhub-rds-3-stale.compliant",
        "RDS.3",
        "",
        "RDS DB instances should have encryption at-rest enabled",
        resource=db_resource("acme-ml-eval-db-sh-ok"),
    )
