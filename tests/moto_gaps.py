"""What moto lacks for SageMaker (and a few settings elsewhere), made good for the tests that need it;
everything else stays on moto. CodeBuild: moto's CreateProject drops encryptionKey (`keep_project_key`).

moto's CreateModel drops EnableNetworkIsolation, so every model reads back without it: `keep_model_isolation`
makes moto keep what was sent, as AWS does. conftest applies it in process, and the end-to-end tests' moto
server process starts with it (tests/moto_server.py).

moto creates every job Completed, where AWS's Create*Job leaves it InProgress: `running` sets it InProgress
in moto's own backend. moto has no StopTrainingJob, StopTransformJob or UpdateNotebookInstance: `Answers`
answers exactly those calls with botocore's Stubber (its check of the parameters sent, and its response
validated against the service model) and applies AWS's effect in moto's backend (the job Stopping, the
notebook's setting changed). The Stubber is hooked to those operations only, not activated on the whole
client: an active Stubber answers every call of its client, and these tests read everything else from moto."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.stub import Stubber

JOB_TABLES = {"AWS::SageMaker::TrainingJob": ("training_jobs", "training_job_status"),
              "AWS::SageMaker::ProcessingJob": ("processing_jobs", "processing_job_status"),
              "AWS::SageMaker::TransformJob": ("transform_jobs", "transform_job_status")}  # fmt: skip


def backend(account: str, region: str) -> Any:
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[account][region]


def job(resource: Any) -> Any:
    table, _ = JOB_TABLES[resource.type]
    return getattr(backend(resource.account, resource.region), table)[resource.id]


def status(resource: Any) -> str:
    return str(getattr(job(resource), JOB_TABLES[resource.type][1]))


def running(resource: Any) -> None:
    """The job as AWS has it just after Create*Job: InProgress."""
    setattr(job(resource), JOB_TABLES[resource.type][1], "InProgress")


def _stopping(table: str, field: str, name_param: str) -> Callable[[Any, dict[str, Any]], None]:
    def effect(sagemaker: Any, params: dict[str, Any]) -> None:
        setattr(getattr(sagemaker, table)[params[name_param]], field, "Stopping")

    return effect


def _root_access(sagemaker: Any, params: dict[str, Any]) -> None:
    sagemaker.notebook_instances[params["NotebookInstanceName"]].root_access = params["RootAccess"]


# operation -> (client method, AWS's effect in moto's backend)
MISSING = {
    "StopTrainingJob": ("stop_training_job", _stopping("training_jobs", "training_job_status", "TrainingJobName")),
    "StopTransformJob": ("stop_transform_job",
                         _stopping("transform_jobs", "transform_job_status", "TransformJobName")),
    "UpdateNotebookInstance": ("update_notebook_instance", _root_access),
}  # fmt: skip
STOPS = {"AWS::SageMaker::TrainingJob": ("stop_training_job", "TrainingJobName"),
         "AWS::SageMaker::TransformJob": ("stop_transform_job", "TransformJobName")}  # fmt: skip


class Answers:
    """Answers the calls in MISSING on `client`, in the order `expect` queues them."""

    def __init__(self, client: Any, account: str, region: str) -> None:
        self.stubber = Stubber(client)
        self.account, self.region = account, region
        self.answered: list[tuple[str, dict[str, Any]]] = []
        for operation in MISSING:
            client.meta.events.register_first(f"before-parameter-build.sagemaker.{operation}",
                                              self.stubber._assert_expected_params)  # fmt: skip
            client.meta.events.register(f"before-call.sagemaker.{operation}", self._answer)

    def expect(self, method: str, **params: Any) -> None:
        self.stubber.add_response(method, {}, params)

    def expect_stop(self, resource: Any) -> None:
        """The stop of a job of a kind moto can't stop (a processing job, moto stops itself)."""
        if resource.type in STOPS:
            method, param = STOPS[resource.type]
            self.expect(method, **{param: resource.id})

    def _answer(self, model: Any, params: Any, context: Any, **kwargs: Any) -> Any:
        answer = self.stubber._get_response_handler(model, params, context, **kwargs)
        sent = json.loads(params["body"])
        MISSING[model.name][1](backend(self.account, self.region), sent)
        self.answered.append((model.name, sent))
        return answer

    def done(self) -> None:
        self.stubber.assert_no_pending_responses()


