"""The `remediator` command line: rules, replay, bootstrap, demo."""
