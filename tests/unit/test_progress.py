"""Progress bars go to stderr only when it is a terminal; the items pass through either way."""

from __future__ import annotations

import pytest
from rich.console import Console

from remediator_cli.commands import _progress


def test_in_a_pipe_there_is_no_bar_and_nothing_is_lost(capsys):
    assert list(_progress(list(range(50)), "replay")) == list(range(50))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_on_a_terminal_the_bar_goes_to_stderr(monkeypatch, capsys):
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    assert list(_progress(list(range(5)), "replay")) == list(range(5))
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout carries decisions only


@pytest.mark.parametrize("items", [[], ["one"]])
def test_nothing_to_show_for_a_single_event(items, monkeypatch):
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    assert list(_progress(items, "replay")) == items
