"""The explaining path: every problem of a request body, in class-validator's words.

Runs only when the compiled fast path (fast.py) said "invalid", so it favours clear
messages over speed. Node format: scripts/gen_apischema.py's docstring.

Messages follow NestJS/class-validator (API-REFERENCE §1): the property path with dots
("voice.speed must not be greater than 1.2"), array items by index ("members.0.name
...") or, for union-typed arrays, "each value in" ("model.each value in tools.property
x should not exist").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from vapictl.manifest.suggest import closest
from vapictl.url_parts import url_parts

Path = tuple[str | int, ...]
# Arrays whose items NestJS names "each value in X." rather than "X.0.": the tool
# unions, per a real 400 ("model.each value in tools.property name should not exist",
# API-REFERENCE §1 [SUP]); other arrays of objects are named by index.
EACH_VALUE_ARRAYS = frozenset({"tools"})
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class SpecProblem:
    """One thing the API would refuse: where (a path into the body) and its message."""

    path: Path
    message: str
    suggestion: str | None = None  # unknown property: the closest known name, if any


@cache
def pattern(source: str) -> re.Pattern[str] | None:
    """The spec's patterns are JavaScript regexes; the few Python cannot read are skipped."""
    try:
        return re.compile(source)
    except re.error:
        return None


def is_url(value: str) -> bool:
    """class-validator's isURL, roughly: a scheme and a host."""
    split = url_parts(value)
    return split is not None and bool(split.scheme) and bool(split.netloc) and " " not in value


def number_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def scalar_message(node: Mapping[str, Any], value: Any) -> str | None:
    """What is wrong with a scalar value (the text after its name), or None."""
    kind = node.get("t")
    if kind == "string":
        if not isinstance(value, str):
            return "must be a string"
    elif kind == "number":
        if not is_number(value):
            return "must be a number conforming to the specified constraints"
    elif kind == "integer":
        if not is_integer(value):
            return "must be an integer number"
    elif kind == "boolean" and not isinstance(value, bool):
        return "must be a boolean value"
    enum = node.get("e")
    if enum is not None and value not in enum:
        return f"must be one of the following values: {', '.join(map(str, enum))}"
    if isinstance(value, str):
        return _string_message(node, value)
    if is_number(value):
        if "lo" in node and value < node["lo"]:
            return f"must not be less than {number_text(node['lo'])}"
        if "hi" in node and value > node["hi"]:
            return f"must not be greater than {number_text(node['hi'])}"
    return None


def _string_message(node: Mapping[str, Any], value: str) -> str | None:
    if "lx" in node and len(value) > node["lx"]:
        return f"must be shorter than or equal to {node['lx']} characters"
    if "ln" in node and len(value) < node["ln"]:
        return f"must be longer than or equal to {node['ln']} characters"
    regex = pattern(node["re"]) if "re" in node else None
    if regex is not None and not regex.search(value):
        return f"must match /{node['re']}/ regular expression"
    fmt = node.get("f")
    if fmt == "uri" and not is_url(value):
        return "must be a URL address"
    if fmt == "uuid" and not UUID.match(value):
        return "must be a UUID"
    return None