def keep_model_isolation() -> None:
    from moto.sagemaker.responses import SageMakerResponse

    original = SageMakerResponse.create_model
    if getattr(original, "keeps_isolation", False):
        return

    def create_model(self: Any) -> Any:
        result = original(self)
        model = self.sagemaker_backend._models[self._get_param("ModelName")]
        model.enable_network_isolation = bool(self._get_param("EnableNetworkIsolation", False))
        return result

    create_model.keeps_isolation = True  # type: ignore[attr-defined]
    SageMakerResponse.create_model = create_model


def macie_off_until_enabled() -> None:
    """moto starts every region with a Macie session ENABLED; AWS starts with Macie off until EnableMacie.
    The watchers' sweep lists a session only where Macie is on, so the tests start as AWS does."""
    from moto.macie2.models import MacieBackend

    original = MacieBackend.__init__
    if getattr(original, "starts_off", False):
        return

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.macie_session = None

    init.starts_off = True  # type: ignore[attr-defined]
    MacieBackend.__init__ = init  # type: ignore[method-assign]


def keep_project_key() -> None:
    """moto's CreateProject drops encryptionKey and reads every project back with the AWS managed key
    (alias/aws/s3); AWS keeps the key asked for. Without one, AWS's default is that managed key too."""
    from moto.codebuild.responses import CodeBuildResponse

    original = CodeBuildResponse.create_project
    if getattr(original, "keeps_key", False):
        return

    def create_project(self: Any) -> Any:
        result = original(self)
        key = self._get_param("encryptionKey")
        if key:
            self.codebuild_backend.codebuild_projects[self._get_param("name")].project_metadata[
                "encryptionKey"
            ] = key
        return result

    create_project.keeps_key = True  # type: ignore[attr-defined]
    CodeBuildResponse.create_project = create_project  # type: ignore[method-assign]


# The standards EnableSecurityHub subscribes to with EnableDefaultStandards (its default): AWS Foundational
# Security Best Practices and CIS AWS Foundations Benchmark v1.2.0 (Security Hub API reference).
DEFAULT_STANDARDS = (
    "arn:{partition}:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
    "arn:{partition}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
)


def _subscription_arn(standards_arn: str, partition: str, region: str, account: str) -> str:
    """AWS names a subscription after its standard: .../subscription/aws-foundational-security-best-practices/v/1.0.0."""
    tail = standards_arn.split(":", 5)[5].split("/", 1)[1]
    return f"arn:{partition}:securityhub:{region}:{account}:subscription/{tail}"


