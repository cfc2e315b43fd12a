"""Policy analysis: the forms AWS accepts, and what narrows a `*` principal."""

from __future__ import annotations

import json

import pytest

from remediator import policy_doc


def allow(principal, condition=None, effect="Allow"):
    statement = {
        "Effect": effect,
        "Principal": principal,
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::b/*",
    }
    if condition is not None:
        statement["Condition"] = condition
    return statement


@pytest.mark.parametrize(
    "principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}, {"AWS": ["arn:aws:iam::1:root", "*"]}]
)
def test_every_wildcard_principal_form_is_public(principal):
    assert policy_doc.is_public_allow(allow(principal))


@pytest.mark.parametrize(
    "principal", [{"AWS": "arn:aws:iam::123456789012:root"}, {"Service": "logging.s3.amazonaws.com"}]
)
def test_named_principals_are_not_public(principal):
    assert not policy_doc.is_public_allow(allow(principal))


def test_deny_is_never_public():
    assert not policy_doc.is_public_allow(allow("*", effect="Deny"))


def test_allow_with_not_principal_is_public():
    statement = {
        "Effect": "Allow",
        "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
        "Action": "s3:*",
        "Resource": "*",
    }
    assert policy_doc.is_public_allow(statement)


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        {"StringEquals": {"aws:sourcevpce": ["vpce-1a2b3c4d"]}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"}},
        {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]}},
    ],
)
def test_a_narrowing_condition_makes_a_wildcard_principal_private(condition):
    assert not policy_doc.is_public_allow(allow("*", condition))


@pytest.mark.parametrize(
    "condition",
    [
        {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
        {"StringLike": {"aws:PrincipalOrgID": "*"}},
        {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
        {"Bool": {"aws:SecureTransport": "true"}},
        {"StringEquals": {"s3:prefix": "public/"}},
        {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    ],
)
def test_conditions_that_do_not_narrow_who_leave_it_public(condition):
    assert policy_doc.is_public_allow(allow("*", condition))


def test_load_accepts_strings_with_any_whitespace_and_single_statement_objects():
    text = '{\n\t"Version": "2012-10-17",\n\t"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*"}\n}'
    document = policy_doc.load(text)
    assert len(policy_doc.statements(document)) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"Statement": [', "not JSON"),
        ("[]", "must be a JSON object"),
        ('{"Version": "2012-10-17"}', "no Statement"),
        ('{"Statement": ["Allow"]}', "every Statement must be a JSON object"),
    ],
)
def test_unparseable_documents_raise_one_line_reasons(text, reason):
    with pytest.raises(policy_doc.PolicyDocumentError, match=reason):
        policy_doc.load(text)


def test_a_200_kb_document_is_refused_before_parsing():
    statement = allow("*")
    text = json.dumps({"Statement": [statement] * 2200})
    assert len(text) > 200_000
    with pytest.raises(policy_doc.PolicyDocumentError, match="larger than AWS allows"):
        policy_doc.load(text)


def test_action_matching_is_case_insensitive_with_wildcards():
    assert policy_doc.matches_action(["S3:*"], "s3:GetObject")
    assert policy_doc.matches_action(["s3:Get*"], "s3:GetObject")
    assert not policy_doc.matches_action(["s3:Put*"], "s3:GetObject")
