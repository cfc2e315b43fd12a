"""What the rds family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role


def db_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{name}"


def db_snapshot_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:snapshot:{name}"


db_call = caller("rds", "AWS::RDS::DBInstance", db_arn)


def db_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsRdsDbInstance",
        "Id": db_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsRdsDbInstance": {"DBInstanceIdentifier": name, "Engine": "postgres"}},
    }


def create_db(path: str, name: str, **settings: Any) -> None:
    """CreateDBInstance as CloudTrail records it: what was asked, and in responseElements the defaults that
    applied (PubliclyAccessible, StorageEncrypted) and the status (creating)."""
    request = {
        "dBInstanceIdentifier": name,
        "dBInstanceClass": "db.t3.medium",
        "engine": "postgres",
        "masterUsername": "mladmin",
        "allocatedStorage": 100,
        **settings,
    }
    response = {
        "dBInstanceIdentifier": name,
        "dBInstanceClass": "db.t3.medium",
        "engine": "postgres",
        "dBInstanceStatus": "creating",
        "publiclyAccessible": settings.get("publiclyAccessible", False),
        "storageEncrypted": settings.get("storageEncrypted", False),
        "dBInstanceArn": db_arn(name),
    }
    db_call(
        path,
        "CreateDBInstance",
        name,
        request,
        response,
        identity=assumed_role("PlatformEngineer", "liam.chen"),
    )


def cluster_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{name}"


cluster_call = caller("rds", "AWS::RDS::DBCluster", cluster_arn)


def create_cluster(path: str, name: str, **settings: Any) -> None:
    """CreateDBCluster for a Multi-AZ DB cluster (PostgreSQL): the defaults that applied are in the response."""
    request = {
        "dBClusterIdentifier": name,
        "engine": "postgres",
        "dBClusterInstanceClass": "db.m5d.large",
        "allocatedStorage": 100,
        "storageType": "io1",
        "iops": 1000,
        "masterUsername": "mladmin",
        **settings,
    }
    response = {
        "dBClusterIdentifier": name,
        "engine": "postgres",
        "status": "creating",
        "multiAZ": True,
        "publiclyAccessible": settings.get("publiclyAccessible", False),
        "storageEncrypted": settings.get("storageEncrypted", False),
        "dBClusterArn": cluster_arn(name),
    }
    cluster_call(
        path,
        "CreateDBCluster",
        name,
        request,
        response,
        identity=assumed_role("PlatformEngineer", "liam.chen"),
    )
