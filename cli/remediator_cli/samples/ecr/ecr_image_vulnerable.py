"""ecr-image-vulnerable: its sample events (events/ecr/ecr-image-vulnerable/)."""

from __future__ import annotations

import hashlib

from remediator_cli.samples.ecr import DIGEST, inspector


def cases() -> None:
    d = "ecr/ecr-image-vulnerable"
    inspector(f"{d}/inspector-package-vulnerability-high.violating", "acme-ml/train-base", DIGEST)
    # an image deleted since Inspector scanned it: nothing runs it any more
    gone = "sha256:" + hashlib.sha256(b"acme-ml/train-base, an image deleted since").hexdigest()
    inspector(f"{d}/inspector-package-vulnerability-image-deleted.compliant", "acme-ml/train-base-next", gone)
