"""CI/CD family: CodeBuild projects in privileged mode, with secrets in plaintext variables or without a
customer key on their output, and CodePipeline artifact stores without one."""

from remediator.handler import build_handler

handler = build_handler("cicd")
