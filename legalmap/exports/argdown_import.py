"""A new map from an Argdown file: ``argdown_reader`` reads it, this module decides what each
statement, argument and relation becomes, and ``importers.write_map`` writes it.

Statements become claims — or passages and authorities when they carry what
``formats/argdown.py`` writes and it still holds here, as in the AIF importer: a `#passage`
whose `{article, start, end}` still hold its text in that article, an `#authority` whose
`{authority: slug}` (or citation) is in our catalogue. An argument with a premise-conclusion
structure is reified as links, not a node: each premise of an inference supports its
conclusion, the argument's description being the links' rationale. An argument without one
is a claim (its description). A support from an authority to what cites it becomes the
relation the argument's data name (`{relation: relies_on | violates | complies}`, the
exporter's authority-as-premise; the retired `invokes` reads as `relies_on`); a support
pointing at an authority becomes `relies_on` (or the relation the data name); an attack on an
authority becomes `disputes`; an undercut attacks every link of the argument's last inference
(or what the argument supports, if it has no premise-conclusion structure).
"""

import textwrap

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority
from legalmap.maps.graph import (
    DISPUTES,
    RELATION_LABELS,
    RELIES_ON,
    SUPPORTS,
    current_relation,
)
from legalmap.maps.models import Node

from .argdown_reader import ArgdownSyntaxError, Document, Ref, read
from .formats.aif import AUTHORITY_PREMISE
from .formats.argdown import plain
from .importers import ImportRejected, PlannedNode, PlannedStep, write_map

AUTHORITY, PASSAGE, CLAIM = Node.Kind.AUTHORITY, Node.Kind.PASSAGE, Node.Kind.CLAIM
# A few lines of Argdown can ask for a great many links (N undercuts of an argument with M
# premises make N × M): bound what one request writes.
MAX_NODES, MAX_LINKS = 2000, 5000


def argdown_import(*, data: bytes, owner, title=""):
    """A new map owned by ``owner``; ImportRejected naming the line (nothing written) if the
    file is malformed."""
    try:
        document = read(data)
    except ArgdownSyntaxError as error:
        raise ImportRejected(str(error)) from None
    nodes, steps = _Plan(document).run()
    return write_map(owner=owner, title=title or document.title, nodes=nodes, steps=steps)


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _statement_fields(statement, authorities: set) -> dict:
    """A statement as node fields: an authority or passage when its data still point at one
    here, else a claim."""
    data, text = statement.data, statement.text or statement.title
    kind = data.get("kind") if isinstance(data.get("kind"), str) else ""
    tags = set(statement.tags)
    if kind == AUTHORITY or (not kind and AUTHORITY in tags):
        names = [str(data[k]) for k in ("authority", "citation") if data.get(k)]
        authority = names and (Authority.objects.filter(slug=names[0]).first()
                               or Authority.objects.filter(citation__in=names).order_by("pk")
                               .first())
        if authority and authority.pk not in authorities:  # one node per authority
            authorities.add(authority.pk)
            return {"kind": AUTHORITY, "authority": authority}
    if kind == PASSAGE or (not kind and PASSAGE in tags):
        article_id, start, end = (_int(data.get(k)) for k in ("article", "start", "end"))
        article = Article.objects.filter(pk=article_id).first() if article_id else None
        stance = data.get("stance")
        if article is not None and start is not None and end is not None and 0 <= start < end \
                and stance in Node.Stance.values \
                and plain(article.text[start:end]) == plain(statement.text):
            return {"kind": PASSAGE, "article": article, "start": start, "end": end,
                    "quote": article.text[start:end], "stance": stance,
                    "speaker": str(data.get("speaker") or ""), "text": str(data.get("note") or "")}
    return {"kind": CLAIM, "text": text}


