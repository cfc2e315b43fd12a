"""The Data Catalog holds the pipeline's table definitions, schemas and connection properties: with its
encryption at rest off, new catalog objects are stored without a KMS key."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_CATALOG_ENCRYPTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still

ENCRYPTED = ("SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE")


class GlueCatalogEncryption(Rule):
    """Turns the Data Catalog's encryption at rest back on (SSE-KMS), keeping its connection password
    setting as it is."""

    id = "glue-catalog-encryption"
    title = "Glue Data Catalog encryption turned off"
    severity = Severity.HIGH
    resource_type = GLUE_CATALOG_ENCRYPTION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutDataCatalogEncryptionSettings"}))
    permissions = Permissions(
        read=frozenset({"glue:GetDataCatalogEncryptionSettings"}),
        write=frozenset({"glue:PutDataCatalogEncryptionSettings"}),
        undo=frozenset({"glue:GetDataCatalogEncryptionSettings", "glue:PutDataCatalogEncryptionSettings"}),
    )
    undo_note = "puts the Data Catalog's encryption settings back as they were"
    fix = "turns the Data Catalog's encryption at rest back on with SSE-KMS (the AWS managed key aws/glue)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        settings = ctx.client("glue").get_data_catalog_encryption_settings()["DataCatalogEncryptionSettings"]
        mode = (settings.get("EncryptionAtRest") or {}).get("CatalogEncryptionMode", "DISABLED")
        if mode in ENCRYPTED:
            return Evaluation(True, f"the Data Catalog in {resource.region} is encrypted at rest ({mode})")
        return Evaluation(
            False, f"the Data Catalog in {resource.region} is not encrypted at rest ({mode})", state=settings
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        # PutDataCatalogEncryptionSettings replaces both settings: the connection password one goes back as read.
        kept = (evaluation.state or {}).get("ConnectionPasswordEncryption") or {
            "ReturnConnectionPasswordEncrypted": False
        }
        written = {
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS"},
            "ConnectionPasswordEncryption": kept,
        }
        ctx.client("glue").put_data_catalog_encryption_settings(DataCatalogEncryptionSettings=written)
        ctx.undo_record = {"before": evaluation.state, "after": written}
        return "turned the Data Catalog's encryption at rest back on (SSE-KMS, aws/glue)"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        glue = ctx.client("glue")
        now = glue.get_data_catalog_encryption_settings()["DataCatalogEncryptionSettings"]
        mode = (now.get("EncryptionAtRest") or {}).get("CatalogEncryptionMode")
        unless_still(
            mode, record["after"]["EncryptionAtRest"]["CatalogEncryptionMode"], "the catalog's encryption"
        )
        before = record["before"] or {"EncryptionAtRest": {"CatalogEncryptionMode": "DISABLED"}}
        glue.put_data_catalog_encryption_settings(DataCatalogEncryptionSettings=before)
        return "put the Data Catalog's encryption settings back as they were"
