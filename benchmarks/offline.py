"""What every benchmark sets first: moto's stand-in credentials and region, no endpoint from the developer's
shell, Powertools quiet (no tracing, no EMF, errors only), no AMIs seeded in moto's EC2. Imported before
remediator is."""

from __future__ import annotations

import os
import warnings


def offline(**extra: str) -> None:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        POWERTOOLS_TRACE_DISABLED="true",
        POWERTOOLS_METRICS_DISABLED="true",
        POWERTOOLS_LOG_LEVEL="ERROR",
        # moto seeds 1,301 AMI snapshots owned by the default account: an account's own snapshots are its own
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
        **extra,
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    warnings.filterwarnings("ignore", message="Couldn't determine the remaining time")
