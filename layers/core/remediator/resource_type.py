"""A resource type: how each source names resources of it, and how to list them, read their tags and
build their ARNs. The types themselves are in remediator.resources (and resources_ml for the ML families)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from remediator.aws import partition_of
from remediator.models import Resource

if TYPE_CHECKING:
    from remediator.aws import AccountClients
    from remediator.rules.base import RuleContext

_ACCOUNT = re.compile(r"\d{12}")


@dataclass(frozen=True)
class ResourceType:
    cfn_type: str  # AWS::S3::Bucket: also the type AWS Config reports
    family: str  # the function that owns it
    cloudtrail_source: str  # detail.eventSource of the service's CloudTrail events
    # eventName -> dotted path of the resource's id in the record; "*" is the default for the source;
    # "=NAME" where the call names none and the type has one resource a region (Security Hub's hub/default).
    cloudtrail_ids: dict[str, str] = field(default_factory=dict)
    securityhub_type: str | None = None
    guardduty_type: str | None = None
    arn_format: str = ""  # {partition} {region} {account} {id}
    # Lists every id in an account and region (sweeps, schedules, account-level findings), and the action it
    # takes (AWS offers none of these at resource level).
    enumerator: Callable[[AccountClients], Iterable[str]] | None = None
    list_permission: str | None = None
    # IAM principals: the API takes the bare name, while the ARN carries the path (role/service-role/x).
    name_drops_path: bool = False
    # Turns the unique id AWS Config gives IAM resources (ANPA..., AIDA...) into an id.
    resolver: Callable[[AccountClients, str], str | None] | None = None
    # Reads the resource's tags (the exemption tag), and the action it takes. IAM groups
    # and the account have no tags: the settings document's allow-list exempts those.
    tag_reader: Callable[[RuleContext, Resource], dict[str, str]] | None = None
    tag_permission: str | None = None
    # CloudTrail calls that set tags on this type: they register who set an exemption tag, and when.
    tag_events: frozenset[str] = frozenset()
    # What the family's role may act on of this type, where that is narrower than "any of its kind": ARN tails
    # after the account, in the template's !Sub syntax (the stack's own functions: function:${AWS::StackName}-*).
    policy_scope: tuple[str, ...] = ()

    @property
    def is_global(self) -> bool:
        """IAM's resources exist once per account, whatever the region: swept in one region only."""
        return self.cloudtrail_source == "iam.amazonaws.com"

    def resource(self, resource_id: str, account: str, region: str) -> Resource:
        if resource_id.startswith("arn:"):  # an ARN knows best where the resource lives
            parts = resource_id.split(":", 5)
            region, account = parts[3] or region, parts[4] or account
        resource_id = self.id_from_arn(resource_id)
        arn = self.arn_format.format(
            partition=partition_of(region), region=region, account=account, id=resource_id
        )
        return Resource(type=self.cfn_type, id=resource_id, arn=arn, account=account, region=region)

    def from_event(self, resource_id: str, account: str, region: str) -> Resource:
        """The resource an event names, held to AWS's rules first: an ARN by the ARN grammar and in the
        event's partition, a name by the service's naming rules. Raises MalformedEventError saying why."""
        from remediator.events.base import MalformedEventError
        from remediator.names import arn_problem, name_problem, shown

        if resource_id.startswith("arn:"):
            problem = arn_problem(resource_id)
            if problem:
                raise MalformedEventError(problem)
            partition = resource_id.split(":", 2)[1]
            if partition != partition_of(region):
                raise MalformedEventError(
                    f"{shown(resource_id)} is in partition {partition}, the event in {partition_of(region)}"
                )
        if not _ACCOUNT.fullmatch(account):
            raise MalformedEventError(f"{shown(account)} is not an account id (12 digits)")
        resource = self.resource(resource_id, account, region)
        problem = name_problem(self.cfn_type, resource.id, resource.region)
        if problem:
            raise MalformedEventError(problem)
        return resource

    def id_from_arn(self, arn: str) -> str:
        """The resource's name from its ARN (or the value itself where it is a name already)."""
        if not arn.startswith("arn:"):
            return arn
        resource_part = self.arn_format.split(":", 5)[5].replace("{id}", "")
        name = arn.split(":", 5)[5].removeprefix(resource_part)
        return name.rsplit("/", 1)[-1] if self.name_drops_path else name

    def cloudtrail_path(self, event_name: str) -> str | None:
        return self.cloudtrail_ids.get(event_name) or self.cloudtrail_ids.get("*")

    def resolve(self, clients: AccountClients, unique_id: str) -> str | None:
        """The ARN or name behind a unique id, or None when no such resource exists."""
        if self.resolver is None:
            return None
        return self.resolver(clients, unique_id)

    def tags(self, ctx: RuleContext, resource: Resource) -> dict[str, str]:
        if self.tag_reader is None:
            return {}
        return self.tag_reader(ctx, resource)

    def list_ids(self, clients: AccountClients) -> Iterable[str]:
        if self.enumerator is None:
            raise TypeError(f"{self.cfn_type} resources can't be listed")
        return self.enumerator(clients)
