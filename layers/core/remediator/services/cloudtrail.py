"""Trail reads and writes shared by the CloudTrail rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator.rules.base import ResourceGoneError, RuleContext, gone_when

if TYPE_CHECKING:
    pass


def find_trail(ctx: RuleContext, name: str) -> dict[str, Any] | None:
    """The trail's configuration, or None when it no longer exists; read once per trigger for all rules."""

    def load() -> dict[str, Any] | None:
        trails = ctx.client("cloudtrail").describe_trails(trailNameList=[name], includeShadowTrails=False)
        # Match by name or ARN ourselves: a stand-in that ignores trailNameList must not hand back another trail.
        found: list[dict[str, Any]] = trails["trailList"]
        return next((t for t in found if name in (t.get("Name"), t.get("TrailARN"))), None)

    return ctx.shared_read("cloudtrail:trail", name, load)


def read_trail(ctx: RuleContext, name: str) -> dict[str, Any]:
    trail = find_trail(ctx, name)
    if trail is None:
        raise ResourceGoneError(f"trail {name} no longer exists")
    return trail


def update_trail(ctx: RuleContext, name: str, **changes: Any) -> None:
    """UpdateTrail; the shared read takes the trail as the call returns it."""
    response = ctx.client("cloudtrail").update_trail(Name=name, **changes)
    ctx.forget("cloudtrail:trail", name)
    known = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    ctx.shared_read("cloudtrail:trail", name, lambda: {**known, "Name": response.get("Name", name)})


def is_logging(ctx: RuleContext, name: str) -> bool:
    with gone_when("TrailNotFoundException", f"trail {name}"):
        return bool(ctx.client("cloudtrail").get_trail_status(Name=name)["IsLogging"])
