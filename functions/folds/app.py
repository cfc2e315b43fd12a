"""Fold flusher: when an alert window closes, one summary of the repeats it folded."""

from remediator.folds import build_flush_handler

handler = build_flush_handler()