def securityhub_standards() -> None:
    """moto has no standards: EnableSecurityHub ignores EnableDefaultStandards, and BatchEnableStandards,
    BatchDisableStandards and GetEnabledStandards are not routed. This adds the three (their request paths from
    botocore's model) on moto's own hub: default standards on enable, a disabled subscription answered
    DELETING and gone, the hub's standards dropped with it, InvalidAccessException where the hub is off."""
    import moto.securityhub.urls as urls
    from moto.securityhub.exceptions import SecurityHubClientError as RESTError
    from moto.securityhub.models import SecurityHubBackend
    from moto.securityhub.responses import SecurityHubResponse

    from remediator.aws import partition_of

    if getattr(SecurityHubResponse, "has_standards", False):
        return
    for path in ("standards/register", "standards/deregister", "standards/get"):
        urls.url_paths[f"{{0}}/{path}$"] = SecurityHubResponse.dispatch

    def standards(backend: Any) -> dict[str, dict[str, Any]]:
        if not backend.enabled:
            raise RESTError("InvalidAccessException", "Account is not subscribed to AWS Security Hub")
        return backend.__dict__.setdefault("standards_subscriptions", {})

    def subscribe(backend: Any, standards_arn: str) -> dict[str, Any]:
        arn = _subscription_arn(
            standards_arn, partition_of(backend.region_name), backend.region_name, backend.account_id
        )
        subscription = {
            "StandardsSubscriptionArn": arn,
            "StandardsArn": standards_arn,
            "StandardsInput": {},
            "StandardsStatus": "READY",
        }
        standards(backend)[arn] = subscription
        return subscription

    enable, disable = SecurityHubBackend.enable_security_hub, SecurityHubBackend.disable_security_hub

    def enable_security_hub(self: Any, enable_default_standards: bool = True, **kwargs: Any) -> Any:
        was = self.enabled
        result = enable(self, enable_default_standards=enable_default_standards, **kwargs)
        if enable_default_standards and not was:
            for standard in DEFAULT_STANDARDS:
                subscribe(
                    self, standard.format(partition=partition_of(self.region_name), region=self.region_name)
                )
        return result

    def disable_security_hub(self: Any) -> Any:
        result = disable(self)
        self.__dict__.pop("standards_subscriptions", None)
        return result

    def body(response: Any) -> dict[str, Any]:
        return json.loads(response.body) if response.body else {}

    def batch_enable_standards(self: Any) -> str:
        requests = body(self)["StandardsSubscriptionRequests"]
        made = [subscribe(self.securityhub_backend, r["StandardsArn"]) for r in requests]
        return json.dumps({"StandardsSubscriptions": [{**s, "StandardsStatus": "PENDING"} for s in made]})

    def batch_disable_standards(self: Any) -> str:
        held = standards(self.securityhub_backend)
        gone = []
        for arn in body(self)["StandardsSubscriptionArns"]:
            if arn not in held:
                raise RESTError("InvalidInputException", f"{arn} is not a subscription of this account")
            gone.append({**held.pop(arn), "StandardsStatus": "DELETING"})
        return json.dumps({"StandardsSubscriptions": gone})

    def get_enabled_standards(self: Any) -> str:
        held = standards(self.securityhub_backend)
        asked = body(self).get("StandardsSubscriptionArns")
        listed = [s for arn, s in held.items() if not asked or arn in asked]
        return json.dumps({"StandardsSubscriptions": listed})

    SecurityHubBackend.enable_security_hub = enable_security_hub  # type: ignore[method-assign]
    SecurityHubBackend.disable_security_hub = disable_security_hub  # type: ignore[method-assign]
    SecurityHubResponse.batch_enable_standards = batch_enable_standards  # type: ignore[attr-defined]
    SecurityHubResponse.batch_disable_standards = batch_disable_standards  # type: ignore[attr-defined]
    SecurityHubResponse.get_enabled_standards = get_enabled_standards  # type: ignore[attr-defined]
    SecurityHubResponse.has_standards = True  # type: ignore[attr-defined]


