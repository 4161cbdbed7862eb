"""Argdown read into plain data (FORMATS.md §5.2): the subset people write by hand, and
everything ``formats/argdown.py`` writes.

``read(data) -> Document``: the statements (equivalence classes, by title), the arguments
(with their premise-conclusion structures) and the relations the indented trees draw, each
with the line it comes from. No ORM here: ``argdown_import`` decides what they become in a
map. Anything malformed raises ``ArgdownSyntaxError`` naming the line.

Where the reference parser (@argdown/cli 1.7.5) decides what a file *means* we follow it:
`//` opens a comment even inside a URL, but not inside `{data}`; a blank line ends a
relation tree; a dedent must land on a level used above; data must end its statement. We
are laxer only about layout it refuses without a change of meaning (two titled statements on
consecutive lines, an argument's title directly above its premises) and stricter where it
reads a broken file as text (an unclosed frontmatter).
"""

import re
from dataclasses import dataclass, field

from .argdown_data import DataError, brace_end, parse, plain_value

MAX_BYTES = 2 * 1024 * 1024


class ArgdownSyntaxError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass
class Statement:
    key: str  # its title, or "\n<line>" when untitled (no title can hold a newline)
    title: str  # "" when untitled
    line: int  # where it first appears
    text: str = ""  # the first text given for it, tags and data removed
    tags: set[str] = field(default_factory=set)
    data: dict = field(default_factory=dict)


@dataclass
class Inference:
    line: int  # the ---- line
    premises: list[str]  # statement keys
    conclusion: str = ""  # a statement key
    data: dict = field(default_factory=dict)


@dataclass
class Argument:
    key: str
    title: str
    line: int
    description: str = ""
    data: dict = field(default_factory=dict)
    inferences: list[Inference] = field(default_factory=list)  # empty: no pcs


@dataclass(frozen=True)
class Ref:
    kind: str  # "statement" | "argument" | "inference"
    key: str  # a statement's or an argument's key
    index: int = 0  # for "inference": which of the argument's inferences


@dataclass(frozen=True)
class Relation:
    kind: str  # "support" | "attack" | "undercut" | "contradiction"
    source: Ref
    target: Ref
    line: int


@dataclass
class Document:
    title: str = ""
    statements: dict[str, Statement] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)


# Under a parent P, "+ C" is C supporting P and "+> C" is P supporting C.
INCOMING = {"+": "support", "<+": "support", "-": "attack", "<-": "attack", "_": "undercut",
            "<_": "undercut", "><": "contradiction"}
OUTGOING = {"+>": "support", "->": "attack", "_>": "undercut"}
SYMBOLS = "+ - _ +> <+ -> <- _> <_ ><"

RELATION = re.compile(r"(\+>|<\+|->|<-|_>|<_|><|\+|-|_)(?:\s+(.*))?$")
SYMBOL_LIKE = re.compile(r"([+\-_<>=~*|!]{1,3})(?:\s|$)")
HEAD = re.compile(r"(?:\[([^\[\]\n]+)\]|<([^<>\n]+)>)(:?)(.*)$")
PCS_ITEM = re.compile(r"\((\d+)\)\s*(.*)$")
SHORT_INFERENCE = re.compile(r"-{4,}$")
ONE_LINE_INFERENCE = re.compile(r"-{2,}\s+(.*?)\s+-{2,}$")
OPEN_INFERENCE = re.compile(r"-{2,3}$")
HEADING = re.compile(r"#{1,6}(?:\s|$)")
LIST_ITEM = re.compile(r"(?:\*|\d+\.)\s+(.*)$")
FENCE = re.compile(r"={3,}$")
TAG = re.compile(r"(?<!\S)#(?:\(([^)\n]*)\)|([\w-]+))")
COMMENT_OR_DATA = re.compile(r"//|/\*|<!--|\{")


