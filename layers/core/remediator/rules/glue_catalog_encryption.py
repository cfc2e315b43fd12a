"""The Data Catalog holds the pipeline's table definitions, schemas and connection properties: with its
encryption at rest off, new catalog objects are stored without a KMS key."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_CATALOG_ENCRYPTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers

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
    )
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
        ctx.client("glue").put_data_catalog_encryption_settings(
            DataCatalogEncryptionSettings={
                "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS"},
                "ConnectionPasswordEncryption": kept,
            }
        )
        return "turned the Data Catalog's encryption at rest back on (SSE-KMS, aws/glue)"
