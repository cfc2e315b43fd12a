"""Where the settings document in force comes from: the SSM parameter (read through Powertools parameters with
a short cache, the last good document kept), or a local file (the CLI's --settings)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remediator.overrides import DEFAULTS, Overrides, OverridesError, parse_overrides

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

SETTINGS_MAX_AGE_SECONDS = 60


class OverridesSource:
    """The document in force: read from SSM (cached SETTINGS_MAX_AGE_SECONDS), the last good one kept.

    `on_invalid` is told once per rejected document (the engine alerts and counts it); a parameter that
    does not exist means the defaults; a read that fails (throttled, denied) keeps what is in force."""

    def __init__(
        self,
        clients: ClientFactory,
        name: str | None,
        on_invalid: Callable[[str], None] | None = None,
        max_age: int = SETTINGS_MAX_AGE_SECONDS,
        file: str | None = None,
    ) -> None:
        self._clients = clients
        self.name = name
        self.file = file
        self.max_age = max_age
        self._on_invalid = on_invalid
        self._provider: Any = None
        self._good = DEFAULTS
        self._good_text: str | None = None
        self._rejected_text: str | None = None
        self._next_read = 0.0

    def current(self) -> Overrides:
        if not self.name:
            if self.file and self._good_text is None:  # a local document: read once, must be valid
                self._good_text = open(self.file, encoding="utf-8").read()  # noqa: SIM115
                self._good = parse_overrides(self._good_text)
            return self._good
        now = time.monotonic()
        if now < self._next_read:  # also spares a missing parameter a GetParameter per event
            return self._good
        self._next_read = now + self.max_age
        text = self._read()
        if text is None or text == self._good_text:
            return self._good
        try:
            parsed = parse_overrides(text)
        except OverridesError as exc:
            if text != self._rejected_text:
                self._rejected_text = text
                from remediator.observability import logger

                logger.error(
                    "settings document rejected; the last good one stays", extra={"reason": str(exc)}
                )
                if self._on_invalid is not None:
                    self._on_invalid(f"{self.name}: {exc}")
            return self._good
        self._good, self._good_text = parsed, text
        return parsed

    def _read(self) -> str | None:
        from aws_lambda_powertools.utilities.parameters import SSMProvider
        from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

        from remediator.observability import logger

        if self._provider is None:
            self._provider = SSMProvider(boto3_client=self._clients.client("ssm"))
        try:
            return str(self._provider.get(self.name, max_age=self.max_age))
        except GetParameterError as exc:
            code = getattr(exc.__context__, "response", {}).get("Error", {}).get("Code")
            if code == "ParameterNotFound":
                self._good, self._good_text = DEFAULTS, None
                return None
            logger.warning("settings document unreadable; the one in force stays", extra={"error": str(exc)})
            return None