def macie_classification_jobs() -> None:
    """moto has no Macie classification jobs. This adds CreateClassificationJob, DescribeClassificationJob and
    UpdateClassificationJob (botocore's request paths) to moto's Macie, with the status changes Macie's API
    reference allows: CANCELLED from IDLE, PAUSED, RUNNING or USER_PAUSED, and for good; USER_PAUSED from IDLE,
    PAUSED or RUNNING, expiring 30 days later; RUNNING only from USER_PAUSED. Disabling Macie deletes its jobs."""
    import datetime
    import uuid

    import moto.macie2.urls as urls
    from moto.core.exceptions import JsonRESTError
    from moto.macie2.models import MacieBackend
    from moto.macie2.responses import MacieResponse

    if getattr(MacieResponse, "has_jobs", False):
        return
    urls.url_paths["{0}/jobs$"] = MacieResponse.dispatch
    urls.url_paths["{0}/jobs/(?P<jobId>[^/]+)$"] = MacieResponse.dispatch
    allowed = {
        "CANCELLED": {"IDLE", "PAUSED", "RUNNING", "USER_PAUSED"},
        "USER_PAUSED": {"IDLE", "PAUSED", "RUNNING"},
        "RUNNING": {"USER_PAUSED"},
    }

    def jobs(backend: Any) -> dict[str, dict[str, Any]]:
        if backend.macie_session is None:
            raise JsonRESTError("AccessDeniedException", "Macie is not enabled")
        return backend.__dict__.setdefault("classification_jobs", {})

    def now() -> str:
        return datetime.datetime.now(datetime.UTC).isoformat()

    def create_classification_job(self: Any) -> str:
        sent = json.loads(self.body)
        backend = self.macie_backend
        job_id = uuid.uuid4().hex
        arn = f"arn:aws:macie2:{backend.region_name}:{backend.account_id}:classification-job/{job_id}"
        jobs(backend)[job_id] = {
            "jobId": job_id,
            "jobArn": arn,
            "name": sent["name"],
            "jobType": sent["jobType"],
            "clientToken": sent["clientToken"],
            "s3JobDefinition": sent["s3JobDefinition"],
            "jobStatus": "RUNNING",
            "createdAt": now(),
            "tags": sent.get("tags", {}),
        }
        return json.dumps({"jobArn": arn, "jobId": job_id})

    def job(self: Any) -> dict[str, Any]:
        job_id = self.path.rstrip("/").rsplit("/", 1)[-1]
        found = jobs(self.macie_backend).get(job_id)
        if found is None:
            raise JsonRESTError("ResourceNotFoundException", f"no classification job {job_id}")
        return found

    def describe_classification_job(self: Any) -> str:
        return json.dumps(job(self))

    def update_classification_job(self: Any) -> str:
        found, status = job(self), json.loads(self.body)["jobStatus"]
        if found["jobStatus"] not in allowed.get(status, set()):
            raise JsonRESTError("ValidationException", f"a {found['jobStatus']} job can't be made {status}")
        found["jobStatus"] = status
        found.pop("userPausedDetails", None)
        if status == "USER_PAUSED":
            paused = datetime.datetime.now(datetime.UTC)
            found["userPausedDetails"] = {
                "jobPausedAt": paused.isoformat(),
                "jobExpiresAt": (paused + datetime.timedelta(days=30)).isoformat(),
            }
        return "{}"

    disable = MacieBackend.disable_macie

    def disable_macie(self: Any) -> Any:
        self.__dict__.pop("classification_jobs", None)
        return disable(self)

    MacieBackend.disable_macie = disable_macie  # type: ignore[method-assign]
    MacieResponse.create_classification_job = create_classification_job  # type: ignore[attr-defined]
    MacieResponse.describe_classification_job = describe_classification_job  # type: ignore[attr-defined]
    MacieResponse.update_classification_job = update_classification_job  # type: ignore[attr-defined]
    MacieResponse.has_jobs = True  # type: ignore[attr-defined]


def keep_connection_type() -> None:
    """moto's GetConnection leaves out ConnectionType (JDBC, KAFKA, NETWORK...); AWS returns the type the
    connection was made with."""
    from moto.glue.models import FakeConnection

    original = FakeConnection.as_dict
    if getattr(original, "keeps_type", False):
        return

    def as_dict(self: Any, hide_password: bool = False) -> dict[str, Any]:
        found = original(self, hide_password)
        if self.connection_input.get("ConnectionType"):
            found["ConnectionType"] = self.connection_input["ConnectionType"]
        return found

    as_dict.keeps_type = True  # type: ignore[attr-defined]
    FakeConnection.as_dict = as_dict  # type: ignore[method-assign]


def glue_update_connection() -> None:
    """moto has no UpdateConnection. AWS's replaces the connection's definition with the ConnectionInput sent
    (what it leaves out is gone); the name stays."""
    from moto.glue.exceptions import EntityNotFoundException
    from moto.glue.responses import GlueResponse

    if getattr(GlueResponse, "has_update_connection", False):
        return

    def update_connection(self: Any) -> str:
        name, connection_input = self._get_param("Name"), self._get_param("ConnectionInput")
        found = self.glue_backend.connections.get(name)
        if found is None:
            raise EntityNotFoundException(f"Connection {name} not found.")
        found.connection_input = {**connection_input, "Name": name}
        found.connection_properties = connection_input.get("ConnectionProperties", {})
        return "{}"

    GlueResponse.update_connection = update_connection  # type: ignore[attr-defined]
    GlueResponse.has_update_connection = True  # type: ignore[attr-defined]


