"""Grounded semantics: ``reasoning.evaluate`` against a naive fixpoint, 10^3 to 10^5 arguments.

Pure (no database). Two shapes of map, each with the given number of arguments (nodes plus
one inference per supports/relies_on link; 15 % of the arguments are inferences):

* ``random``: random nodes of the three kinds and about five direct attacks per argument
  (attacks, undercuts), obeying the kind rules. Most of it ends UNDEC, and F
  reaches its fixpoint in a handful of rounds: the naive method's best case.
* ``deep`` (``build_deep``): one long attack chain with supports down it. F needs about one
  round per claim, so the naive method is quadratic; ``evaluate`` stays linear.

``evaluate`` runs with ``preferred=False``. The naive baseline is the textbook one:
materialise the explicit framework (an attack on an argument is also an attack on all it
supports, transitively) and iterate the characteristic function F(S) = {a : every attacker
of a is attacked by S} from the empty set until it stops changing. Its time includes
building the explicit attacks, as ``evaluate``'s includes building its own structures; the
two must agree on the IN set. It is skipped when extrapolating from the smaller sizes
predicts more than 60 s, and stopped at 60 s in any case. Peak memory (tracemalloc) is
measured in separate runs, since tracing slows everything down.

    python -m benchmarks.reasoning_bench
"""

import math
import random
import time
import tracemalloc

from legalmap.maps.graph import GLink, GNode, Graph
from legalmap.maps.reasoning import evaluate

SIZES = (1_000, 10_000, 100_000)
ATTACKS_PER_ARGUMENT = 5
STEP_SHARE = 0.15  # share of the arguments that are supports/relies_on inferences
NAIVE_LIMIT_S = 60.0


def build_framework(n_arguments: int, seed: int = 1) -> Graph:
    """A map with ``n_arguments`` arguments, obeying the kind rules of ``RELATION_KINDS``."""
    rng = random.Random(seed)
    n_steps = int(n_arguments * STEP_SHARE)
    n_nodes = n_arguments - n_steps
    graph = Graph()
    authorities, statements = [], []
    for node_id in range(1, n_nodes + 1):
        roll = rng.random()
        kind = "authority" if roll < 0.1 else "claim" if roll < 0.4 else "passage"
        graph.add_node(GNode(node_id, kind, f"{kind} {node_id}", short_name=f"A{node_id}"))
        (authorities if kind == "authority" else statements).append(node_id)
    seen, steps = set(), []

    def add(source, relation, target=None, target_link=None):
        key = (source, relation, target, target_link)
        if source == target or key in seen:
            return
        seen.add(key)
        link = graph.add_link(GLink(len(graph.links) + 1, source, relation, target, target_link))
        if relation in ("supports", "relies_on"):
            steps.append(link.id)

    while len(steps) < n_steps:
        if rng.random() < 0.3:
            add(rng.choice(statements), "relies_on", rng.choice(authorities))
        else:
            add(rng.randint(1, n_nodes), "supports", rng.choice(statements))
    while len(graph.links) - n_steps < ATTACKS_PER_ARGUMENT * n_arguments:
        roll = rng.random()
        if roll < STEP_SHARE:
            add(rng.randint(1, n_nodes), "undercuts", target_link=rng.choice(steps))
        else:
            add(rng.randint(1, n_nodes), "attacks", rng.choice(statements))
    return graph


def build_deep(n_arguments: int, seed: int = 1) -> Graph:
    """A map that is hard for the naive fixpoint: claims in one long chain, each attacking
    the one before it, plus supports down the chain (15 % of the arguments). The grounded labels
    alternate down the chain, so iterating F takes about as many rounds as there are claims."""
    rng = random.Random(seed)
    n_steps = int(n_arguments * STEP_SHARE)
    n_claims = n_arguments - n_steps
    graph = Graph()
    for node_id in range(1, n_claims + 1):
        graph.add_node(GNode(node_id, "claim", f"claim {node_id}"))
    for node_id in range(1, n_claims):
        graph.add_link(GLink(node_id, node_id + 1, "attacks", node_id))
    seen = set()
    while len(seen) < n_steps:
        # Backwards, with the attacks, so every label depends only on claims further up
        # the chain and all are decided.
        source = rng.randint(2, n_claims)
        target = max(1, source - rng.randint(1, 50))
        if (source, target) not in seen:
            seen.add((source, target))
            graph.add_link(GLink(len(graph.links) + 1, source, "supports", target))
    return graph


