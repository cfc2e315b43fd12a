"""Which accounts a resource-based policy grants: by AWS principal (an id or an ARN in the account), or for
principal * by a condition that admits accounts. Denies, NotPrincipal, service principals, excluding operators
and public statements grant no account; the one service-specific key the reading knows is AWS's."""

from __future__ import annotations

import pytest
from policy_sentry.querying.actions import get_action_data

from remediator.sharing import ACCOUNT_KEYS, account_of, grants

OUTSIDE = "999988887777"


def allow(**members):
    return {"Effect": "Allow", "Action": "s3:GetObject", **members}


@pytest.mark.parametrize(
    ("statement", "accounts"),
    [
        (allow(Principal={"AWS": OUTSIDE}), [OUTSIDE]),
        (allow(Principal={"AWS": f"arn:aws:iam::{OUTSIDE}:root"}), [OUTSIDE]),
        (
            allow(Principal={"AWS": [f"arn:aws:iam::{OUTSIDE}:role/ingest", "111122223333"]}),
            ["111122223333", OUTSIDE],
        ),
        (allow(Principal="*", Condition={"StringEquals": {"aws:PrincipalAccount": OUTSIDE}}), [OUTSIDE]),
        (
            allow(Principal={"AWS": "*"}, Condition={"StringEquals": {"kms:CallerAccount": [OUTSIDE]}}),
            [OUTSIDE],
        ),
        (allow(Principal="*", Condition={"StringEquals": {"AWS:SourceAccount": OUTSIDE}}), [OUTSIDE]),
        (
            allow(
                Principal="*", Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OUTSIDE}:role/*"}}
            ),
            [OUTSIDE],
        ),
        (
            allow(
                Principal="*", Condition={"ForAnyValue:StringEqualsIfExists": {"aws:SourceOwner": OUTSIDE}}
            ),
            [OUTSIDE],
        ),
        # no account granted
        (allow(Principal="*"), []),  # public: the public rules' to judge
        (allow(Principal="*", Condition={"StringNotEquals": {"aws:PrincipalAccount": OUTSIDE}}), []),
        (allow(Principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), []),
        (allow(Principal={"Service": "cloudtrail.amazonaws.com"}), []),
        (
            allow(
                Principal={"Service": "s3.amazonaws.com"},
                Condition={
                    "ArnLike": {"aws:SourceArn": "arn:aws:s3:::partner-drop"},
                    "StringEquals": {"aws:SourceAccount": OUTSIDE},
                },
            ),
            [OUTSIDE],
        ),  # a bucket in another account may invoke: that account is granted
        (allow(Principal={"AWS": "arn:aws:iam::*:role/x"}), []),  # a wildcard is no account
        ({"Effect": "Deny", "Principal": {"AWS": OUTSIDE}, "Action": "s3:*"}, []),
        (allow(NotPrincipal={"AWS": OUTSIDE}), []),
    ],
)
def test_the_accounts_a_statement_grants(statement, accounts):
    found = grants({"Statement": [statement]})
    assert [a for g in found for a in g.accounts] == accounts


def test_a_grant_is_named_by_sid_or_position_with_its_actions():
    document = {
        "Statement": [
            allow(Principal={"Service": "logging.s3.amazonaws.com"}),
            {"Effect": "Allow", "Principal": {"AWS": OUTSIDE}, "Action": ["kms:Decrypt", "kms:DescribeKey"]},
            {"Sid": "Partner", **allow(Principal={"AWS": OUTSIDE})},
        ]
    }
    found = grants(document)
    assert [(g.statement, g.actions) for g in found] == [
        ("#2", ("kms:Decrypt", "kms:DescribeKey")),
        ("Partner", ("s3:GetObject",)),
    ]
    assert found[1].describe([OUTSIDE]) == f"statement Partner grants s3:GetObject to {OUTSIDE}"


@pytest.mark.parametrize(
    ("value", "account"),
    [
        (OUTSIDE, OUTSIDE),
        (f"arn:aws:iam::{OUTSIDE}:user/a", OUTSIDE),
        (f"arn:aws-us-gov:sts::{OUTSIDE}:assumed-role/r/s", OUTSIDE),
        ("12345", None),
        ("arn:aws:s3:::bucket", None),
        ("*", None),
        (123456789012, None),
    ],
)
def test_the_account_a_value_names(value, account):
    assert account_of(value) == account


def test_the_service_specific_account_keys_are_the_references():
    """Global keys (aws:...) apply to every action; a service's own key must be one its actions take."""
    for key in sorted(k for k in ACCOUNT_KEYS if not k.startswith("aws:")):
        service = key.split(":")[0]
        entries = get_action_data(service, "Decrypt").get(service, [])
        keys = {k.lower() for e in entries for k in e["condition_keys"]}
        assert key in keys, f"{key} is not a condition key of {service}:Decrypt in the reference"
