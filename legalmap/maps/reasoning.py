"""Evaluate a map as an argumentation framework: grounded labels, preferred acceptance, advice.

Pure Python on a plain ``Graph`` (no ORM), so the page, the API and the exports share it.

The framework (DESIGN.md, "Reasoning"; docs/relations.md says why each relation reads so).
Its arguments are the nodes, one *inference* per link that carries one (``supports``,
``relies_on``, ``violates``, ``complies``): the step from the reason to what it backs, and
one *applicability* argument per authority that someone ``disputes``: "this authority
governs the case".

* ``S supports T`` puts the inference L of that link between them: S → L → T.
* ``P relies_on A``, ``P violates A`` and ``P complies A``: the authority backs the node
  that cites it, A → L → P (P's case — that the action rests on, breaches or meets A —
  is only as good as A and its application). If A is disputed, its applicability
  argument App(A) backs every such L as well: App(A) → L.
* ``X disputes A`` attacks App(A), and so (support being read as below) every inference
  from A and every node resting on it — but not A itself, and not the disputer's own use of
  A: a node never attacks itself through its own dispute, so its own inferences from A do
  not hang on App(A).
* ``P violates A`` contradicts each node Q that says the action is lawful under A: Q
  ``complies`` A, or Q is a justification passage that ``relies_on`` A. P and Q attack each
  other (a rebuttal has no winner by itself: grounded leaves both UNDEC until something
  else decides).
* ``X attacks T`` is an attack on the node T.
* ``U undercuts l`` attacks the inference L of link l (only links carrying one; an undercut
  aimed at any other link is ignored).

Support is read as in bipolar frameworks (Cayrol & Lagasquie-Schiex's *indirect attack*):
an attack on an argument is also an attack on everything it supports, transitively. The
explicit framework therefore has the attacks {(X, B) : X attacks A directly and B = A or A
supports⁺ B}. Consequences a student sees: a claim backed by an OUT passage is OUT (a
conclusion is only as good as its reasons); an undercut of "S supports T" knocks out the
inference and T, but S itself stays IN (the reason is true, it just doesn't follow).

Grounded labels are computed without building the explicit attacks (they can be
quadratic): every member of a strongly connected component of the support graph has the
same explicit attackers, namely the direct attackers of the component plus the explicit
attackers of its parent components. So the grounded rules "IN iff every attacker is OUT,
OUT iff some attacker is IN" become, per component C: IN iff every direct attacker of a
member is OUT and every parent component is IN; OUT iff some direct attacker is IN or some
parent is OUT. A counting worklist applies them in time linear in nodes + links (plus,
per authority, the pairs of nodes that say it is violated and complied with).

Preferred semantics is NP-hard in general; for small maps it is enumerated with a SAT
solver on the explicit framework, under a wall-clock limit.
"""

import time
from dataclasses import dataclass

from pysat.solvers import Solver

from .graph import (
    ATTACKS,
    COMPLIES,
    DISPUTES,
    RELIES_ON,
    SUPPORTS,
    UNDERCUTS,
    VIOLATES,
    GNode,
    Graph,
)

IN, OUT, UNDEC = "IN", "OUT", "UNDEC"
# Diagnostics are listed in this order (most urgent first), then by node ids and link ids.
DIAGNOSTIC_CODES = ("unanswered_attack", "contested_authority", "compliance_conflict",
                    "no_authority", "support_cycle", "unlinked_passage")
# Authority relations whose link is an inference from the authority (A → L → P).
FROM_AUTHORITY = (RELIES_ON, VIOLATES, COMPLIES)
PASSIVE = {RELIES_ON: "relied on", VIOLATES: "said to be violated",
           COMPLIES: "said to be complied with"}
LABEL_CHARS = 60
# Work per SAT call between two looks at the clock: small enough that a call cannot overrun
# the time limit by much (tens of milliseconds at 400 arguments), large enough that easy
# calls finish in one go. MiniSat checks both budgets at every decision; Glucose only at
# restarts, which let one call run 20 times over.
CONFLICT_BUDGET, PROPAGATION_BUDGET = 2000, 300_000