class Explainer:
    def __init__(self, defs: Mapping[str, Any]) -> None:
        self.defs = defs

    def resolve(self, node: Any) -> Mapping[str, Any]:
        while isinstance(node, str):
            node = self.defs[node]
        return node  # type: ignore[no-any-return]

    def check(
        self, node: Any, value: Any, path: Path, pre: str, prop: str, out: list[SpecProblem]
    ) -> None:
        """Problems of `value` (never None here) against `node`. `pre` is the NestJS
        prefix of the parent ("voice."), `prop` this value's name in messages."""
        body = self.resolve(node)
        label = f"{pre}{prop}"
        if "u" in body:
            self._union(body, value, path, pre, prop, out)
        elif "p" in body or body.get("t") == "object":
            if not isinstance(value, dict):
                text = (
                    f"{pre}nested property {prop} must be either object or array"
                    if "p" in body
                    else f"{label} must be an object"
                )
                out.append(SpecProblem(path, text))
            else:
                self._object(body, value, path, f"{label}." if prop else pre, out)
        elif body.get("t") == "array" or "i" in body:
            self._array(body, value, path, pre, prop, out)
        else:
            message = scalar_message(body, value)
            if message:
                out.append(SpecProblem(path, f"{label} {message}"))

    def _object(
        self,
        body: Mapping[str, Any],
        value: dict[str, Any],
        path: Path,
        child: str,
        out: list[SpecProblem],
    ) -> None:
        props: Mapping[str, Any] = body.get("p", {})
        if not body.get("o"):
            for key in value:
                if key not in props:
                    out.append(
                        SpecProblem(
                            (*path, key),
                            f"{child}property {key} should not exist",
                            closest(str(key), props),
                        )
                    )
        for name in body.get("r", ()):
            if value.get(name) is None:
                out.append(SpecProblem((*path, name), f"{child}{name} should not be empty"))
        for key, item in value.items():
            if key in props and item is not None:
                self.check(props[key], item, (*path, key), child, key, out)

    def _array(
        self,
        body: Mapping[str, Any],
        value: Any,
        path: Path,
        pre: str,
        prop: str,
        out: list[SpecProblem],
    ) -> None:
        label = f"{pre}{prop}"
        if not isinstance(value, list):
            out.append(SpecProblem(path, f"{label} must be an array"))
            return
        if "in" in body and len(value) < body["in"]:
            out.append(SpecProblem(path, f"{label} must contain at least {body['in']} elements"))
        if "ix" in body and len(value) > body["ix"]:
            out.append(
                SpecProblem(path, f"{label} must contain no more than {body['ix']} elements")
            )
        if "i" not in body:
            return
        items = self.resolve(body["i"])
        objects = self._kind(items) == "an object" or (
            "u" in items and {self._kind(b) for b in items["u"]} == {"an object"}
        )
        for index, item in enumerate(value):
            if item is None:
                continue
            if objects and not isinstance(item, dict):
                text = f"{pre}nested property {prop} must be either object or array"
                out.append(SpecProblem((*path, index), text))
            elif objects and prop not in EACH_VALUE_ARRAYS:
                self.check(items, item, (*path, index), f"{label}.", str(index), out)
            else:
                self.check(items, item, (*path, index), pre, f"each value in {prop}", out)

    def _union(
        self,
        body: Mapping[str, Any],
        value: Any,
        path: Path,
        pre: str,
        prop: str,
        out: list[SpecProblem],
    ) -> None:
        branches: list[Any] = body["u"]
        child = f"{pre}{prop}." if prop else pre
        tag_name = body.get("d")
        if tag_name is not None and isinstance(value, dict):
            mapping: Mapping[str, list[int]] = body["m"]
            tag = value.get(tag_name)
            indexes = mapping.get(tag) if isinstance(tag, str) else None
            if indexes is None:
                values = ", ".join(mapping)
                text = (
                    f"{child}{tag_name} should not be empty"
                    if tag is None
                    else f"{child}{tag_name} must be one of the following values: {values}"
                )
                out.append(SpecProblem((*path, tag_name), text))
                return
            branches = [branches[i] for i in indexes]
        if len(branches) == 1:
            self.check(branches[0], value, path, pre, prop, out)
            return
        results: list[list[SpecProblem]] = []
        for branch in branches:
            found: list[SpecProblem] = []
            self.check(branch, value, path, pre, prop, found)
            if not found:
                return  # anyOf: one matching branch is enough (overlay.py)
            if self._fits(branch, value):
                results.append(found)
        if not results:
            kinds = sorted({self._kind(b) for b in branches})
            text = (
                f"{pre}nested property {prop} must be either object or array"
                if kinds == ["an object"]
                else f"{pre}{prop} must be {' or '.join(kinds)}"
            )
            out.append(SpecProblem(path, text))
        elif len(results) > 1 and not isinstance(value, dict | list):
            # Several scalar branches (an enum or a URL): name every alternative.
            label = f"{pre}{prop} "
            texts = [r[0].message.removeprefix(label) for r in results]
            out.append(SpecProblem(path, label + ", or ".join(dict.fromkeys(texts))))
        else:
            out.extend(sorted(results, key=len)[0])  # the closest branch

    def _kind(self, node: Any) -> str:
        body = self.resolve(node)
        if "p" in body or body.get("t") == "object":
            return "an object"
        if "u" in body:
            return "a union"
        return {"array": "an array", "integer": "an integer number"}.get(
            body.get("t", ""), f"a {body.get('t', 'value')}"
        )

    def _fits(self, node: Any, value: Any) -> bool:
        """Is `value` of the JSON type the branch expects (whatever its constraints)?"""
        body = self.resolve(node)
        if "u" in body:
            return True
        if "p" in body or body.get("t") == "object":
            return isinstance(value, dict)
        kind = body.get("t")
        if kind == "array":
            return isinstance(value, list)
        if kind == "string":
            return isinstance(value, str)
        if kind in ("number", "integer"):
            return is_number(value)
        if kind == "boolean":
            return isinstance(value, bool)
        return True
