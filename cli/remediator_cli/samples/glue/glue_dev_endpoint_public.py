"""glue-dev-endpoint-public: its sample events (events/glue/glue-dev-endpoint-public/)."""

from __future__ import annotations

from remediator_cli.samples.glue import create_dev_endpoint


def cases() -> None:
    d = "glue/glue-dev-endpoint-public"
    create_dev_endpoint(
        f"{d}/cloudtrail-create-dev-endpoint-public.violating", "acme-ml-notebook-dev", private=False
    )
    create_dev_endpoint(
        f"{d}/cloudtrail-create-dev-endpoint-in-subnet.compliant", "acme-ml-etl-dev", private=True
    )
