"""EventBridge routing as template.yaml declares it: which function each event reaches.

The replay CLI sends every event through the patterns of the template itself (not a copy), so local runs
take the same routes as the deployed stack. The matcher follows EventBridge's content filtering: arrays in
the event are flattened, a pattern's array lists alternatives, and the operators below are supported.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class TemplateError(ValueError):
    """template.yaml can't be read or doesn't declare what routing needs."""


@dataclass(frozen=True)
class Route:
    function: str  # logical id, e.g. S3Function
    rule: str  # the event's key under Events, e.g. CloudTrail
    pattern: dict[str, Any]
    code_dir: Path
    handler: str  # e.g. app.handler

    @property
    def handler_file(self) -> Path:
        module, _, _ = self.handler.rpartition(".")
        return self.code_dir / (module.replace(".", "/") + ".py")

    @property
    def handler_name(self) -> str:
        return self.handler.rpartition(".")[2]


def _cfn_loader() -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader: Any, suffix: str, node: Any) -> dict[str, Any]:
        name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    Loader.add_multi_constructor("!", construct)
    return Loader


def load_template(path: Path) -> dict[str, Any]:
    import yaml

    try:
        document = yaml.load(path.read_text(), Loader=_cfn_loader())  # noqa: S506 (a SafeLoader subclass)
    except OSError as exc:
        raise TemplateError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise TemplateError(f"{path} has no Resources")
    return document


def routes(template_path: Path) -> list[Route]:
    """Every EventBridge rule that targets a function, in template order."""
    template = load_template(template_path)
    defaults = template.get("Globals", {}).get("Function", {})
    found = []
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties", {})
        code_uri, handler = (
            props.get("CodeUri", defaults.get("CodeUri")),
            props.get("Handler", defaults.get("Handler")),
        )
        for name, event in (props.get("Events") or {}).items():
            if event.get("Type") in ("EventBridgeRule", "CloudWatchEvent"):
                pattern = event["Properties"]["Pattern"]
            elif event.get("Type") == "Schedule":
                pattern = _schedule_pattern(logical_id, name, event["Properties"])
            else:
                continue
            if not isinstance(code_uri, str) or not isinstance(handler, str):
                raise TemplateError(f"{logical_id} needs a local CodeUri and a Handler to be replayed")
            found.append(Route(logical_id, name, pattern, template_path.parent / code_uri, handler))
    return found


def _schedule_pattern(function: str, event: str, props: dict[str, Any]) -> dict[str, Any]:
    """A schedule's events name its rule in `resources`: match the rule's name without the stack's prefix."""
    name = props.get("Name")
    text = name.get("Fn::Sub") if isinstance(name, dict) else name
    if not isinstance(text, str):
        raise TemplateError(
            f"{function}.{event}: give the schedule a Name (!Sub ${{AWS::StackName}}-...) to replay it"
        )
    suffix = text.replace("${AWS::StackName}", "")
    return {"source": ["aws.events"], "detail-type": ["Scheduled Event"], "resources": [{"suffix": suffix}]}


def route(event: Mapping[str, Any], table: list[Route]) -> list[Route]:
    return [r for r in table if matches(r.pattern, event)]


# ------------------------------------------------------------------------- the matcher


def matches(pattern: Mapping[str, Any], event: Any, path: tuple[str, ...] = ()) -> bool:
    for key, rule in pattern.items():
        if key == "$or":
            if not any(matches(alternative, event, path) for alternative in rule):
                return False
        elif isinstance(rule, Mapping):
            if not matches(rule, event, (*path, key)):
                return False
        else:
            values = list(_values_at(event, (*path, key)))
            if not any(_matches_one(matcher, values) for matcher in rule):
                return False
    return True


def _values_at(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """Leaf values at a path, flattening arrays at every level as EventBridge does."""
    if isinstance(node, list):
        for item in node:
            yield from _values_at(item, path)
        return
    if not path:
        yield node
        return
    if isinstance(node, Mapping) and path[0] in node:
        yield from _values_at(node[path[0]], path[1:])


def _matches_one(matcher: Any, values: list[Any]) -> bool:
    if not isinstance(matcher, Mapping):
        return any(v == matcher and type(v) is type(matcher) for v in values if not isinstance(v, Mapping))
    ((operator, argument),) = matcher.items()
    leaves = [v for v in values if not isinstance(v, Mapping)]
    if operator == "exists":
        return bool(leaves) is bool(argument)
    strings = [v for v in leaves if isinstance(v, str)]
    if operator == "prefix":
        return _string_op(argument, strings, str.startswith)
    if operator == "suffix":
        return _string_op(argument, strings, str.endswith)
    if operator == "equals-ignore-case":
        return any(v.lower() == str(argument).lower() for v in strings)
    if operator == "wildcard":
        return any(fnmatch.fnmatchcase(v, argument.replace("[", "[[]")) for v in strings)
    if operator == "anything-but":
        excluded = argument if isinstance(argument, list) else [argument]
        if isinstance(argument, Mapping):
            return bool(leaves) and not any(_matches_one(argument, [v]) for v in leaves)
        return bool(leaves) and any(v not in excluded for v in leaves)
    if operator == "numeric":
        return any(
            _numeric(argument, v) for v in leaves if isinstance(v, int | float) and not isinstance(v, bool)
        )
    if operator == "cidr":
        network = ipaddress.ip_network(argument, strict=False)
        return any(_in_network(v, network) for v in strings)
    raise TemplateError(f"unsupported EventBridge pattern operator {operator!r}")


def _string_op(argument: Any, strings: list[str], test: Any) -> bool:
    if isinstance(argument, Mapping) and "equals-ignore-case" in argument:
        needle = str(argument["equals-ignore-case"]).lower()
        return any(test(v.lower(), needle) for v in strings)
    return any(test(v, str(argument)) for v in strings)


def _numeric(conditions: list[Any], value: float) -> bool:
    import operator as op

    compare = {"<": op.lt, "<=": op.le, "=": op.eq, ">": op.gt, ">=": op.ge}
    pairs = zip(conditions[::2], conditions[1::2], strict=True)
    return all(compare[symbol](value, bound) for symbol, bound in pairs)


def _in_network(value: str, network: Any) -> bool:
    try:
        return ipaddress.ip_address(value) in network
    except ValueError:
        return False
