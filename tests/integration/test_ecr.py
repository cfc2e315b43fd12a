"""The ECR family through its engine on moto: scan on push turned back on (and left to a registry rule that
scans the repository already), public repository statements removed with the others kept, mutable tags
alerted. Each test reads the repository back from moto."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from conftest import load_event
from faults import Faults
from helpers import ACCOUNT, REGION, compliant_resource, family_engine
from remediator.aws import ClientFactory
from remediator.resources import ECR_REPOSITORY
from remediator_cli.plants import plant


def engine_for(runtime, clients=None, **settings):
    return family_engine("ecr", runtime, clients, **settings)


def repository_from(aws, rule, name, *plants):
    """The sample event, and its repository made compliant in moto with `plants` committed on it."""
    event = load_event(f"ecr/{rule}/{name}.json")
    repository = event["detail"]["requestParameters"]["repositoryName"]
    ctx, resource = compliant_resource(aws, ECR_REPOSITORY.resource(repository, ACCOUNT, REGION))
    for planted in plants:
        plant(planted, ctx, resource)
    return event, repository


def described(aws, name):
    (found,) = aws.client("ecr").describe_repositories(repositoryNames=[name])["repositories"]
    return found


def statements(aws, name):
    try:
        text = aws.client("ecr").get_repository_policy(repositoryName=name)["policyText"]
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "RepositoryPolicyNotFoundException"
        return None
    return [s.get("Sid") for s in json.loads(text)["Statement"]]


def ecr_changes(clients):
    return [c for c in clients.call_log.changes if c.startswith("ecr:")]


def on(operation, kind, times=1):
    left = {"n": times}

    def choose(service, op, params):
        if op != operation or left["n"] == 0:
            return None
        left["n"] -= 1
        return kind

    return Faults(choose)


# ---------------------------------------------------------------- scan on push


def unscanned_under(aws, scan_type, frequency, repository_filter):
    """The unscanned repository's sample, in a registry scanning `scan_type` with one rule."""
    event, name = repository_from(
        aws,
        "ecr-scan-on-push-disabled",
        "cloudtrail-create-repository-unscanned.violating",
        "ecr-scan-on-push-disabled",
    )
    rule = {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": repository_filter, "filterType": "WILDCARD"}],
    }
    aws.client("ecr").put_registry_scanning_configuration(scanType=scan_type, rules=[rule])
    return event, name


def test_a_repository_created_without_scan_on_push_gets_it_back_and_the_fix_is_ledgered_and_alerted(
    aws, runtime
):
    event, name = repository_from(
        aws,
        "ecr-scan-on-push-disabled",
        "cloudtrail-create-repository-unscanned.violating",
        "ecr-scan-on-push-disabled",
    )

    decisions = {d.rule: d for d in engine_for(runtime).handle(event)}

    assert decisions["ecr-scan-on-push-disabled"].outcome.value == "remediated"
    assert decisions["ecr-tags-mutable"].outcome.value == "compliant"  # CreateRepository asks both
    assert described(aws, name)["imageScanningConfiguration"] == {"scanOnPush": True}
    assert [(i["rule"], i["outcome"]) for i in runtime.ledger() if i["outcome"] != "compliant"] == [
        ("ecr-scan-on-push-disabled", "remediated")
    ]
    (alert,) = runtime.alerts()
    assert "turned scan on push back on" in json.dumps(alert) and name in json.dumps(alert)


def test_a_repository_a_registry_rule_scans_on_push_is_compliant_and_left_alone(aws, runtime):
    event, name = unscanned_under(aws, "BASIC", "SCAN_ON_PUSH", "acme-ml/*")
    clients = ClientFactory()

    decisions = {d.rule: d for d in engine_for(runtime, clients).handle(event)}

    assert decisions["ecr-scan-on-push-disabled"].outcome.value == "compliant"
    assert "the registry scans it (SCAN_ON_PUSH" in decisions["ecr-scan-on-push-disabled"].reason
    assert clients.call_log.changes == [] and runtime.alerts() == []
    assert described(aws, name)["imageScanningConfiguration"] == {"scanOnPush": False}


