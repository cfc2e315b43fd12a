"""compliance-remediator: finds and fixes compliance drift in AWS accounts that run AI/ML pipelines."""

__version__ = "0.1.0"