def explicit_attacks(graph: Graph) -> dict:
    """argument → the set of its attackers in the explicit framework, support closure included.
    Arguments are ("node", id) and ("link", id)."""
    supports, direct = {}, []
    attackers = {("node", i): set() for i in graph.nodes}
    for link in graph.links.values():
        if link.relation in ("supports", "relies_on"):
            step = ("link", link.id)
            attackers[step] = set()
            reason, backed = ((link.source, link.target) if link.relation == "supports"
                              else (link.target, link.source))
            supports.setdefault(("node", reason), []).append(step)
            supports.setdefault(step, []).append(("node", backed))
        elif link.relation == "attacks":
            direct.append((("node", link.source), ("node", link.target)))
        else:
            direct.append((("node", link.source), ("link", link.target_link)))
    below = {}
    for x, a in direct:
        if a not in below:
            seen, todo = {a}, [a]
            while todo:
                for b in supports.get(todo.pop(), ()):
                    if b not in seen:
                        seen.add(b)
                        todo.append(b)
            below[a] = seen
        for b in below[a]:
            attackers[b].add(x)
    return attackers


def naive_grounded(graph: Graph, limit_s: float = NAIVE_LIMIT_S) -> tuple[set, int] | None:
    """The grounded extension by iterating F from the empty set, with the number of rounds;
    None once ``limit_s`` has passed."""
    deadline = time.monotonic() + limit_s
    attackers = explicit_attacks(graph)
    attacks = {}
    for b, xs in attackers.items():
        for x in xs:
            attacks.setdefault(x, []).append(b)
    accepted, rounds = set(), 0
    while time.monotonic() < deadline:
        rounds += 1
        hit = {b for a in accepted for b in attacks.get(a, ())}
        bigger = {a for a, xs in attackers.items() if xs <= hit}
        if bigger == accepted:
            return accepted, rounds
        accepted = bigger
    return None


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _estimate_s(history: list[tuple[int, float]], n: int) -> float:
    """The naive time at ``n``, extrapolated from the last two sizes (at least linearly)."""
    if not history:
        return 0.0
    (n1, t1), exponent = history[-1], 1.0
    if len(history) > 1:
        n0, t0 = history[-2]
        exponent = max(1.0, math.log(t1 / t0) / math.log(n1 / n0))
    return t1 * (n / n1) ** exponent


def _row(shape, n, graph, timed):
    """The ``evaluate`` half of a table row, its IN set and its median time."""
    result = evaluate(graph, preferred=False)
    labels = list(result.labels.values()) + list(result.link_labels.values())
    accepted = ({("node", k) for k, v in result.labels.items() if v == "IN"}
                | {("link", k) for k, v in result.link_labels.items() if v == "IN"})
    n_direct = sum(1 for lk in graph.links.values()
                   if lk.relation in ("attacks", "undercuts"))
    repeat = 5 if n <= 10_000 else 3
    best, median = timed(lambda: evaluate(graph, preferred=False), repeat)
    mib = peak_mib(lambda: evaluate(graph, preferred=False))
    row = [shape, n, n_direct, "/".join(str(labels.count(x)) for x in ("IN", "OUT", "UNDEC")),
           f"{best:.0f}", f"{median:.0f}", f"{mib:.1f}"]
    return row, accepted, median


def run(table, timed, sizes=SIZES, shapes=("random", "deep")):
    rows = []
    for shape in shapes:
        history = []  # (arguments, naive seconds), to decide whether the next size is hopeless
        for n in sizes:
            graph = (build_framework if shape == "random" else build_deep)(n)
            row, accepted, fast_ms = _row(shape, n, graph, timed)
            estimate = _estimate_s(history, n)
            if estimate > NAIVE_LIMIT_S:
                rows.append(row + ["—", f"skipped (est. {estimate:.0f} s > 60 s)", "", "", "", ""])
                continue
            start = time.perf_counter()
            naive = naive_grounded(graph)
            elapsed_s = time.perf_counter() - start
            if naive is None:
                rows.append(row + ["—", f"stopped at {NAIVE_LIMIT_S:.0f} s", "", "", "", ""])
                history.append((n, elapsed_s))
                continue
            assert naive[0] == accepted, "naive and evaluate disagree"
            history.append((n, elapsed_s))
            # One run is enough when a run takes seconds; tracemalloc would triple it.
            best, median = (timed(lambda g=graph: naive_grounded(g), 3) if elapsed_s < 2
                            else (elapsed_s * 1000,) * 2)
            mib = f"{peak_mib(lambda g=graph: naive_grounded(g)):.1f}" if elapsed_s < 10 else "—"
            explicit = sum(len(xs) for xs in explicit_attacks(graph).values())
            rows.append(row + [explicit, f"{best:.0f}", f"{median:.0f}", mib, naive[1],
                               f"{median / fast_ms:.1f}×"])
    table("Reasoning: grounded labels, evaluate(preferred=False) vs a naive fixpoint",
          ["shape", "arguments", "direct attacks", "IN/OUT/UNDEC", "evaluate best ms",
           "median ms", "peak MiB", "explicit attacks", "naive best ms", "median ms",
           "peak MiB", "F rounds", "naive / evaluate"], rows)


if __name__ == "__main__":
    from benchmarks.__main__ import table, timed

    run(table, timed)