def test_under_enhanced_scanning_an_unmatched_repository_is_alerted_with_the_registry_rule_and_not_changed(
    aws, runtime
):
    event, name = unscanned_under(aws, "ENHANCED", "CONTINUOUS_SCAN", "prod-*")
    clients = ClientFactory()

    decisions = {d.rule: d for d in engine_for(runtime, clients).handle(event)}

    decision = decisions["ecr-scan-on-push-disabled"]
    assert decision.outcome.value == "violation" and "put-registry-scanning-configuration" in decision.reason
    assert ecr_changes(clients) == []  # an account-wide change is not the remediator's to make
    assert described(aws, name)["imageScanningConfiguration"] == {"scanOnPush": False}
    assert len(runtime.alerts()) == 1


def test_a_throttled_fix_raises_for_lambdas_retry_and_the_retry_fixes_it_once(aws, runtime):
    from remediator.engine import RetryLaterError

    event, name = repository_from(
        aws,
        "ecr-scan-on-push-disabled",
        "cloudtrail-create-repository-unscanned.violating",
        "ecr-scan-on-push-disabled",
    )
    with pytest.raises(RetryLaterError):
        engine_for(
            runtime, ClientFactory(session=on("PutImageScanningConfiguration", "throttle", 9).session())
        ).handle(event)
    assert described(aws, name)["imageScanningConfiguration"] == {"scanOnPush": False}

    clients = ClientFactory()
    decisions = {d.rule: d for d in engine_for(runtime, clients).handle(event)}

    assert decisions["ecr-scan-on-push-disabled"].outcome.value == "remediated"
    assert clients.call_log.changes.count("ecr:PutImageScanningConfiguration") == 1
    assert described(aws, name)["imageScanningConfiguration"] == {"scanOnPush": True}


def test_a_repository_deleted_before_the_event_is_judged_is_nothing_to_do(aws, runtime):
    event = load_event("ecr/ecr-scan-on-push-disabled/cloudtrail-create-repository-unscanned.violating.json")
    clients = ClientFactory()

    decisions = engine_for(runtime, clients).handle(event)

    assert {d.outcome.value for d in decisions} <= {"ignored", "compliant"}
    assert clients.call_log.changes == [] and runtime.alerts() == []


# ---------------------------------------------------------------- public policy


def test_a_public_statement_is_removed_and_the_partner_account_statement_kept(aws, runtime):
    event, name = repository_from(
        aws,
        "ecr-repository-public",
        "cloudtrail-set-repository-policy-public.violating",
        "ecr-repository-public",
    )
    assert statements(aws, name) == ["PartnerPull", "PublicPull"]

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "remediated" and "removed 1 public statement, kept 1" in decision.reason
    assert "PublicPull" in decision.reason and "ecr:BatchGetImage" in decision.reason
    assert statements(aws, name) == ["PartnerPull"]
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_a_policy_that_only_made_the_repository_public_is_deleted(aws, runtime):
    event, name = repository_from(
        aws, "ecr-repository-public", "cloudtrail-set-repository-policy-public.violating"
    )
    public = {"Version": "2012-10-17", "Statement": [{"Sid": "PublicPull", "Effect": "Allow", "Principal": "*",
                                                      "Action": ["ecr:BatchGetImage"]}]}  # fmt: skip
    aws.client("ecr").set_repository_policy(repositoryName=name, policyText=json.dumps(public))

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "remediated" and "deleted the now empty policy" in decision.reason
    assert statements(aws, name) is None


def test_a_lost_reply_on_the_policy_delete_is_confirmed_by_reading_the_repository_again(aws, runtime):
    event, name = repository_from(
        aws, "ecr-repository-public", "cloudtrail-set-repository-policy-public.violating"
    )
    public = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                      "Action": "ecr:*"}]}  # fmt: skip
    aws.client("ecr").set_repository_policy(repositoryName=name, policyText=json.dumps(public))
    faults = on("DeleteRepositoryPolicy", "lost")

    (decision,) = engine_for(runtime, ClientFactory(session=faults.session())).handle(event)

    assert faults.injected["lost"] == 1 and statements(aws, name) is None
    assert decision.outcome.value == "remediated" and "reply was lost" in decision.reason
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_an_organization_only_statement_is_not_public(aws, runtime):
    event, name = repository_from(
        aws, "ecr-repository-public", "cloudtrail-set-repository-policy-organization.compliant"
    )
    policy = json.loads(event["detail"]["requestParameters"]["policyText"])
    aws.client("ecr").set_repository_policy(repositoryName=name, policyText=json.dumps(policy))
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "compliant" and clients.call_log.changes == []
    assert statements(aws, name) == ["OrganizationPull"]