# JobUpdate's members as moto's FakeJob keeps them (botocore's JobUpdate shape: test_moto_gaps holds the two equal)
JOB_FIELDS = {
    "Description": "description",
    "LogUri": "log_uri",
    "Role": "role",
    "ExecutionProperty": "execution_property",
    "Command": "command",
    "DefaultArguments": "default_arguments",
    "NonOverridableArguments": "non_overridable_arguments",
    "Connections": "connections",
    "MaxRetries": "max_retries",
    "AllocatedCapacity": "allocated_capacity",
    "Timeout": "timeout",
    "MaxCapacity": "max_capacity",
    "WorkerType": "worker_type",
    "NumberOfWorkers": "number_of_workers",
    "SecurityConfiguration": "security_configuration",
    "NotificationProperty": "notification_property",
    "GlueVersion": "glue_version",
    "CodeGenConfigurationNodes": "code_gen_configuration_nodes",
    "ExecutionClass": "execution_class",
    "SourceControlDetails": "source_control_details",
}
# Members of JobUpdate that moto's FakeJob has no place for: an update carrying one is refused, not dropped
JOB_FIELDS_MOTO_LACKS = frozenset({"JobMode", "JobRunQueuingEnabled", "MaintenanceWindow"})


def glue_update_job() -> None:
    """moto has no UpdateJob. AWS's replaces the job's definition with the JobUpdate sent ("Specifies
    information used to update an existing job definition. The previous job definition is completely
    overwritten by this information."): what it leaves out is gone, the name and creation time stay. It
    refuses AllocatedCapacity beside MaxCapacity, and MaxCapacity beside WorkerType (the API reference's
    "Do not set Max Capacity if using WorkerType and NumberOfWorkers")."""
    from moto.glue.exceptions import EntityNotFoundException, InvalidInputException
    from moto.glue.responses import GlueResponse

    if getattr(GlueResponse, "has_update_job", False):
        return

    def update_job(self: Any) -> str:
        name, update = self._get_param("JobName"), self._get_param("JobUpdate") or {}
        job = self.glue_backend.jobs.get(name)
        if job is None:
            raise EntityNotFoundException(f"Job {name} not found.")
        if "AllocatedCapacity" in update and "MaxCapacity" in update:
            raise InvalidInputException("UpdateJob", "Please set only Allocated Capacity or Max Capacity.")
        if "MaxCapacity" in update and "WorkerType" in update:
            raise InvalidInputException(
                "UpdateJob", "Please do not set Max Capacity if using Worker Type and Number of Workers."
            )
        unkept = sorted(set(update) & JOB_FIELDS_MOTO_LACKS)
        if unkept:
            raise InvalidInputException("UpdateJob", f"moto_gaps keeps no {', '.join(unkept)}")
        for member, attribute in JOB_FIELDS.items():
            setattr(job, attribute, update.get(member))
        job.execution_property = job.execution_property or {}
        job.default_arguments = job.default_arguments or {}
        job.execution_class = job.execution_class or "STANDARD"
        from moto.core.utils import utcnow

        job.last_modified_on = utcnow()
        return json.dumps({"JobName": name})

    GlueResponse.update_job = update_job  # type: ignore[attr-defined]
    GlueResponse.has_update_job = True  # type: ignore[attr-defined]


def everywhere() -> None:
    """Every gap above that changes moto itself, for each place that runs moto on the samples: the tests in
    process (conftest), the end-to-end tests' server (tests/moto_server.py) and the replay benchmark."""
    keep_model_isolation()  # moto drops a model's EnableNetworkIsolation; AWS keeps it
    macie_off_until_enabled()  # moto starts Macie on; AWS starts it off
    keep_project_key()  # moto drops a CodeBuild project's encryptionKey; AWS keeps it
    securityhub_standards()  # moto has no Security Hub standards
    macie_classification_jobs()  # nor Macie classification jobs
    keep_connection_type()  # moto's GetConnection drops ConnectionType
    glue_update_connection()  # and it has no UpdateConnection
    glue_update_job()  # nor UpdateJob
