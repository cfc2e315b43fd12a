"""ECR family: repositories that don't scan pushed images, public repository policies, mutable tags, and
Amazon Inspector's critical and high findings on images."""

from remediator.handler import build_handler

handler = build_handler("ecr")
