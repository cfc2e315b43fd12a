"""The settings document's validation and the exemption tag's grammar, without AWS."""

from __future__ import annotations

from datetime import date

import pytest

from remediator.exemptions import ExemptionTagError, parse_tag, tag_in_request
from remediator.overrides import DEFAULTS, OverridesError, parse_overrides
from remediator.rules import all_rules, get
from remediator.settings import Mode, Settings

RULES = frozenset(r.id for r in all_rules())
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"version": 2}', "version"),
        ('{"version": 1, "rules": {"s3-nope": {"mode": "notify"}}}', "no rule has the id 's3-nope'"),
        (
            '{"version": 1, "rules": {"s3-public-acl": {"settings": {"s3_kms_key_id": "k"}}}}',
            "does not read s3_kms_key_id",
        ),
        (
            '{"version": 1, "rules": {"s3-kms-encryption": {"settings": {"s3_kms_key_id": 7}}}}',
            "s3_kms_key_id",
        ),
        ('{"version": 1, "allow": [{"reason": "x"}]}', "names accounts or resources"),
        ('{"version": 1, "allow": [{"accounts": ["1"], "reason": ""}]}', "reason"),
        ('{"version": 1, "loop": {"max_fixes": 0}}', "loop.max_fixes"),
        ('{"version": 1, "moed": "off"}', "moed"),
    ],
)
def test_an_invalid_document_is_refused_with_one_line_saying_where(text, reason):
    with pytest.raises(OverridesError) as raised:
        parse_overrides(text)
    assert reason in str(raised.value) and "\n" not in str(raised.value)


def test_the_packaged_defaults_are_the_documented_ones():
    assert parse_overrides('{"version": 1}') == DEFAULTS
    assert (DEFAULTS.exemption_tag, DEFAULTS.loop.max_fixes, DEFAULTS.loop.window_minutes) == (
        "compliance:exempt",
        3,
        60,
    )
    assert all(DEFAULTS.mode_for(r, Mode.REMEDIATE) is Mode.REMEDIATE for r in RULES)


def test_per_rule_settings_override_only_that_rule():
    doc = parse_overrides(
        '{"version": 1, "rules": {"iam-admin-attached": {"settings": {"iam_admin_principals": "a,b"}}}}'
    )
    base = Settings(iam_admin_principals=frozenset({"x"}))
    assert doc.settings_for(get("iam-admin-attached"), base).iam_admin_principals == {"a", "b"}
    assert doc.settings_for(get("s3-public-acl"), base) is base


@pytest.mark.parametrize(
    ("value", "rules", "reason"),
    [
        ("s3-public-acl;until=2027-01-31;reason=public website", ("s3-public-acl",), "public website"),
        (
            "s3-public-acl,s3-tls-only; until=2027-01-31; reason=legacy",
            ("s3-public-acl", "s3-tls-only"),
            "legacy",
        ),
        ("all until=2027-01-31 reason=public website", ("all",), "public website"),
        (
            "s3-public-acl+s3-public-policy/reason=docs site/until=2027-01-31",
            ("s3-public-acl", "s3-public-policy"),
            "docs site",
        ),
    ],
)
def test_the_tag_grammar_takes_the_separators_aws_tag_values_allow(value, rules, reason):
    exemption = parse_tag(value, RULES, TODAY, "compliance:exempt")
    assert (exemption.rules, exemption.reason, exemption.until) == (rules, reason, date(2027, 1, 31))


def test_an_exemption_that_ends_today_still_counts_today():
    assert parse_tag("all;until=2026-11-26;reason=x", RULES, TODAY, "k").until == TODAY
    with pytest.raises(ExemptionTagError, match="names no rule"):
        parse_tag("until=2026-12-01;reason=x", RULES, TODAY, "k")


@pytest.mark.parametrize(
    "request_parameters",
    [
        {"bucketName": "b", "Tagging": {"TagSet": {"Tag": {"Key": "compliance:exempt", "Value": "V"}}}},
        {
            "bucketName": "b",
            "Tagging": {
                "TagSet": {"Tag": [{"Key": "a", "Value": "1"}, {"Key": "compliance:exempt", "Value": "V"}]}
            },
        },
        {"keyId": "k", "tags": [{"tagKey": "compliance:exempt", "tagValue": "V"}]},
        {"roleName": "r", "tags": [{"key": "compliance:exempt", "value": "V"}]},
        {
            "resourceId": "arn:aws:cloudtrail:us-east-1:1:trail/t",
            "tagsList": [{"key": "compliance:exempt", "value": "V"}],
        },
    ],
    ids=["s3-one", "s3-list", "kms", "iam", "cloudtrail"],
)
def test_the_exemption_tag_is_found_in_every_services_request_shape(request_parameters):
    assert tag_in_request(request_parameters, "compliance:exempt") == "V"
    assert tag_in_request(request_parameters, "other") is None