@dataclass(frozen=True)
class Diagnostic:
    code: str  # one of DIAGNOSTIC_CODES
    message: str  # one sentence for the student, naming the nodes
    node_ids: tuple[int, ...] = ()
    link_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PreferredResult:
    status: str  # "ok" | "unknown" (time ran out) | "skipped" (not asked, or map too big)
    credulous: frozenset[int] = frozenset()  # node ids in at least one preferred extension
    sceptical: frozenset[int] = frozenset()  # node ids in every preferred extension
    extensions: int = 0  # how many preferred extensions (found so far, if "unknown")
    reason: str = ""  # why "unknown" or "skipped"; empty when "ok"


@dataclass(frozen=True)
class Evaluation:
    labels: dict[int, str]  # node id → IN | OUT | UNDEC (grounded)
    link_labels: dict[int, str]  # inference link id (supports, relies_on, violates,
    # complies) → label of its inference
    preferred: PreferredResult
    diagnostics: list[Diagnostic]

    def to_dict(self) -> dict:
        """JSON shape: ids become string keys; id sets become sorted lists of ints.

        ``{"labels": {"<node id>": "IN"}, "link_labels": {"<link id>": "OUT"},
        "preferred": {"status", "credulous", "sceptical", "extensions", "reason"},
        "diagnostics": [{"code", "message", "node_ids", "link_ids"}]}``
        """
        p = self.preferred
        return {
            "labels": {str(k): v for k, v in self.labels.items()},
            "link_labels": {str(k): v for k, v in self.link_labels.items()},
            "preferred": {"status": p.status, "credulous": sorted(p.credulous),
                          "sceptical": sorted(p.sceptical), "extensions": p.extensions,
                          "reason": p.reason},
            "diagnostics": [{"code": d.code, "message": d.message, "node_ids": list(d.node_ids),
                             "link_ids": list(d.link_ids)} for d in self.diagnostics],
        }


def _csr(n: int, sources: list[int], targets: list[int]) -> tuple[list[int], list[int]]:
    """Adjacency in compressed form: the successors of v are ``out[start[v]:start[v + 1]]``.

    Flat lists of ints rather than a list per argument: at 10^5 arguments the hundreds of
    thousands of small containers set off full garbage collections, each walking every
    object of the Graph, which doubled the running time."""
    start = [0] * (n + 1)
    for v in sources:
        start[v + 1] += 1
    for v in range(n):
        start[v + 1] += start[v]
    slot, out = start[:-1], [0] * len(sources)
    for v, w in zip(sources, targets, strict=True):
        out[slot[v]] = w
        slot[v] += 1
    return start, out


def says_lawful(node: GNode, relation: str) -> bool:
    """Does this use of an authority say the action is lawful under it? Saying it complies
    does; so does a justification resting on it (the administration relying on art. 51).
    A critique, a fact or a claim relying on an authority says nothing either way."""
    return relation == COMPLIES or (relation == RELIES_ON and node.stance == "justification")


