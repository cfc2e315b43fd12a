"""How the demo and the tests commit each iam rule's violation on a compliant resource."""

from __future__ import annotations

from remediator import policy_doc
from remediator.models import Resource
from remediator.resources import IAM_POLICY
from remediator.rules.base import RuleContext
from remediator.services import iam as iam_state
from remediator_cli.plants import planter


@planter("iam-access-key-created")
def _iam_access_key_created(ctx: RuleContext, resource: Resource) -> None:
    """Nothing to plant: the key is the one the event records (the scenario creates it)."""


@planter("iam-admin-attached")
def _iam_admin_attached(ctx: RuleContext, resource: Resource) -> None:
    kind, key = iam_state.PRINCIPALS[resource.type]
    getattr(ctx.client("iam"), f"attach_{kind}_policy")(
        **{key: resource.id, "PolicyArn": iam_state.ADMINISTRATOR_ACCESS}
    )


@planter("iam-compromised-credentials")
def _iam_compromised_credentials(ctx: RuleContext, resource: Resource) -> None:
    """Nothing to plant for a role: without a revocation its sessions stand."""


@planter("iam-console-login-without-mfa")
def _iam_console_login_without_mfa(ctx: RuleContext, resource: Resource) -> None:
    """Nothing to plant: the violation is the sign-in the event records."""


@planter("iam-permissions-boundary")
def _iam_permissions_boundary(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("iam").delete_role_permissions_boundary(RoleName=resource.id)


@planter("iam-role-trust-outside")
def _iam_role_trust_outside(ctx: RuleContext, resource: Resource) -> None:
    """The role's trust lets the outside account assume it, beside what it trusted."""
    from remediator_cli.samples.findings import OUTSIDE_ACCOUNT

    iam = ctx.client("iam")
    trust = policy_doc.load(iam_state.role(ctx, resource.id)["AssumeRolePolicyDocument"])
    trust["Statement"] = [
        *policy_doc.statements(trust),
        {
            "Sid": "VendorAssume",
            "Effect": "Allow",
            "Principal": {"AWS": OUTSIDE_ACCOUNT},
            "Action": "sts:AssumeRole",
        },
    ]
    iam.update_assume_role_policy(RoleName=resource.id, PolicyDocument=policy_doc.dumps(trust))


@planter("iam-root-activity")
def _iam_root_activity(ctx: RuleContext, resource: Resource) -> None:
    """Nothing to plant: the violation is the act the event records."""


@planter("iam-service-wildcard")
def _iam_service_wildcard(ctx: RuleContext, resource: Resource) -> None:
    statement = {"Sid": "AllOfS3", "Effect": "Allow", "Action": ["s3:*", "sagemaker:*"], "Resource": "*"}
    if resource.type == IAM_POLICY.cfn_type:
        _, document = iam_state.default_version(ctx, resource.arn)
        document = {**document, "Statement": [*policy_doc.statements(document), statement]}
        ctx.client("iam").create_policy_version(
            PolicyArn=resource.arn, PolicyDocument=policy_doc.dumps(document), SetAsDefault=True
        )
        ctx.forget("iam:policy", resource.arn)
    else:
        iam_state.write_inline(
            ctx, resource, "data-access", {"Version": "2012-10-17", "Statement": [statement]}
        )


@planter("iam-unused-access")
def _iam_unused_access(ctx: RuleContext, resource: Resource) -> None:
    """A user gets an access key and a console password nobody uses; a role is unused as made (nobody assumes
    it). Neither secret is kept or shown."""
    import secrets

    if resource.type != "AWS::IAM::User":
        return
    iam = ctx.client("iam")
    iam.create_access_key(UserName=resource.id)
    password = f"Aa1!{secrets.token_urlsafe(24)}"
    iam.create_login_profile(UserName=resource.id, Password=password, PasswordResetRequired=False)


@planter("iam-user-mfa")
def _iam_user_mfa(ctx: RuleContext, resource: Resource) -> None:
    import secrets

    password = secrets.token_urlsafe(24) + "-A1a"  # any password meeting the default policy
    ctx.client("iam").create_login_profile(UserName=resource.id, Password=password)


@planter("iam-wildcard-admin-inline")
def _iam_wildcard_admin_inline(ctx: RuleContext, resource: Resource) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    iam_state.write_inline(ctx, resource, "break-glass", document)


@planter("iam-wildcard-admin-policy")
def _iam_wildcard_admin_policy(ctx: RuleContext, resource: Resource) -> None:
    _, document = iam_state.default_version(ctx, resource.arn)
    document = {
        **document,
        "Statement": [
            *policy_doc.statements(document),
            {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"},
        ],
    }
    ctx.client("iam").create_policy_version(
        PolicyArn=resource.arn, PolicyDocument=policy_doc.dumps(document), SetAsDefault=True
    )
    ctx.forget("iam:policy", resource.arn)


@planter("iam-stack-role-changed")
def _iam_stack_role_changed(ctx: RuleContext, resource: Resource) -> None:
    """Nothing to plant: the violation is the change the event records."""
