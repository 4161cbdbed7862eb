"""The YAML of Argdown's `{data}` and frontmatter values, as far as Argdown files use it:
flow mappings and sequences of scalars (``{key: value, "quoted": 'single', n: 3, list: [1,
2], nested: {a: b}}``). Pure functions; ``DataError`` says what is wrong, and the reader
names the line.
"""

import json
import re

MAX_DEPTH = 20


class DataError(ValueError):
    pass


def parse(text: str):
    """The value ``text`` holds, all of it."""
    return _Flow(text).document()


def brace_end(text: str, start: int) -> int | None:
    """The index of the } closing the { at ``start``, or None. A quote opens a string only
    where a YAML scalar starts (after { [ , :), so an apostrophe inside a word is plain."""
    depth, i, previous = 0, start, ""
    while i < len(text):
        char = text[i]
        if char in "\"'" and previous in "{[,:":
            i = string_end(text, i)
            if i is None:
                return None
            previous = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return i if char == "}" else None
        if not char.isspace():
            previous = char
        i += 1
    return None


def string_end(text: str, start: int) -> int | None:
    """The index of the quote closing the string that opens at ``start``, or None."""
    quote, i = text[start], start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":  # '' is a quote inside '…'
                i += 2
                continue
            return i
        i += 1
    return None


class _Flow:
    """A recursive descent over one value; ``i`` is where it has got to."""

    def __init__(self, text: str):
        self.text, self.i = text, 0

    def error(self, message: str):
        raise DataError(message)

    def document(self):
        value = self.value(0)
        self.space()
        if self.i < len(self.text):
            self.error(f"unexpected {self.text[self.i]!r} after the value")
        return value

    def space(self):
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def peek(self) -> str:
        self.space()
        return self.text[self.i] if self.i < len(self.text) else ""

    def value(self, depth: int):
        if depth > MAX_DEPTH:
            self.error("it is nested too deeply")
        char = self.peek()
        if char == "{":
            return self.collection(depth, "}")
        if char == "[":
            return self.collection(depth, "]")
        if char in "\"'":
            return self.string()
        return plain_value(self.plain(",}]"))

    def collection(self, depth: int, closer: str):
        self.i += 1
        items = {} if closer == "}" else []
        while True:
            char = self.peek()
            if char == closer:
                self.i += 1
                return items
            if not char:
                self.error(f"{closer} is missing")
            if closer == "}":
                key = self.string() if char in "\"'" else self.plain(":,}")
                if self.peek() != ":" or key == "":
                    self.error("expected key: value")
                self.i += 1
                items[str(key)] = None if self.peek() in ",}" else self.value(depth + 1)
            else:
                items.append(self.value(depth + 1))
            char = self.peek()
            if char == ",":
                self.i += 1
            elif char != closer:
                self.error(f"expected , or {closer}")

    def string(self) -> str:
        start = self.i
        end = string_end(self.text, start)
        if end is None:
            self.error("a quoted string is never closed")
        self.i = end + 1
        if self.text[start] == "'":
            return self.text[start + 1:end].replace("''", "'")
        try:
            return json.loads(self.text[start:end + 1], strict=False)
        except json.JSONDecodeError as problem:
            self.error(f"bad escape in a quoted string ({problem.msg})")

    def plain(self, stops: str) -> str:
        start = self.i
        while self.i < len(self.text) and self.text[self.i] not in stops:
            self.i += 1
        return self.text[start:self.i].strip()



def plain_value(text: str):
    """A plain (unquoted) scalar: a number, a boolean, null, or the text itself."""
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?", text):
        return float(text)
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    return text