def read(data: bytes) -> Document:
    if len(data) > MAX_BYTES:
        raise ArgdownSyntaxError(None, f"The file is larger than {MAX_BYTES // 1024 // 1024} MB,"
                                       " the most an Argdown import takes.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArgdownSyntaxError(line, f"this is not UTF-8 text (byte 0x{data[error.start]:02x})."
                                 " Save the file as UTF-8.") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ArgdownSyntaxError(line, "the file contains a NUL character; is it text?")
    lines = text.split("\n")
    if not text.strip():
        raise ArgdownSyntaxError(1, "the file is empty.")
    title, first = _frontmatter(lines)
    body = _strip_comments("\n".join(lines[first:]), first + 1)
    reader = _Reader(title)
    for number, line in enumerate(body.split("\n"), first + 1):
        reader.line(number, line)
    document = reader.finish()
    if not document.statements and not document.arguments:
        last = len(text.rstrip("\n").split("\n"))
        raise ArgdownSyntaxError(last, "the file ends without a single statement or argument.")
    return document


# --- frontmatter, comments, data ---------------------------------------------------------------

def _frontmatter(lines: list[str]) -> tuple[str, int]:
    """The title the frontmatter gives, and the index of the first line after it."""
    start = next(i for i, line in enumerate(lines) if line.strip())
    if not FENCE.match(lines[start].strip()):
        return "", 0
    end = next((i for i in range(start + 1, len(lines)) if FENCE.match(lines[i].strip())), None)
    if end is None:
        raise ArgdownSyntaxError(start + 1, "the frontmatter opened here with === is never "
                                            "closed with ===.")
    title = ""
    for i in range(start + 1, end):
        found = re.match(r"title\s*:(.*)$", lines[i])
        if found:
            title = _scalar(found.group(1).strip(), i + 1, "the title in the frontmatter")
    return str(title if title is not None else ""), end + 1


def _line_of(text: str, position: int, first_line: int) -> int:
    return text.count("\n", 0, position) + first_line


def _strip_comments(text: str, first_line: int) -> str:
    """The text without its comments, each replaced by as many newlines as it spanned so that
    line numbers stay true. `{data}` is skipped whole: Argdown reads no comment inside it."""
    out, i = [], 0
    while True:
        found = COMMENT_OR_DATA.search(text, i)
        if not found:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:found.start()])
        opener = found.group()
        if opener == "{":
            end = brace_end(text, found.start())
            if end is None:
                raise ArgdownSyntaxError(_line_of(text, found.start(), first_line),
                                         "the data opened here with { is never closed with }.")
            out.append(text[found.start():end + 1])
            i = end + 1
            continue
        if opener == "//":
            end = text.find("\n", found.end())
            i = len(text) if end < 0 else end
            continue
        closer = "*/" if opener == "/*" else "-->"
        end = text.find(closer, found.end())
        if end < 0:
            raise ArgdownSyntaxError(_line_of(text, found.start(), first_line),
                                     f"the comment opened here with {opener} is never closed "
                                     f"with {closer}.")
        out.append(" " + "\n" * text.count("\n", found.start(), end))
        i = end + len(closer)


def _split_data(raw: str, line: int) -> tuple[str, dict]:
    """``raw`` without the `{data}` that ends it, and that data."""
    start = raw.find("{")
    if start < 0:
        return raw, {}
    end = brace_end(raw, start)
    if end is None:
        raise ArgdownSyntaxError(line, "the data opened with { is never closed with }.")
    if raw[end + 1:].strip():
        raise ArgdownSyntaxError(line, "data in braces {…} must come last, after the text.")
    try:
        value = parse(raw[start:end + 1])
    except DataError as error:
        raise ArgdownSyntaxError(line, f"the data {{…}} cannot be read: {error}.") from None
    return raw[:start], value


def _scalar(text: str, line: int, what: str):
    if not text:
        return ""
    if text[0] not in "\"'[{":
        return plain_value(text.split(" #", 1)[0].strip())
    try:
        return parse(text)
    except DataError as error:
        raise ArgdownSyntaxError(line, f"{what} cannot be read: {error}.") from None


