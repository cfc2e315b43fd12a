"""DB clusters through the engine: an Aurora cluster is public through its instances, and a public writer is
made private like any instance (its storage judged once, at the cluster); a public Multi-AZ DB cluster,
which ModifyDBCluster can't make private, is alerted with how to replace it; an unencrypted cluster is
alerted. Everything is read back from moto."""

from __future__ import annotations

import json

import pytest

from conftest import EVENTS, load_event
from helpers import ACCOUNT, REGION
from remediator.engine import Engine
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.scenario import build_world, load_samples

SAMPLES = {s.path.name: s for s in load_samples(EVENTS / "rds")}


@pytest.fixture
def engine(aws, runtime):
    return Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE,
                 fold_minutes=0), family="rds", clients=aws)  # fmt: skip


def cluster(aws, name: str) -> dict:
    return aws.client("rds").describe_db_clusters(DBClusterIdentifier=name)["DBClusters"][0]


def test_a_public_multi_az_cluster_is_alerted_with_how_to_replace_it_and_left(aws, runtime, engine):
    sample = SAMPLES["cloudtrail-create-db-cluster-public.violating.json"]
    world = build_world(aws, [sample])  # the public cluster is acme-ml-vectors-public

    decisions = {d.rule: d for d in engine.handle(world.rewrite(sample.event))}

    decision = decisions["rds-public-access"]
    assert decision.outcome.value == "violation" and decision.actions == []
    assert (
        "ModifyDBCluster can't change it" in decision.reason
        and "restore its latest snapshot" in decision.reason
    )
    assert decisions["rds-storage-encrypted"].outcome.value == "compliant"
    assert cluster(aws, "acme-ml-vectors-public")["PubliclyAccessible"] is True
    (alert,) = runtime.alerts()
    assert alert["decision"]["resource"] == f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:acme-ml-vectors-public"


def test_an_unencrypted_cluster_is_alerted_once_and_its_aurora_instances_not_again(aws, runtime, engine):
    rds = aws.client("rds")
    rds.create_db_cluster(DBClusterIdentifier="acme-ml-ranking-aurora", Engine="aurora-postgresql",
                          MasterUsername="mladmin", MasterUserPassword="not-a-real-password-1")  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="acme-ml-ranking-aurora-1", DBClusterIdentifier="acme-ml-ranking-aurora",
                           Engine="aurora-postgresql", DBInstanceClass="db.r6g.large", PubliclyAccessible=True)  # fmt: skip
    created = load_event("rds/rds-storage-encrypted/cloudtrail-create-db-cluster-unencrypted.violating.json")
    on_cluster = json.loads(json.dumps(created).replace("acme-ml-ranking", "acme-ml-ranking-aurora"))
    on_instance = load_event("rds/rds-public-access/cloudtrail-create-db-instance-public.violating.json")
    on_instance = json.loads(
        json.dumps(on_instance).replace("acme-ml-features-db", "acme-ml-ranking-aurora-1")
    )

    by_cluster = {d.rule: d for d in engine.handle(on_cluster)}
    by_instance = {d.rule: d for d in engine.handle(on_instance)}

    assert by_cluster["rds-storage-encrypted"].outcome.value == "violation"
    assert "RestoreDBClusterFromSnapshot" in by_cluster["rds-storage-encrypted"].reason
    assert by_cluster["rds-public-access"].outcome.value == "compliant"  # Aurora: its instances are judged
    assert by_instance["rds-storage-encrypted"].outcome.value == "compliant"  # the cluster's storage
    assert by_instance["rds-public-access"].outcome.value == "remediated"
    instance = rds.describe_db_instances(DBInstanceIdentifier="acme-ml-ranking-aurora-1")["DBInstances"][0]
    assert instance["PubliclyAccessible"] is False  # read back from moto
    assert sorted(a["decision"]["rule"] for a in runtime.alerts()) == [
        "rds-public-access",
        "rds-storage-encrypted",
    ]


def test_the_sweep_lists_clusters(aws):
    from remediator.services.listing import db_clusters

    sample = SAMPLES["cloudtrail-create-db-cluster-private.compliant.json"]
    build_world(aws, [sample])

    assert list(db_clusters(aws.for_account(ACCOUNT, REGION))) == ["acme-ml-embeddings"]
