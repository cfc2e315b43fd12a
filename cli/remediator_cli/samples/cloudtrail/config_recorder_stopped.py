"""config-recorder-stopped: its sample events (events/cloudtrail/config-recorder-stopped/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call


def cases() -> None:
    d = "cloudtrail/config-recorder-stopped"
    stop = {"configurationRecorderName": "default"}
    watcher_call(
        f"{d}/cloudtrail-stop-configuration-recorder.violating",
        "config",
        "StopConfigurationRecorder",
        stop,
        "eu-west-1",
    )
    watcher_call(
        f"{d}/cloudtrail-stop-configuration-recorder-started-since.compliant",
        "config",
        "StopConfigurationRecorder",
        stop,
        "eu-west-2",
    )
    watcher_call(
        f"{d}/cloudtrail-delete-configuration-recorder-recreated-since.compliant",
        "config",
        "DeleteConfigurationRecorder",
        stop,
        "eu-west-3",
    )