def _head(body: str) -> re.Match | None:
    """``[Title]: text``, ``[Title]``, ``<Title>: text`` or ``<Title>`` at the start of
    ``body``; not ``[a link](…)``, which is text."""
    found = HEAD.match(body)
    if found and (found.group(3) or not found.group(4) or found.group(4)[0].isspace()):
        return found
    return None


def _split_tags(text: str) -> tuple[str, list[str]]:
    tags = [a or b for a, b in TAG.findall(text)]
    return TAG.sub(" ", text), tags


# --- the line-by-line reader -------------------------------------------------------------------

@dataclass
class _Pending:
    """The element whose text is still being read: continuation lines join it."""
    ref: Ref
    line: int
    defines: bool  # "[T]: text" (True) or a reference "[T]" (False)
    parts: list[str]


@dataclass
class _Pcs:
    argument: Argument
    line: int
    numbers: dict[int, tuple[str, int]] = field(default_factory=dict)  # n → (key, line)
    since: list[str] = field(default_factory=list)  # statements since the last inference
    awaiting_conclusion: Inference | None = None
    last_line: int = 0  # of the last numbered statement
    conclusion_line: int = 0  # of the last conclusion


class _Reader:
    def __init__(self, title: str):
        self.doc = Document(title=title)
        self.stack: list[tuple[str, Ref]] = []  # the open relation tree: (indent, element)
        self.pending: _Pending | None = None
        self.pcs: _Pcs | None = None
        self.owner: str | None = None  # an argument title waiting for its pcs
        self.open_inference: tuple[Inference, list[str]] | None = None  # "--" … "--"

    # statements and arguments, by title
    def statement(self, title: str, line: int) -> Statement:
        key = title if title else f"\n{line}"
        if key not in self.doc.statements:
            self.doc.statements[key] = Statement(key=key, title=title, line=line)
        return self.doc.statements[key]

    def argument(self, title: str, line: int) -> Argument:
        key = title if title else f"\n{line}"
        if key not in self.doc.arguments:
            self.doc.arguments[key] = Argument(key=key, title=title, line=line)
        return self.doc.arguments[key]

    def element(self, body: str, line: int) -> Ref:
        """Start a statement or argument from the head of ``body``; its text is pending."""
        self.finalize()
        found = _head(body)
        if found:
            statement_title, argument_title, colon, rest = found.groups()
            if statement_title is not None:
                ref = Ref("statement", self.statement(statement_title.strip(), line).key)
            else:
                ref = Ref("argument", self.argument(argument_title.strip(), line).key)
            self.pending = _Pending(ref, line, bool(colon), [rest])
        else:  # an untitled statement (text that starts with a link, say, is still text)
            ref = Ref("statement", self.statement("", line).key)
            self.pending = _Pending(ref, line, True, [body])
        return ref

    def finalize(self):
        pending, self.pending = self.pending, None
        if pending is None:
            return
        text, data = _split_data(" ".join(pending.parts), pending.line)
        text, tags = _split_tags(text)
        text = " ".join(text.split())
        if pending.ref.kind == "statement":
            target = self.doc.statements[pending.ref.key]
            target.tags.update(tags)
        else:
            target = self.doc.arguments[pending.ref.key]
        if text and not pending.defines:
            shown = f"[{target.title}]" if pending.ref.kind == "statement" else f"<{target.title}>"
            raise ArgdownSyntaxError(pending.line, f"text after {shown} needs a colon: "
                                                   f"{shown}: text")
        for key, value in data.items():
            target.data.setdefault(key, value)
        if pending.ref.kind == "statement" and text and not target.text:
            target.text = text
        elif pending.ref.kind == "argument" and text and not target.description:
            target.description = text

    # one line at a time
    def line(self, number: int, raw: str):
        body = raw.strip()
        indent = raw[:len(raw) - len(raw.lstrip())]
        if self.open_inference is not None:
            if body and (indent or not re.fullmatch(r"-{2,}", body)):
                self.open_inference[1].append(body)
                return
            if not body:
                raise ArgdownSyntaxError(self.open_inference[0].line,
                                         "the inference opened here with -- is never closed "
                                         "with --.")
            self.close_inference(*self.open_inference)
            return
        if not body:
            self.end_paragraph()
            return
        if indent:
            found = RELATION.match(body)
            if found:
                self.relation(number, indent, found.group(1), (found.group(2) or "").strip())
            elif SYMBOL_LIKE.match(body):
                symbol = SYMBOL_LIKE.match(body).group(1)
                raise ArgdownSyntaxError(number, f'"{symbol}" is not a relation; use one of '
                                                 f"{SYMBOLS}.")
            elif self.pending is not None:
                self.pending.parts.append(body)
            else:
                self.top_level(number, indent, body)
            return
        if FENCE.match(body):
            raise ArgdownSyntaxError(number, "=== only opens and closes the frontmatter, at the "
                                             "top of the file.")
        if HEADING.match(body):
            self.end_paragraph()
            self.owner = None
            return
        if PCS_ITEM.match(body):
            found = PCS_ITEM.match(body)
            self.pcs_item(number, int(found.group(1)), found.group(2))
        elif SHORT_INFERENCE.match(body) or ONE_LINE_INFERENCE.match(body) \
                or OPEN_INFERENCE.match(body):
            self.inference(number, body)
        elif RELATION.match(body):
            symbol = RELATION.match(body).group(1)
            raise ArgdownSyntaxError(number, f'the relation "{symbol}" belongs to nothing: put it '
                                             "on an indented line right under its statement or "
                                             "argument, with no blank line between.")
        elif _head(body) or LIST_ITEM.match(body) or self.pending is None:
            self.top_level(number, "", body)
        else:
            self.pending.parts.append(body)

    def end_paragraph(self):
        self.finalize()
        self.stack = []
        if self.pcs is not None:
            self.end_pcs()

    def top_level(self, number: int, indent: str, body: str):
        self.end_paragraph()
        item = LIST_ITEM.match(body)
        ref = self.element(item.group(1) if item else body, number)
        self.stack = [(indent, ref)]
        self.owner = ref.key if ref.kind == "argument" else None

    def relation(self, number: int, indent: str, symbol: str, rest: str):
        if not self.stack:
            raise ArgdownSyntaxError(number, f'the relation "{symbol}" belongs to nothing: there '
                                             "is no statement or argument above it in this "
                                             "paragraph (a blank line ends a relation tree).")
        if not rest:
            raise ArgdownSyntaxError(number, f'the relation "{symbol}" has no statement or '
                                             "argument after it.")
        popped = None
        while self.stack and len(self.stack[-1][0]) >= len(indent):
            popped = self.stack.pop()
        if not self.stack:
            raise ArgdownSyntaxError(number, f'the relation "{symbol}" must be indented more than '
                                             "the statement or argument it belongs to.")
        parent_indent, parent = self.stack[-1]
        if (popped is not None and popped[0] != indent) or not indent.startswith(parent_indent):
            raise ArgdownSyntaxError(number, "this line's indentation matches no line above it: "
                                             "indent it exactly like a sibling above, or further "
                                             "than its parent.")
        child = self.element(rest, number)
        kind = INCOMING.get(symbol) or OUTGOING[symbol]
        source, target = (child, parent) if symbol in INCOMING else (parent, child)
        if parent.kind == "inference" and not (kind == "undercut" and symbol in INCOMING):
            raise ArgdownSyntaxError(number, "under an inference line only an undercut "
                                             "(_ or <_) can hang.")
        if kind == "undercut" and target.kind == "statement":
            title = self.doc.statements[target.key].title
            shown = f"[{title}]" if title else "a statement"
            raise ArgdownSyntaxError(number, f"an undercut attacks an argument's inference, and "
                                             f"{shown} is a statement: undercut an <argument> "
                                             "instead, or attack the statement with - or ->.")
        self.doc.relations.append(Relation(kind, source, target, number))
        self.stack.append((indent, child))

    # premise-conclusion structures
    def pcs_item(self, number: int, n: int, text: str):
        self.finalize()
        if self.pcs is None:
            self.start_pcs(number)
        pcs = self.pcs
        if n in pcs.numbers:
            raise ArgdownSyntaxError(number, f"({n}) is numbered twice in this argument (line "
                                             f"{pcs.numbers[n][1]}).")
        if not text.strip():
            raise ArgdownSyntaxError(number, f"({n}) has no statement.")
        ref = self.element(text, number)
        if ref.kind != "statement":
            raise ArgdownSyntaxError(number, f"({n}) must be a statement, not an argument.")
        pcs.numbers[n] = (ref.key, number)
        pcs.since.append(ref.key)
        pcs.last_line = number
        if pcs.awaiting_conclusion is not None:
            pcs.awaiting_conclusion.conclusion = ref.key
            pcs.awaiting_conclusion, pcs.conclusion_line = None, number
        self.stack = [("", ref)]

    def start_pcs(self, number: int):
        self.end_paragraph()
        if self.owner is not None:
            argument = self.doc.arguments[self.owner]
            if argument.inferences:
                raise ArgdownSyntaxError(number, f"<{argument.title}> already has a premise-"
                                                 "conclusion structure (line "
                                                 f"{argument.inferences[0].line}).")
        else:
            argument = self.argument("", number)
        self.owner = None
        self.pcs = _Pcs(argument, number)

    def inference(self, number: int, body: str):
        self.finalize()
        pcs = self.pcs
        if pcs is None:
            raise ArgdownSyntaxError(number, "an inference line (----) must follow numbered "
                                             "premises such as (1) ….")
        if not pcs.since:
            raise ArgdownSyntaxError(number, "this inference has no premise above it.")
        inference = Inference(line=number, premises=list(pcs.since))
        pcs.since = []
        pcs.argument.inferences.append(inference)
        pcs.awaiting_conclusion = inference
        self.stack = [("", Ref("inference", pcs.argument.key, len(pcs.argument.inferences) - 1))]
        one_line = ONE_LINE_INFERENCE.match(body)
        if one_line:
            self.close_inference(inference, [one_line.group(1)])
        elif OPEN_INFERENCE.match(body):
            self.open_inference = (inference, [])

    def close_inference(self, inference: Inference, parts: list[str]):
        self.open_inference = None
        _, data = _split_data(" ".join(parts), inference.line)
        inference.data = data
        uses = data.get("uses")
        if uses is None:
            return
        numbers = self.pcs.numbers
        if not isinstance(uses, list) or not all(isinstance(n, int) and n in numbers
                                                 for n in uses) or not uses:
            raise ArgdownSyntaxError(inference.line, f"uses: {uses} must list numbers of "
                                                     "statements above this inference.")
        inference.premises = [numbers[n][0] for n in uses]

    def end_pcs(self):
        pcs, self.pcs = self.pcs, None
        if pcs.awaiting_conclusion is not None:
            raise ArgdownSyntaxError(pcs.awaiting_conclusion.line,
                                     "this inference has no conclusion below it.")
        if not pcs.argument.inferences:
            raise ArgdownSyntaxError(pcs.line, "these numbered premises lead to no conclusion: "
                                               "add a line ---- and the conclusion below it.")
        if pcs.last_line != pcs.conclusion_line:
            raise ArgdownSyntaxError(pcs.last_line, "this statement comes after the conclusion "
                                                    "with no inference line (----) between "
                                                    "them.")

    def finish(self) -> Document:
        if self.open_inference is not None:
            raise ArgdownSyntaxError(self.open_inference[0].line,
                                     "the inference opened here with -- is never closed with --.")
        self.end_paragraph()
        return self.doc
