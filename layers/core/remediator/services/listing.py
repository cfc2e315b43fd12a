"""Every resource of a type in one account and region, paginated: what the sweep and `remediator scan` judge.

Each function yields ids (or ARNs, where the path matters) page by page, so a sweep of ten thousand buckets
starts judging before the listing ends and never holds more than a page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import AccountClients

PAGE_SIZE: int | None = None  # None: the service's default (and largest) page; tests make it small


def _pages(client: Any, operation: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    config = {"PageSize": PAGE_SIZE} if PAGE_SIZE else {}
    yield from client.get_paginator(operation).paginate(**kwargs, PaginationConfig=config)


def buckets(clients: AccountClients) -> Iterator[str]:
    """The buckets whose home is this region (ListBuckets' BucketRegion filter)."""
    for page in _pages(clients.client("s3"), "list_buckets", BucketRegion=clients.region):
        yield from (b["Name"] for b in page.get("Buckets", []))


def keys(clients: AccountClients) -> Iterator[str]:
    """Every KMS key id in the region; the rules tell customer-managed keys from AWS-managed ones."""
    for page in _pages(clients.client("kms"), "list_keys"):
        yield from (k["KeyId"] for k in page.get("Keys", []))


def policies(clients: AccountClients) -> Iterator[str]:
    """Customer-managed policies (AWS-managed ones are not the account's to fix)."""
    for page in _pages(clients.client("iam"), "list_policies", Scope="Local"):
        yield from (p["Arn"] for p in page.get("Policies", []))


def roles(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("iam"), "list_roles"):
        yield from (r["Arn"] for r in page.get("Roles", []))


def users(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("iam"), "list_users"):
        yield from (u["Arn"] for u in page.get("Users", []))


def groups(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("iam"), "list_groups"):
        yield from (g["Arn"] for g in page.get("Groups", []))


def trails(clients: AccountClients) -> Iterator[str]:
    """Trails whose home is this region (a multi-region trail is judged once, where it lives)."""
    listed = clients.client("cloudtrail").describe_trails(includeShadowTrails=False)["trailList"]
    yield from (t["Name"] for t in listed)


def notebooks(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("sagemaker"), "list_notebook_instances"):
        yield from (n["NotebookInstanceName"] for n in page.get("NotebookInstances", []))


def this_region(clients: AccountClients) -> Iterator[str]:
    """A setting that exists once per account and region (EBS encryption by default): the region names it."""
    yield clients.region


def snapshots(clients: AccountClients) -> Iterator[str]:
    """The account's own EBS snapshots (not the public and shared ones it can see)."""
    for page in _pages(clients.client("ec2"), "describe_snapshots", OwnerIds=["self"]):
        yield from (s["SnapshotId"] for s in page.get("Snapshots", []))


def volumes(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("ec2"), "describe_volumes"):
        yield from (v["VolumeId"] for v in page.get("Volumes", []))


def db_instances(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("rds"), "describe_db_instances"):
        yield from (i["DBInstanceIdentifier"] for i in page.get("DBInstances", []))


def db_clusters(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("rds"), "describe_db_clusters"):
        yield from (c["DBClusterIdentifier"] for c in page.get("DBClusters", []))


def db_snapshots(clients: AccountClients) -> Iterator[str]:
    """Manual snapshots: the only ones that can be shared (automated ones can't be made public)."""
    for page in _pages(clients.client("rds"), "describe_db_snapshots", SnapshotType="manual"):
        yield from (s["DBSnapshotIdentifier"] for s in page.get("DBSnapshots", []))


def endpoint_configs(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("sagemaker"), "list_endpoint_configs"):
        yield from (c["EndpointConfigName"] for c in page.get("EndpointConfigs", []))


def endpoints(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("sagemaker"), "list_endpoints"):
        yield from (e["EndpointName"] for e in page.get("Endpoints", []))


def models(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("sagemaker"), "list_models"):
        yield from (m["ModelName"] for m in page.get("Models", []))


def domains(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("sagemaker"), "list_domains"):
        yield from (d["DomainId"] for d in page.get("Domains", []))


def _running_jobs(clients: AccountClients, kind: str) -> Iterator[str]:
    """Running SageMaker jobs only: a job's settings never change, so one that has ended was judged when it
    started (its Create*Job call), and re-alerting every finished job each day would bury the running ones."""
    title = kind.title()
    for page in _pages(clients.client("sagemaker"), f"list_{kind}_jobs", StatusEquals="InProgress"):
        yield from (j[f"{title}JobName"] for j in page.get(f"{title}JobSummaries", []))


def training_jobs(clients: AccountClients) -> Iterator[str]:
    return _running_jobs(clients, "training")


def processing_jobs(clients: AccountClients) -> Iterator[str]:
    return _running_jobs(clients, "processing")


def transform_jobs(clients: AccountClients) -> Iterator[str]:
    return _running_jobs(clients, "transform")


def customization_jobs(clients: AccountClients) -> Iterator[str]:
    """Running Bedrock model customization jobs (an ended one was judged when it was created)."""
    for page in _pages(clients.client("bedrock"), "list_model_customization_jobs", statusEquals="InProgress"):
        yield from (j["jobName"] for j in page.get("modelCustomizationJobSummaries", []))


def projects(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("codebuild"), "list_projects"):
        yield from page.get("projects", [])


def pipelines(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("codepipeline"), "list_pipelines"):
        yield from (p["name"] for p in page.get("pipelines", []))


def glue_jobs(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("glue"), "list_jobs"):
        yield from page.get("JobNames", [])


def glue_security_configurations(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("glue"), "get_security_configurations"):
        yield from (c["Name"] for c in page.get("SecurityConfigurations", []))


def glue_connections(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("glue"), "get_connections", HidePassword=True):
        yield from (c["Name"] for c in page.get("ConnectionList", []))


def glue_dev_endpoints(clients: AccountClients) -> Iterator[str]:
    for page in _pages(clients.client("glue"), "get_dev_endpoints"):
        yield from (e["EndpointName"] for e in page.get("DevEndpoints", []))


def repositories(clients: AccountClients) -> Iterator[str]:
    """The account's private ECR repositories (the registry's own, not ones shared with it)."""
    for page in _pages(clients.client("ecr"), "describe_repositories"):
        yield from (r["repositoryName"] for r in page.get("repositories", []))
