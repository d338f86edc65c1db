"""The fast path: each schema node compiled once into a predicate `value -> bool`.

Valid bodies (nearly all of them) are only ever seen by these closures: no messages,
no paths, no allocation. The explaining path (explain.py) runs only when a predicate
says False, and must agree with it (tests/apischema/test_fast_agrees.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vapictl.apischema.explain import UUID, is_integer, is_number, is_url, pattern

Predicate = Callable[[Any], bool]


def _always(_value: Any) -> bool:
    return True


class Compiler:
    """`stand_ins`: values of these types are checked as the value given for their type
    (the manifest check's references: a Ref is checked as a placeholder id), as if the
    body had been copied with each one replaced. A stand-in is never None."""

    def __init__(
        self, defs: Mapping[str, Any], stand_ins: Mapping[type, Any] | None = None
    ) -> None:
        self.defs = defs
        self.compiled: dict[str, Predicate] = {}
        self.stand_ins: Mapping[type, Any] = stand_ins or {}

    def ref(self, name: str) -> Predicate:
        """A named schema, compiled on first use (schemas refer to each other in cycles)."""
        compiled = self.compiled

        def check(value: Any) -> bool:
            predicate = compiled.get(name)
            if predicate is None:
                compiled[name] = _always  # re-entry while compiling: filled in below
                predicate = compiled[name] = self.node(self.defs[name])
            return predicate(value)

        return check

    def node(self, node: Any) -> Predicate:
        if isinstance(node, str):
            return self.ref(node)
        if "u" in node:
            return self._union(node)
        if "p" in node or node.get("t") == "object":
            return self._object(node)
        if node.get("t") == "array" or "i" in node:
            return self._array(node)
        return self._scalar(node)

    def _object(self, node: Mapping[str, Any]) -> Predicate:
        props = {name: self.node(prop) for name, prop in node.get("p", {}).items()}
        required = tuple(node.get("r", ()))
        closed = not node.get("o")
        stand_ins = self.stand_ins

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return False
            for key, item in value.items():
                predicate = props.get(key)
                if predicate is None:
                    if closed:
                        return False
                elif item is not None:
                    if type(item) in stand_ins:
                        item = stand_ins[type(item)]
                    if not predicate(item):
                        return False
            # Loops, not all(<generator>): a generator per call cost more than the checks.
            for name in required:  # noqa: SIM110
                if value.get(name) is None:
                    return False
            return True

        return check

    def _array(self, node: Mapping[str, Any]) -> Predicate:
        items = self.node(node["i"]) if "i" in node else _always
        low, high = node.get("in", 0), node.get("ix")
        stand_ins = self.stand_ins

        def check(value: Any) -> bool:
            if not isinstance(value, list) or len(value) < low:
                return False
            if high is not None and len(value) > high:
                return False
            for item in value:
                if item is not None:
                    if type(item) in stand_ins:
                        item = stand_ins[type(item)]
                    if not items(item):
                        return False
            return True

        return check

    def _union(self, node: Mapping[str, Any]) -> Predicate:
        branches = [self.node(branch) for branch in node["u"]]
        tag_name = node.get("d")
        if tag_name is None:
            return lambda value: any(branch(value) for branch in branches)
        by_tag = {tag: [branches[i] for i in indexes] for tag, indexes in node["m"].items()}

        single = {tag: chosen[0] for tag, chosen in by_tag.items() if len(chosen) == 1}

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return any(branch(value) for branch in branches)
            tag = value.get(tag_name)
            if not isinstance(tag, str):
                return False
            one = single.get(tag)
            if one is not None:
                return bool(one(value))
            chosen = by_tag.get(tag)
            return chosen is not None and any(branch(value) for branch in chosen)

        return check

    def _scalar(self, node: Mapping[str, Any]) -> Predicate:
        kind = node.get("t")
        allowed: list[Any] | None = node.get("e")
        if kind == "string":
            extra = _string_tests(node)
            if allowed is None and not extra:
                return _is_string
            if not extra and allowed is not None:
                values = frozenset(allowed)
                return lambda v: isinstance(v, str) and v in values
            if allowed is None and set(node) & _STRING_TESTS == {"lx"}:
                longest = node["lx"]  # the most common string constraint alone: one call
                return lambda v: isinstance(v, str) and len(v) <= longest
            if allowed is None and len(extra) == 1:
                (test,) = extra
                return lambda v: isinstance(v, str) and test(v)
            return lambda v: (
                isinstance(v, str)
                and (allowed is None or v in allowed)
                and all(test(v) for test in extra)
            )
        tests: list[Predicate] = []
        if kind == "number":
            tests.append(is_number)
        elif kind == "integer":
            tests.append(is_integer)
        elif kind == "boolean":
            tests.append(_is_bool)
        if allowed is not None:
            tests.append(lambda v: v in allowed)
        tests.extend(_string_tests(node))
        tests.extend(_number_tests(node))
        if not tests:
            return _always
        if len(tests) == 1:
            return tests[0]
        return lambda value: all(test(value) for test in tests)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


_STRING_TESTS = frozenset({"lx", "ln", "re", "f"})  # the keys _string_tests reads


def _string_tests(node: Mapping[str, Any]) -> list[Predicate]:
    """Constraints on a value already known to be a string when the type is string."""
    tests: list[Predicate] = []
    if "lx" in node:
        longest = node["lx"]
        tests.append(lambda v: not isinstance(v, str) or len(v) <= longest)
    if "ln" in node:
        shortest = node["ln"]
        tests.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
    regex = pattern(node["re"]) if "re" in node else None
    if regex is not None:
        tests.append(lambda v: not isinstance(v, str) or regex.search(v) is not None)
    if node.get("f") == "uri":
        tests.append(lambda v: not isinstance(v, str) or is_url(v))
    elif node.get("f") == "uuid":
        tests.append(lambda v: not isinstance(v, str) or UUID.match(v) is not None)
    return tests


def _number_tests(node: Mapping[str, Any]) -> list[Predicate]:
    tests: list[Predicate] = []
    if "lo" in node:
        low = node["lo"]
        tests.append(lambda v: not is_number(v) or v >= low)
    if "hi" in node:
        high = node["hi"]
        tests.append(lambda v: not is_number(v) or v <= high)
    return tests
