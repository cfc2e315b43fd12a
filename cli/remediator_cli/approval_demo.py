"""The demo's person in the loop (scene 3e): an administrator policy attached to a role, in mode approve. The
fix waits; a lead clicks Approve in Slack (a signed request to the interactions endpoint, served on 127.0.0.1
as its function URL serves it); the IAM function reads the role again and detaches the policy. A forged
request is refused on the way."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remediator_cli.table import render, short_resource

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.models import Decision
    from remediator.settings import Settings

SAMPLE = "iam/iam-admin-attached/cloudtrail-attach-role-policy-administrator-access.violating.json"
RULE = "iam-admin-attached"
LEAD = "U0DEMOLEAD"
HEADERS = ["event", "role", "rule", "before", "after", "outcome", "alert"]
ENVIRONMENT = ("SETTINGS_FILE", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "APPROVAL_QUEUES")


def approval_scene(
    clients: ClientFactory, settings: Settings, template: Path, events_root: Path, inbox: str
) -> list[Decision]:
    """The scene told; returns its decisions (the one waiting, then the approved fix)."""
    from remediator_cli.slack_local import SlackStandIn

    print(
        "\n3e. A person in the loop: iam-admin-attached (its fix detaches a policy: disruptive) runs in mode"
        "\n    approve. Someone attaches AdministratorAccess to a role; the fix waits for an approver in Slack:\n"
    )
    queue = clients.client("sqs").create_queue(QueueName="compliance-remediator-iam-sweep")["QueueUrl"]
    document = Path(tempfile.mkdtemp(prefix="remediator-approvals-")) / "settings.json"
    document.write_text(json.dumps({"rules": {RULE: {"mode": "approve"}}, "approvers": [LEAD]}))
    signing_secret = secrets.token_hex(16)  # the Slack app's, kept in the stack's secret
    slack = SlackStandIn()
    saved = {k: os.environ.get(k) for k in ENVIRONMENT}
    os.environ.update(
        SETTINGS_FILE=str(document),
        SLACK_SIGNING_SECRET=signing_secret,
        SLACK_API_URL=slack.api_url,
        APPROVAL_QUEUES=json.dumps({"iam": queue}),
    )
    try:
        return _play(clients, settings, (template, events_root), (slack, signing_secret, queue), inbox)
    finally:
        slack.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _play(
    clients: ClientFactory,
    settings: Settings,
    paths: tuple[Path, Path],
    side: tuple[Any, str, str],
    inbox: str,
) -> list[Decision]:
    from remediator.approvals.handler import build_approvals_handler
    from remediator.notify.slack import message
    from remediator.rules import get
    from remediator.rules.base import RuleContext
    from remediator_cli.replay import LambdaContext, Replayer
    from remediator_cli.scenario import as_of, build_world, drain_inbox, load_samples
    from remediator_cli.slack_local import Endpoint, click, post_signed

    (template, events_root), (slack, signing_secret, queue) = paths, side
    rule = get(RULE)
    sample = next(s for s in load_samples(events_root) if str(s.path.relative_to(events_root)) == SAMPLE)
    world = build_world(clients, [sample], settings)
    assert sample.resource is not None
    role = world.actual(sample.resource)

    def verdict() -> str:
        ctx = RuleContext(clients.for_account(role.account, role.region), settings)
        return "compliant" if rule.evaluate(ctx, role).compliant else "VIOLATION"

    replayer = Replayer(template)  # its functions read the settings document anew
    before = verdict()
    (waiting,) = [
        d for d in replayer.replay(as_of(world.rewrite(sample.event), datetime.now(UTC))) if d.rule == RULE
    ]
    print(render(HEADERS, [_row("AttachRolePolicy", waiting, before, verdict())], max_width=44))
    (alert,) = [a for a in drain_inbox(clients, inbox) if a["decision"]["rule"] == RULE]
    labels = [
        e["text"]["text"] for b in message(alert)["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    print(
        f"\n   Its Slack alert carries {' and '.join(labels)}. A click signed with another secret is refused:"
    )
    endpoint = Endpoint(build_approvals_handler(), LambdaContext(function_name="ApprovalsFunction"))
    try:
        forged = post_signed(
            endpoint.url,
            "not-the-signing-secret",
            click("approve", LEAD, alert["ledger"], slack.response_url(1)),
        )
        print(f"     {forged[0]} {forged[1]}")
        status = post_signed(
            endpoint.url, signing_secret, click("approve", LEAD, alert["ledger"], slack.response_url(2))
        )[0]
    finally:
        endpoint.close()
    print(
        f"   {LEAD} clicks Approve: {status}. The endpoint checked Slack's signature and the approvers, answered"
    )
    print("   at once and queued the fix to the IAM function, which reads the role again and fixes it:\n")
    decisions, rows = [waiting], []
    sqs = clients.client("sqs")
    for queued in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        before = verdict()
        for decision in replayer.replay(json.loads(queued["Body"])):
            decisions.append(decision)
            rows.append(_row("approved in Slack", decision, before, verdict()))
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=queued["ReceiptHandle"])
    print(render(HEADERS, rows, max_width=44))
    answered = [r for r in slack.replies() if r.get("replace_original")]
    if answered:
        lines = [e["text"] for b in answered[-1]["blocks"] if b["type"] == "context" for e in b["elements"]]
        said = [
            line.replace("<@", "@").replace(">", "").replace("`", "") for line in lines if "pproved" in line
        ]
        print(f"\n   The Slack message that asked now says: {' '.join(said)}")
    drain_inbox(clients, inbox)
    _undo(clients, role, decisions[-1])
    return decisions


def _undo(clients: ClientFactory, role: Any, fix: Decision) -> None:
    """The same fix undone from the command line: the policy attached again, the rule off the role a week."""
    import contextlib
    import io

    from remediator.ledger import ledger_key
    from remediator_cli.main import main

    key = ledger_key(fix)
    print(
        "\n   It turns out the role runs the platform's own deploys: the lead undoes the fix from its ledger key:"
    )
    print(f"   $ remediator undo '{short_resource(key['pk'])}|...' --by {LEAD}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["undo", f"{key['pk']}|{key['sk']}", "--by", LEAD])
    print("\n".join(f"     {line}" for line in out.getvalue().splitlines()) or f"     exit {code}")
    policies = clients.client("iam").list_attached_role_policies(RoleName=role.id)["AttachedPolicies"]
    print(f"   The role's policies, read back: {', '.join(p['PolicyName'] for p in policies) or 'none'}.")


def _row(event: str, decision: Decision, before: str, after: str) -> list[str]:
    return [
        event,
        short_resource(decision.resource or "-"),
        decision.rule or "-",
        before,
        after,
        decision.outcome.value,
        "sent" if decision.notified else "-",
    ]
