"""A tolerant reader of the object literals docs code blocks hold: JSON, JavaScript and Python.

json5 reads unquoted keys and single quotes, but not what examples really contain: variables
(`content: task`), shorthand properties (`{ tools }`), template strings, `True`/`None`, `...`
elisions. Anything that is not a literal becomes PLACEHOLDER, which the comply stage treats as a
valid value of the field's type; so does a string that is itself a placeholder (`{{MODEL}}`,
`<OPENROUTER_API_KEY>`, `...`, `${x}`). `parse_value` never raises anything but LiteralError.
"""
from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = "__PLACEHOLDER__"  # matches checker.comply.payloads.PLACEHOLDER
_MAX_DEPTH = 40
_PLACEHOLDER_STRING = re.compile(r"^\s*(?:\.\.\.|…|<[^<>]+>|\{\{[^{}]+\}\}|\{[A-Z_]+\})\s*$|\$\{|\{\{")
_NUMBER = re.compile(r"-?(?:\d[\d_]*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WORD = re.compile(r"[A-Za-z_$][\w$]*")
_CONSTANTS = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class LiteralError(ValueError):
    pass


def parse_value(text: str, start: int = 0) -> tuple[Any, int]:
    """(value, index after it) for the literal at text[start:]."""
    reader = _Reader(text)
    reader.i = start
    return reader.value(0), reader.i


def placeholder_string(value: str) -> Any:
    return PLACEHOLDER if _PLACEHOLDER_STRING.search(value) else value


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip(self) -> None:
        text = self.text
        while self.i < len(text):
            if text[self.i].isspace():
                self.i += 1
            elif text.startswith("//", self.i) or (text[self.i] == "#" and not text.startswith("#{", self.i)):
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                self.i = len(text) if end < 0 else end + 2
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.text[self.i] if self.i < len(self.text) else ""

    def value(self, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise LiteralError("nested too deeply")
        char = self.peek()
        if not char:
            raise LiteralError("a value was expected")
        if char == "{":
            return self.mapping(depth)
        if char == "[":
            return self.sequence(depth)
        if char in "'\"`":
            return placeholder_string(self.string())
        if self.text.startswith("...", self.i):
            self.i += 3
            return PLACEHOLDER
        number = _NUMBER.match(self.text, self.i)
        if number:
            self.i = number.end()
            raw = number.group().replace("_", "")
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        word = _WORD.match(self.text, self.i)
        if word and word.group() in _CONSTANTS and not self._continues(word.end()):
            self.i = word.end()
            return _CONSTANTS[word.group()]
        if word and word.group() in ("f", "r", "b") and self.text[word.end():word.end() + 1] in ("'", '"'):
            self.i = word.end()
            return placeholder_string(self.string()) if word.group() != "f" else self._fstring()
        self.expression()
        return PLACEHOLDER

    def _continues(self, at: int) -> bool:
        return self.text[at:at + 1] in (".", "(", "[")

    def _fstring(self) -> Any:
        value = self.string()
        return PLACEHOLDER if "{" in value else value

    def mapping(self, depth: int) -> dict[str, Any]:
        self.i += 1
        out: dict[str, Any] = {}
        while True:
            char = self.peek()
            if char == "}":
                self.i += 1
                return out
            if not char:
                raise LiteralError("unterminated object")
            if self.text.startswith("...", self.i) or self.text.startswith("**", self.i):
                self.i += 3 if self.text[self.i] == "." else 2
                self.expression()  # a spread: its keys are unknown
            else:
                key = self.key()
                if self.peek() == ":":
                    self.i += 1
                    out[key] = self.value(depth + 1)
                else:
                    out[key] = PLACEHOLDER  # shorthand property `{ tools }`
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "}":
                raise LiteralError(f"unexpected {self.peek()!r} in an object")

    def key(self) -> str:
        char = self.peek()
        if char and char in "'\"`":
            return self.string()
        word = _WORD.match(self.text, self.i) or _NUMBER.match(self.text, self.i)
        if not word:
            raise LiteralError(f"unexpected {char!r} where a key was expected")
        self.i = word.end()
        return word.group()

    def sequence(self, depth: int) -> list[Any]:
        self.i += 1
        out: list[Any] = []
        while True:
            char = self.peek()
            if char == "]":
                self.i += 1
                return out
            if not char:
                raise LiteralError("unterminated array")
            if self.text.startswith("...", self.i):
                self.i += 3  # an elision ("and more items") or a spread: items unknown
                if _WORD.match(self.text, self.i):
                    self.expression()
            else:
                out.append(self.value(depth + 1))
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "]":
                raise LiteralError(f"unexpected {self.peek()!r} in an array")

    def string(self) -> str:
        quote = self.text[self.i]
        triple = self.text.startswith(quote * 3, self.i)
        end_mark = quote * 3 if triple else quote
        self.i += len(end_mark)
        out: list[str] = []
        while self.i < len(self.text):
            if self.text.startswith(end_mark, self.i):
                self.i += len(end_mark)
                return "".join(out)
            char = self.text[self.i]
            if char == "\\" and self.i + 1 < len(self.text):
                nxt = self.text[self.i + 1]
                out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
                self.i += 2
                continue
            if char == "\n" and quote != "`" and not triple:
                break
            out.append(char)
            self.i += 1
        raise LiteralError("unterminated string")

    def expression(self) -> None:
        """Skip an expression (variable, call, arithmetic) up to the `,` `}` `]` `)` that ends it."""
        stack: list[str] = []
        start = self.i
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in "'\"`":
                self.string()
                continue
            if char in _CLOSERS:
                stack.append(_CLOSERS[char])
            elif stack and char == stack[-1]:
                stack.pop()
            elif not stack and (char in ",}])" or char == "\n" and self.i > start and self._ends_line()):
                break
            self.i += 1
        if self.i == start:
            raise LiteralError(f"unexpected {self.text[self.i:self.i + 1]!r}")

    def _ends_line(self) -> bool:
        rest = self.text[self.i:].lstrip()
        return not rest[:1] in (".", "+", "-", "*", "/", "?", ":", "|", "&")


def parse_kwargs(text: str, start: int) -> dict[str, Any]:
    """Python keyword arguments of the call whose `(` is at text[start]; positional ones are skipped."""
    reader = _Reader(text)
    reader.i = start + 1
    out: dict[str, Any] = {}
    while True:
        char = reader.peek()
        if char == ")" or not char:
            return out
        word = _WORD.match(text, reader.i)
        after = word.end() if word else reader.i
        if word and text[after:after + 1] == "=" and text[after + 1:after + 2] != "=":
            reader.i = after + 1
            out[word.group()] = reader.value(0)
        else:
            reader.value(0)
        if reader.peek() == ",":
            reader.i += 1
        elif reader.peek() != ")":
            raise LiteralError(f"unexpected {reader.peek()!r} in a call")