class _Plan:
    """What the document becomes: planned nodes (keyed "s…" for statements, "a…" for arguments
    that stand as claims) and the steps that link them, undercuts last."""

    def __init__(self, document: Document):
        self.doc = document
        self.nodes: dict[str, PlannedNode] = {}
        self.steps: list[PlannedStep] = []
        self.seen: dict[tuple, str] = {}  # (relation, source, target) → s_id: say it once
        self.inference_steps: dict[tuple[str, int], list[str]] = {}
        self.supported_by: dict[str, list[str]] = {}  # pcs-less argument → its support steps
        self.starts: dict[str, list[str]] = {}  # argument → its premises

    def run(self) -> tuple[dict[str, PlannedNode], list[PlannedStep]]:
        claims = [a for a in self.doc.arguments.values() if not a.inferences]
        if len(self.doc.statements) + len(claims) > MAX_NODES:
            line = sorted([s.line for s in self.doc.statements.values()]
                          + [a.line for a in claims])[MAX_NODES]
            raise ImportRejected(f"line {line}: this is statement number {MAX_NODES + 1}; an "
                                 f"imported map may have at most {MAX_NODES}.")
        authorities = set()
        for key, statement in self.doc.statements.items():
            self.nodes["s" + key] = PlannedNode(_statement_fields(statement, authorities),
                                                f"line {statement.line}: {self.label('s' + key)}")
        for argument in claims:
            text = argument.description or argument.title
            self.nodes["a" + argument.key] = PlannedNode(
                {"kind": CLAIM, "text": text}, f"line {argument.line}: <{argument.title}>")
        for argument in self.doc.arguments.values():
            for index, inference in enumerate(argument.inferences):
                self.inference_steps[(argument.key, index)] = [
                    self.support("s" + premise, "s" + inference.conclusion, inference.line,
                                 argument.data.get("relation"),
                                 self.rationale(argument, premise, inference.conclusion))
                    for premise in inference.premises]
        undercuts = []
        for relation in self.doc.relations:
            if relation.kind == "undercut":
                undercuts.append(relation)
                continue
            source = self.node(relation.source, relation, as_source=True)
            target = self.node(relation.target, relation, as_source=False)
            if relation.kind == "support":
                if source == target and relation.source.kind == "argument":
                    continue  # an argument under its own conclusion supports it implicitly
                s_id = self.support(source, target, relation.line)
                if relation.source.kind == "argument":
                    self.supported_by.setdefault(relation.source.key, []).append(s_id)
            else:
                self.attack(source, target, relation.line)
                if relation.kind == "contradiction":
                    self.attack(target, source, relation.line)
        for relation in undercuts:
            source = self.node(relation.source, relation, as_source=True)
            for s_id in self.undercut_targets(relation):
                self.add("undercuts", source, s_id, relation.line,
                         f"line {relation.line}: the undercut by {self.label(source)}")
        return self.nodes, self.steps

    # what a reference stands for
    def label(self, key: str) -> str:
        if key.startswith("a"):
            return f"<{self.doc.arguments[key[1:]].title}>"
        statement = self.doc.statements[key[1:]]
        if statement.title:
            return f"[{statement.title}]"
        if not statement.text:
            return "an empty statement"
        return '"' + textwrap.shorten(statement.text, 40, placeholder="…") + '"'

    def node(self, ref: Ref, relation, *, as_source: bool) -> str:
        """The planned node a relation's end stands for. An argument with a premise-conclusion
        structure relates through its main conclusion, or is related to through its premise."""
        if ref.kind == "statement":
            return "s" + ref.key
        argument = self.doc.arguments[ref.key]
        if not argument.inferences:
            return "a" + ref.key
        if as_source:
            return "s" + argument.inferences[-1].conclusion
        premises = self.premises(argument)
        if len(premises) == 1:
            return "s" + premises[0]
        raise ImportRejected(
            f"line {relation.line}: this {relation.kind} points at the whole argument "
            f"<{argument.title}>, which has {len(premises)} premises, and a map cannot say which "
            "one it meets: point it at that premise's [title] instead (or undercut the argument "
            "with _).")

    def premises(self, argument) -> list[str]:
        """The statements an argument starts from (not its intermediary conclusions)."""
        if argument.key not in self.starts:
            conclusions = {i.conclusion for i in argument.inferences}
            self.starts[argument.key] = list(dict.fromkeys(
                p for i in argument.inferences for p in i.premises if p not in conclusions))
        return self.starts[argument.key]

    def undercut_targets(self, relation) -> list[str]:
        target = relation.target
        argument = self.doc.arguments[target.key]
        if target.kind == "inference":
            return self.inference_steps[(target.key, target.index)]
        if argument.inferences:
            return self.inference_steps[(target.key, len(argument.inferences) - 1)]
        if target.key in self.supported_by:
            return self.supported_by[target.key]
        if not argument.description:
            raise ImportRejected(
                f"line {relation.line}: <{argument.title}> is undercut here but defined nowhere "
                "in the file: give it premises and a conclusion, (1) … ---- (2) …, under its "
                "title.")
        raise ImportRejected(
            f"line {relation.line}: <{argument.title}> is undercut here but draws no inference: "
            "it has no premise-conclusion structure and supports nothing.")

    def rationale(self, argument, premise: str, conclusion: str) -> str:
        """The argument's description, unless it is the one the exporter writes when a link
        has no rationale ("Passage 3 supports Claim 13.")."""
        relation = argument.data.get("relation") or SUPPORTS
        premise_title = self.doc.statements[premise].title
        conclusion_title = self.doc.statements[conclusion].title
        # The old exporter's words ("Authority 5 invokes Passage 3."), and ours: the link as
        # it reads from its source ("Passage 3 says violates Authority 5.").
        defaults = {f"{premise_title} {relation} {conclusion_title}."}
        new = current_relation(relation) if isinstance(relation, str) else ""
        if new in AUTHORITY_PREMISE:
            defaults.add(f"{conclusion_title} {RELATION_LABELS[new]} {premise_title}.")
        elif new == SUPPORTS:
            defaults.add(f"{premise_title} supports {conclusion_title}.")
        return "" if argument.description in defaults else argument.description

    # steps
    def kind(self, key: str) -> str:
        return self.nodes[key].fields["kind"]

    def support(self, source: str, target: str, line: int, hint=None, rationale="") -> str:
        """``source`` supports ``target``, as our relations say it: an authority backs what
        cites it, by the relation the argument's data name (relies_on when they name none)."""
        hint = current_relation(hint) if isinstance(hint, str) else ""
        use = hint if hint in AUTHORITY_PREMISE else RELIES_ON
        if hint in AUTHORITY_PREMISE and self.kind(source) == AUTHORITY \
                and self.kind(target) != AUTHORITY:
            source, target, relation = target, source, use
        elif self.kind(target) == AUTHORITY and self.kind(source) != AUTHORITY:
            relation = use
        else:
            relation = SUPPORTS
        return self.add(relation, source, target, line,
                        f"line {line}: the {relation} link from {self.label(source)} to "
                        f"{self.label(target)}", rationale)

    def attack(self, source: str, target: str, line: int) -> str:
        relation = DISPUTES if self.kind(target) == AUTHORITY else "attacks"
        return self.add(relation, source, target, line,
                        f"line {line}: the {relation} link from {self.label(source)} to "
                        f"{self.label(target)}")

    def add(self, relation: str, source: str, target: str, line: int, where: str,
            rationale: str = "") -> str:
        key = (relation, source, target)
        if key not in self.seen:  # Argdown may say a relation twice; a map holds it once
            if len(self.steps) == MAX_LINKS:
                raise ImportRejected(f"line {line}: this makes link number {MAX_LINKS + 1}; an "
                                     f"imported map may have at most {MAX_LINKS}.")
            self.seen[key] = s_id = f"{line}.{len(self.steps)}"
            self.steps.append(PlannedStep(s_id, relation, source, target, rationale, where))
        return self.seen[key]
