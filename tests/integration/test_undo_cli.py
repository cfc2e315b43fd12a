"""`remediator undo` from the command line, in process on moto: the fix's ledger key in, the before-state back
and one line per fact out (or the decision as JSON); bad input is one line and exit 2, with nothing changed."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EVENTS
from helpers import ACCOUNT
from remediator.engine import Engine
from remediator.ledger import ledger_key
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.main import main
from remediator_cli.scenario import build_world, load_samples

SAMPLE = "kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json"


@pytest.fixture
def fix(aws, runtime):
    (sample,) = [s for s in load_samples(EVENTS) if s.path == EVENTS / SAMPLE]
    world = build_world(aws, [sample])
    key = world.actual(sample.resource)
    settings = Settings(
        ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE, fold_minutes=0, home_account=ACCOUNT
    )
    (decision,) = [d for d in Engine.from_settings(settings, family="kms", clients=aws).handle(world.rewrite(sample.event))
                   if d.rule == "kms-key-rotation"]  # fmt: skip
    assert aws.client("kms").get_key_rotation_status(KeyId=key.id)["KeyRotationEnabled"]
    ledger = ledger_key(decision)
    return key, f"{ledger['pk']}|{ledger['sk']}"


def test_undo_by_ledger_key_turns_rotation_off_again(aws, runtime, fix, capsys):
    key, ledger = fix
    assert main(["undo", ledger, "--until", "2099-01-01", "--by", "ml-lead", "--json"]) == 2  # too far ahead
    assert "within 366 days" in capsys.readouterr().err
    assert main(["undo", ledger, "--by", "ml-lead", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    (decision,) = [json.loads(line) for line in out]
    assert decision["outcome"] == "undone" and decision["actor"]["arn"] == "ml-lead"
    assert not aws.client("kms").get_key_rotation_status(KeyId=key.id)["KeyRotationEnabled"]
    # a second undo of the same fix finds rotation off: refused, one line, exit 2
    assert main(["undo", ledger]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "remediator: automatic rotation is off already: it was turned off since the fix"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["undo", "not-a-key"], "'not-a-key' is not a ledger key"),
        (["undo", "a|b#c#d", "--until", "soon"], "--until 'soon' is not a date (YYYY-MM-DD)"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(aws, runtime, fix, capsys, args, said):
    key, _ = fix
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err
    assert aws.client("kms").get_key_rotation_status(KeyId=key.id)["KeyRotationEnabled"]


def test_a_fix_in_another_account_is_not_undone_with_the_callers_credentials(aws, runtime, fix):
    """The caller's credentials act in their own account: a fix ledgered for another account (the organization
    model's member) is refused, so a same-named resource in the caller's account is never changed in its place."""
    from datetime import UTC, datetime, timedelta

    from remediator.settings import DEFAULT_STATE_TABLE, Settings
    from remediator.undo import UndoError, parse_key, undo_fix

    key, ledger = fix
    settings = Settings(ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE)
    week = datetime.now(UTC).date() + timedelta(days=7)
    with pytest.raises(
        UndoError, match=re.escape("the fix is in account 123456789012, not the caller's: undo it from Slack")
    ):
        undo_fix(aws, settings, parse_key(ledger), by="ml-lead", until=week, acting_in="210987654321")
    assert aws.client("kms").get_key_rotation_status(KeyId=key.id)["KeyRotationEnabled"]
