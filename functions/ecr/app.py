"""ECR family: repositories that don't scan pushed images, public repository policies, mutable tags."""

from remediator.handler import build_handler

handler = build_handler("ecr")