# ---------------------------------------------------------------- mutable tags


def test_mutable_tags_are_alerted_with_the_way_to_immutable_and_not_changed(aws, runtime):
    event, name = repository_from(
        aws, "ecr-tags-mutable", "cloudtrail-put-image-tag-mutability-mutable.violating", "ecr-tags-mutable"
    )
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "violation" and "IMMUTABLE_WITH_EXCLUSION" in decision.reason
    assert ecr_changes(clients) == [] and described(aws, name)["imageTagMutability"] == "MUTABLE"
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "low"


def test_the_sweep_lists_every_repository_including_namespaced_ones(aws):
    for name in ("acme-ml/train-base", "acme-ml/serve/llm", "tokenizer"):
        compliant_resource(aws, ECR_REPOSITORY.resource(name, ACCOUNT, REGION))

    listed = sorted(ECR_REPOSITORY.list_ids(ClientFactory().for_account(ACCOUNT, REGION)))

    assert listed == ["acme-ml/serve/llm", "acme-ml/train-base", "tokenizer"]
    resource = ECR_REPOSITORY.resource(
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/acme-ml/serve/llm", ACCOUNT, REGION
    )
    assert resource.id == "acme-ml/serve/llm"


# ---------------------------------------------------------------- Amazon Inspector's image findings


def finding_about(aws, name="inspector-package-vulnerability-high.violating", *, pushed=True):
    event = load_event(f"ecr/ecr-image-vulnerable/{name}.json")
    image = event["detail"]["resources"][0]["details"]["awsEcrContainerImage"]
    ctx, resource = compliant_resource(aws, ECR_REPOSITORY.resource(image["repositoryName"], ACCOUNT, REGION))
    if pushed:
        plant("ecr-image-vulnerable", ctx, resource)
    return event


def test_a_high_finding_on_a_pushed_image_is_alerted_with_the_image_the_cve_and_the_fixed_version(
    aws, runtime
):
    event = finding_about(aws)
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert (decision.rule, decision.outcome.value) == ("ecr-image-vulnerable", "violation")
    for shown in ("CVE-2022-40897", "setuptools 45.2.0 (fixed in 65.5.1)", "v1.4", "sha256:"):
        assert shown in decision.reason, shown
    assert ecr_changes(clients) == []  # an image is rebuilt by its owner, never by the remediator
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "high"
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]


def test_a_critical_finding_is_a_critical_alert(aws, runtime):
    event = finding_about(aws)
    event["detail"]["severity"] = "CRITICAL"

    engine_for(runtime).handle(event)

    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "critical"


def test_a_finding_on_an_image_deleted_since_the_scan_is_nothing_to_do(aws, runtime):
    event = finding_about(aws, "inspector-package-vulnerability-image-deleted.compliant", pushed=False)

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "compliant" and "no longer in" in decision.reason
    assert runtime.alerts() == []


def test_values_from_the_finding_that_fit_no_grammar_never_reach_the_alert(aws, runtime):
    event = finding_about(aws)
    details = event["detail"]["packageVulnerabilityDetails"]
    details["vulnerabilityId"] = "<!channel> CVE-2022-40897"
    details["vulnerablePackages"][0]["fixedInVersion"] = "*click* <https://evil.example|here>"
    image = event["detail"]["resources"][0]["details"]["awsEcrContainerImage"]
    image["imageTags"] = ["v1.4", "<@U024BE7LH>"]

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation"
    alert = json.dumps(runtime.alerts()) + json.dumps(runtime.ledger())
    for planted in ("<!channel>", "evil.example", "<@U024BE7LH>", "*click*"):
        assert planted not in alert, planted
    assert "setuptools 45.2.0 (a fix exists)" in decision.reason and "v1.4" in decision.reason


def test_a_finding_about_something_other_than_an_ecr_image_is_not_ours(aws, runtime):
    event = finding_about(aws)
    event["detail"]["resources"][0]["type"] = "AWS_EC2_INSTANCE"

    assert engine_for(runtime).handle(event) == []
    assert runtime.alerts() == [] and runtime.ledger() == []
