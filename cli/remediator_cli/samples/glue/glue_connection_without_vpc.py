"""glue-connection-without-vpc: its sample events (events/glue/glue-connection-without-vpc/)."""

from __future__ import annotations

from remediator_cli.samples.glue import create_connection


def cases() -> None:
    d = "glue/glue-connection-without-vpc"
    create_connection(
        f"{d}/cloudtrail-create-connection-jdbc-public.violating", "acme-ml-features-db", private=False
    )
    create_connection(
        f"{d}/cloudtrail-create-connection-jdbc-in-subnet.compliant", "acme-ml-labels-db", private=True
    )
