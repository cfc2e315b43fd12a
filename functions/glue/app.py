"""Glue family: jobs without a security configuration, security configurations that leave data unencrypted,
and the Data Catalog's encryption turned off."""

from remediator.handler import build_handler

handler = build_handler("glue")