class _Framework:
    """Arguments numbered 0..n-1: the nodes (by id), then one inference per link that carries
    one, then one applicability argument per disputed authority. Direct supports and
    attacks between arguments are kept in compressed adjacency (``_csr``). ``link``,
    ``link_source``, ``link_target`` list each usable link with its source and target
    argument (for an undercut, the inference it attacks; for a dispute, the authority)."""

    def __init__(self, graph: Graph):
        self.node_ids = sorted(graph.nodes)
        index = {node_id: i for i, node_id in enumerate(self.node_ids)}
        n = len(self.node_ids)
        self.inference = inference = {}  # link id → argument number
        sup_src, sup_dst, att_src, att_dst = [], [], [], []
        links, link_rel, link_src, link_dst = [], [], [], []
        undercuts = []
        from_authority: dict[int, list[tuple[int, int, str]]] = {}  # A → (P, step, relation)
        disputers: dict[int, list[int]] = {}  # authority → the nodes disputing it
        # Numbering follows the dict's order; nothing visible depends on it (diagnostics are
        # sorted, labels are keyed by id).
        for link in graph.links.values():
            source, relation = index.get(link.source), link.relation
            if source is None:
                continue  # a dangling link says nothing
            if relation == UNDERCUTS:
                undercuts.append(link)  # the link it undercuts may come later
                continue
            target = index.get(link.target)
            if target is None:
                continue
            links.append(link)
            link_rel.append(relation)
            link_src.append(source)
            link_dst.append(target)
            if relation == SUPPORTS or relation in FROM_AUTHORITY:
                step = inference[link.id] = n
                n += 1
                reason, backed = (source, target) if relation == SUPPORTS else (target, source)
                sup_src += (reason, step)
                sup_dst += (step, backed)
                if relation != SUPPORTS:
                    from_authority.setdefault(target, []).append((source, step, relation))
            elif relation == ATTACKS:
                att_src.append(source)
                att_dst.append(target)
            elif relation == DISPUTES:
                disputers.setdefault(target, []).append(source)
        # Disputing applicability: one argument "A governs this case" per disputed authority,
        # backing every inference from A and attacked by every disputer.
        self.applicability = {}  # authority argument → its applicability argument
        for authority in sorted(disputers):
            app = self.applicability[authority] = n
            n += 1
            own = set(disputers[authority])
            for source in disputers[authority]:
                att_src.append(source)
                att_dst.append(app)
            for user, step, _ in from_authority.get(authority, ()):
                if user not in own:  # a disputer's own use of A stays out of its reach
                    sup_src.append(app)
                    sup_dst.append(step)
        # Says violates against says lawful, on the same authority: mutual attacks.
        self.conflicts = []  # (violating node, lawful-saying node, authority) arguments
        for authority, uses in from_authority.items():
            violators = [user for user, _, relation in uses if relation == VIOLATES]
            if not violators:
                continue
            lawful = [user for user, _, relation in uses
                      if says_lawful(graph.nodes[self.node_ids[user]], relation)]
            for v in dict.fromkeys(violators):
                for q in dict.fromkeys(lawful):
                    if v != q:
                        self.conflicts.append((v, q, authority))
                        att_src += (v, q)
                        att_dst += (q, v)
        for link in undercuts:
            # Only links with an inference can be undercut; other undercuts are ignored.
            step = inference.get(link.target_link)
            if step is not None:
                links.append(link)
                link_rel.append(UNDERCUTS)
                link_src.append(index[link.source])
                link_dst.append(step)
                att_src.append(index[link.source])
                att_dst.append(step)
        self.n, self.link, self.link_relation = n, links, link_rel
        self.link_source, self.link_target = link_src, link_dst
        self.sup_start, self.sup_out = _csr(n, sup_src, sup_dst)
        self.att_start, self.att_out = _csr(n, att_src, att_dst)


