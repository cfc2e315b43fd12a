"""The listed settings the template passes comma-separated: each item held to its grammar, the error one line
naming the setting and the item, so a typo in a parameter stops the function at start, not at the first fix."""

from __future__ import annotations

import pytest

from remediator.settings import Settings, SettingsError


def test_the_private_data_path_settings_read_from_the_templates_variables():
    settings = Settings.from_env(
        {
            "ALLOWED_VPC_ENDPOINTS": "vpce-0a1b2c3d4e5f60718, vpce-1a2b3c4d",
            "PRIVATE_DATA_SERVICES": "macie.amazonaws.com",
            "ENFORCE_VPC_ENDPOINTS": "true",
        }
    )
    assert settings.allowed_vpc_endpoints == {"vpce-0a1b2c3d4e5f60718", "vpce-1a2b3c4d"}
    assert settings.private_data_services == {"macie.amazonaws.com"} and settings.enforce_vpc_endpoints
    assert Settings.from_env({"ALLOWED_VPC_ENDPOINTS": ""}).allowed_vpc_endpoints == frozenset()


def test_trusted_accounts_read_from_the_templates_variable():
    settings = Settings.from_env({"TRUSTED_ACCOUNTS": "999988887777, 111122223333,"})
    assert settings.trusted_accounts == {"999988887777", "111122223333"}
    assert Settings.from_env({}).trusted_accounts == frozenset()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "ALLOWED_VPC_ENDPOINTS",
            "vpce-0a1b2c3d4e5f60718,vpc-0a1b2c3d",
            "'vpc-0a1b2c3d' is not a VPC endpoint id",
        ),
        (
            "PRIVATE_DATA_SERVICES",
            "macie.amazonaws.com,evil.example.com",
            "'evil.example.com' is not a service principal",
        ),
        ("SWEEP_ACCOUNTS", "123456789012,prod", "'prod' is not an account id"),
        ("TRUSTED_ACCOUNTS", "999988887777, 12345", "'12345' is not an account id"),
    ],
)
def test_an_item_outside_its_grammar_is_refused_in_one_line(variable, value, message):
    with pytest.raises(SettingsError, match=message) as refused:
        Settings.from_env({variable: value})
    assert "\n" not in str(refused.value) and variable.lower() in str(refused.value)