def _strong_components(n: int, start: list[int], out: list[int]) -> tuple[list[int], ...]:
    """Tarjan's algorithm without recursion (maps can have 10^5 arguments). Returns each
    vertex's component, the vertices grouped by component (``members``) and where each
    group begins (``bounds``). A component is numbered after every component it reaches, so
    descending numbers are a topological order, parents first."""
    order, low, comp = [-1] * n, [0] * n, [-1] * n
    on_stack, stack, members, bounds = [False] * n, [], [], [0]
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        work = [(root, start[root])]  # (vertex, position of its next successor in `out`)
        while work:
            v, i = work[-1]
            if order[v] == -1:
                order[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            end, descended = start[v + 1], False
            while i < end:
                w = out[i]
                i += 1
                if order[w] == -1:
                    work[-1] = (v, i)
                    work.append((w, start[w]))
                    descended = True
                    break
                if on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
            if descended:
                continue
            work.pop()
            if low[v] == order[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = len(bounds) - 1
                    members.append(w)
                    if w == v:
                        break
                bounds.append(len(members))
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
    return comp, members, bounds


@dataclass
class _Condensed:
    comp: list[int]  # argument → component
    members: list[int]  # arguments grouped by component: members[bounds[c]:bounds[c + 1]]
    bounds: list[int]
    parent_edges: list[int]  # component → number of support edges entering from outside
    direct_attacks: list[int]  # component → number of direct attacks on its members

    def children(self, fw: _Framework, c: int) -> list[int]:
        """Child components of ``c``, once per support edge leaving it."""
        comp, start, out = self.comp, fw.sup_start, fw.sup_out
        return [comp[b] for a in self.members[self.bounds[c]:self.bounds[c + 1]]
                for b in out[start[a]:start[a + 1]] if comp[b] != c]


def _condense(fw: _Framework) -> _Condensed:
    comp, members, bounds = _strong_components(fw.n, fw.sup_start, fw.sup_out)
    parent_edges, direct_attacks = [0] * (len(bounds) - 1), [0] * (len(bounds) - 1)
    start, out = fw.sup_start, fw.sup_out
    for a in range(fw.n):
        for b in out[start[a]:start[a + 1]]:
            if comp[b] != comp[a]:
                parent_edges[comp[b]] += 1
    for b in fw.att_out:
        direct_attacks[comp[b]] += 1
    return _Condensed(comp, members, bounds, parent_edges, direct_attacks)


def _grounded(fw: _Framework, cg: _Condensed) -> list[str]:
    """Grounded label of every argument, by the per-component rules (module docstring)."""
    comp, members, bounds = cg.comp, cg.members, cg.bounds
    start, out = fw.att_start, fw.att_out
    attackers_left = list(cg.direct_attacks)  # direct attackers not yet OUT
    parents_left = list(cg.parent_edges)  # parent support edges not yet from an IN component
    label: list[str | None] = [None] * len(parents_left)
    work = [c for c in range(len(label)) if not attackers_left[c] and not parents_left[c]]
    for c in work:
        label[c] = IN
    while work:
        c = work.pop()
        attacked = [comp[b] for a in members[bounds[c]:bounds[c + 1]]
                    for b in out[start[a]:start[a + 1]]]
        if label[c] == IN:
            for d in attacked:
                if label[d] is None:
                    label[d] = OUT
                    work.append(d)
            for child in cg.children(fw, c):
                parents_left[child] -= 1
                if not parents_left[child] and not attackers_left[child] and label[child] is None:
                    label[child] = IN
                    work.append(child)
        else:
            for d in attacked:
                attackers_left[d] -= 1
                if not attackers_left[d] and not parents_left[d] and label[d] is None:
                    label[d] = IN
                    work.append(d)
            for child in cg.children(fw, c):
                if label[child] is None:
                    label[child] = OUT
                    work.append(child)
    return [label[c] or UNDEC for c in comp]


# --- preferred semantics -----------------------------------------------------------------

class _OutOfTime(Exception):
    pass


def _explicit_attackers(fw: _Framework) -> list[set[int]]:
    """Who attacks each argument in the explicit framework, support closure included."""
    attackers: list[set[int]] = [set() for _ in range(fw.n)]
    below: dict[int, set[int]] = {}  # argument → itself and everything it supports⁺
    start, out = fw.sup_start, fw.sup_out
    for x in range(fw.n):
        for a in fw.att_out[fw.att_start[x]:fw.att_start[x + 1]]:
            if a not in below:
                seen, todo = {a}, [a]
                while todo:
                    v = todo.pop()
                    todo += [b for b in out[start[v]:start[v + 1]] if b not in seen]
                    seen.update(out[start[v]:start[v + 1]])
                below[a] = seen
            for b in below[a]:
                attackers[b].add(x)
    return attackers


def _solve(solver, assumptions: list[int], deadline: float) -> list[int] | None:
    """A model, or None if unsatisfiable; raises _OutOfTime once the deadline passes."""
    while True:
        if time.monotonic() >= deadline:
            raise _OutOfTime
        solver.conf_budget(CONFLICT_BUDGET)
        solver.prop_budget(PROPAGATION_BUDGET)
        result = solver.solve_limited(assumptions=assumptions)
        if result is not None:
            return solver.get_model() if result else None


def _preferred(fw: _Framework, grounded: list[str], time_limit: float) -> PreferredResult:
    """Enumerate preferred extensions (maximal complete ones): find a complete extension not
    inside any found so far, grow it until no strict superset is complete, block it."""
    deadline = time.monotonic() + time_limit
    n = fw.n
    attackers = _explicit_attackers(fw)

    # Variable a + 1 says "argument a is IN", n + a + 1 "a is OUT"; neither: UNDEC.
    # A complete labelling: IN iff every attacker is OUT, OUT iff some attacker is IN.
    clauses = []
    for a in range(n):
        clauses.append([-(a + 1), -(n + a + 1)])
        clauses.append([-(n + a + 1)] + [x + 1 for x in attackers[a]])
        clauses.append([a + 1] + [-(n + x + 1) for x in attackers[a]])
        for x in attackers[a]:
            clauses.append([-(a + 1), n + x + 1])
            clauses.append([-(x + 1), n + a + 1])
    # Every complete labelling extends the grounded one: fixing it leaves the solver only
    # the UNDEC part.
    clauses += [[a + 1] if label == IN else [n + a + 1]
                for a, label in enumerate(grounded) if label != UNDEC]
    found: list[frozenset[int]] = []
    next_var = 2 * n + 1
    try:
        with Solver(name="minisat22", bootstrap_with=clauses) as solver:
            while (model := _solve(solver, [], deadline)) is not None:
                extension = frozenset(a for a in range(n) if model[a] > 0)
                while len(extension) < n:
                    # A throw-away clause "some other argument is IN", switched on by
                    # `grow` for this one call only.
                    grow, next_var = next_var, next_var + 1
                    solver.add_clause([-grow] + [a + 1 for a in range(n) if a not in extension])
                    model = _solve(solver, [grow] + [a + 1 for a in extension], deadline)
                    solver.add_clause([-grow])
                    if model is None:
                        break
                    extension = frozenset(a for a in range(n) if model[a] > 0)
                found.append(extension)
                if len(extension) == n:
                    break  # everything is accepted: the only preferred extension
                solver.add_clause([a + 1 for a in range(n) if a not in extension])
    except _OutOfTime:
        return PreferredResult(
            "unknown", extensions=len(found),
            reason=f"Gave up after {time_limit:g} s with {len(found)} preferred extension(s) "
                   "found: the map has too many ways to resolve its conflicts to list them all.")
    # `found` is never empty: the grounded extension is complete, so the first call succeeds.
    nodes = len(fw.node_ids)
    return PreferredResult(
        "ok", frozenset(fw.node_ids[a] for a in frozenset().union(*found) if a < nodes),
        frozenset(fw.node_ids[a] for a in frozenset.intersection(*found) if a < nodes),
        len(found))


# --- diagnostics -------------------------------------------------------------------------

def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    head = text[:LABEL_CHARS - 1]
    space = head.rfind(" ")
    return (head[:space] if space > LABEL_CHARS // 2 else head).rstrip(" ,;:") + "…"


def short_label(node: GNode) -> str:
    """How a message names a node: an authority by its short name, the rest by quoted text."""
    if node.kind == "authority":
        return node.short_name or _clip(node.text)
    return f"“{_clip(node.text)}”"


def _names(graph: Graph, ids: list[int], most: int = 3) -> str:
    names = [short_label(graph.nodes[i]) for i in ids[:most]]
    if len(ids) > most:
        return ", ".join(names) + f" and {len(ids) - most} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _diagnostics(graph: Graph, fw: _Framework, cg: _Condensed,
                 grounded: list[str]) -> list[Diagnostic]:
    """What a student should fix. "Unattacked" means no attacker in the explicit framework:
    an attack on a node's supporter is a reply to it too.

    unanswered_attack: an unattacked node attacks a claim, or undercuts a step towards one;
    contested_authority: an unattacked node disputes that an authority applies while another
    node relies on it, says it is violated or says it is complied with;
    compliance_conflict: one node says the action violates an authority, another that it
    complies with it (or a justification rests on it), and nothing on the map decides
    between them (both UNDEC);
    no_authority: a conclusion (a claim that supports, attacks and undercuts nothing) with
    no authority among its support ancestors; support_cycle: nodes supporting each other in
    a circle; unlinked_passage: a passage with no link at all."""
    comp, nodes, count = cg.comp, graph.nodes, len(cg.bounds) - 1
    node_count = len(fw.node_ids)
    kind = [nodes[node_id].kind for node_id in fw.node_ids]
    # Per component: is it attacked, is it backed by an authority, directly or from above?
    attacked = [bool(k) for k in cg.direct_attacks]
    backed = [False] * count
    for a in range(node_count):
        if kind[a] == "authority":
            backed[comp[a]] = True
    start, out = fw.sup_start, fw.sup_out
    for a in reversed(cg.members):  # grouped by component, so this visits parents first
        c = comp[a]
        if attacked[c] or backed[c]:
            for d in [comp[b] for b in out[start[a]:start[a + 1]]]:
                attacked[d] = attacked[d] or attacked[c]
                backed[d] = backed[d] or backed[c]
    found: list[Diagnostic] = []
    touched, onward = [False] * node_count, [False] * node_count
    used_by: dict[int, list] = {}  # authority argument → links relying on, violating, complying
    disputes = []
    for i, (relation, source, target) in enumerate(
            zip(fw.link_relation, fw.link_source, fw.link_target, strict=True)):
        touched[source] = True
        if target < node_count:
            touched[target] = True
        if relation in FROM_AUTHORITY:
            used_by.setdefault(target, []).append(fw.link[i])
            continue
        if relation != DISPUTES:
            onward[source] = True  # it argues for or against something further
        if relation == SUPPORTS or attacked[comp[source]]:
            continue  # an attacked source has been answered: nothing more to say
        link = fw.link[i]
        if relation == DISPUTES:
            disputes.append(i)
        elif relation == ATTACKS and kind[target] == "claim":
            found.append(Diagnostic(
                "unanswered_attack",
                f"Nobody answers the attack by {short_label(nodes[link.source])} on "
                f"{short_label(nodes[link.target])}.",
                (link.source, link.target), (link.id,)))
        elif relation == UNDERCUTS:
            step = graph.links[link.target_link]
            # The undercut hits the step; what it leaves unsupported is the step's target
            # (for an authority's step, the node citing the authority).
            reason, backed_node = ((step.source, step.target) if step.relation == SUPPORTS
                                   else (step.target, step.source))
            if nodes[backed_node].kind == "claim":
                found.append(Diagnostic(
                    "unanswered_attack",
                    f"Nobody answers the attack by {short_label(nodes[link.source])} on the "
                    f"step from {short_label(nodes[reason])} to {short_label(nodes[backed_node])}.",
                    (link.source, reason, backed_node), (link.id, step.id)))
    for i in disputes:
        link = fw.link[i]
        relying = [lk for lk in used_by.get(fw.link_target[i], ()) if lk.source != link.source]
        if relying:
            by_relation: dict[str, list[int]] = {}
            for lk in relying:
                by_relation.setdefault(lk.relation, []).append(lk.source)
            uses = " and ".join(f"{PASSIVE[relation]} by {_names(graph, sources)}"
                                for relation, sources in by_relation.items())
            found.append(Diagnostic(
                "contested_authority",
                f"{short_label(nodes[link.target])} is {uses}, but "
                f"{short_label(nodes[link.source])} disputes that it applies, and nobody "
                "answers that challenge.",
                (link.target, link.source, *(lk.source for lk in relying)),
                (link.id, *(lk.id for lk in relying))))
    conflicts: dict[int, tuple[set, set]] = {}  # authority → (violating, lawful) node ids
    for v, q, authority in fw.conflicts:
        if grounded[v] == UNDEC and grounded[q] == UNDEC:  # neither side has won
            violating, lawful = conflicts.setdefault(authority, (set(), set()))
            violating.add(fw.node_ids[v])
            lawful.add(fw.node_ids[q])
    for authority, (violating, lawful) in conflicts.items():
        violating, lawful = sorted(violating), sorted(lawful)
        links = sorted(lk.id for lk in used_by.get(authority, ())
                       if lk.source in violating or lk.source in lawful)
        authority_id = fw.node_ids[authority]
        found.append(Diagnostic(
            "compliance_conflict",
            f"{_names(graph, violating)} say{'s' if len(violating) == 1 else ''} the action "
            f"violates {short_label(nodes[authority_id])}, {_names(graph, lawful)} that it is "
            "lawful under it, and nothing on the map decides between them: support or attack "
            "one side.", (authority_id, *violating, *lawful), tuple(links)))

    for a, node_id in enumerate(fw.node_ids):
        if kind[a] == "claim" and not onward[a] and not backed[comp[a]]:
            found.append(Diagnostic(
                "no_authority",
                f"The conclusion {short_label(nodes[node_id])} rests on no legal authority: "
                "nothing behind it relies on a statute, treaty, case or other source of law.",
                (node_id,)))
        elif kind[a] == "passage" and not touched[a]:
            found.append(Diagnostic(
                "unlinked_passage",
                f"The passage {short_label(nodes[node_id])} is not linked to anything: connect "
                "it to what it supports or attacks, or remove it.", (node_id,)))
    link_of = {a: link_id for link_id, a in fw.inference.items()}
    for c in range(count):
        if cg.bounds[c + 1] - cg.bounds[c] == 1:
            continue  # the usual case, a lone argument: skip the sorting below
        cycle = cg.members[cg.bounds[c]:cg.bounds[c + 1]]
        ids = sorted(fw.node_ids[a] for a in cycle if a < node_count)
        if len(ids) > 1:
            steps = sorted(link_of[a] for a in cycle if a in link_of)
            found.append(Diagnostic(
                "support_cycle",
                f"{_names(graph, ids)} support each other in a circle, so none of them rests "
                "on anything outside it.", tuple(ids), tuple(steps)))
    return sorted(found, key=lambda d: (DIAGNOSTIC_CODES.index(d.code), d.node_ids, d.link_ids))


def evaluate(graph: Graph, *, preferred: bool = True, time_limit: float = 2.0,
             max_preferred_args: int = 400) -> Evaluation:
    """Grounded labels for every node and inference, preferred acceptance when the map has
    at most ``max_preferred_args`` arguments (nodes, inferences and applicability
    arguments), and the
    diagnostics. Never takes much longer than ``time_limit`` seconds in the SAT part."""
    fw = _Framework(graph)
    cg = _condense(fw)
    grounded = _grounded(fw, cg)
    if not preferred:
        result = PreferredResult("skipped", reason="Preferred semantics was not requested.")
    elif fw.n > max_preferred_args:
        result = PreferredResult(
            "skipped", reason=f"The map has {fw.n} arguments (nodes and supporting steps); "
                              f"preferred semantics is only computed up to {max_preferred_args}.")
    else:
        result = _preferred(fw, grounded, time_limit)
    return Evaluation(
        labels={node_id: grounded[i] for i, node_id in enumerate(fw.node_ids)},
        link_labels={link_id: grounded[fw.inference[link_id]] for link_id in sorted(fw.inference)},
        preferred=result,
        diagnostics=_diagnostics(graph, fw, cg, grounded),
    )
