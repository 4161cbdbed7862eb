"""``reasoning.evaluate`` against the textbook definitions, on random maps.

The explicit framework is rebuilt here from the definition in docs/relations.md,
independently of ``reasoning.py``: arguments are the nodes, one inference per supports,
relies_on, violates or complies link, and one applicability argument per disputed
authority; attacks are the direct ones (attacks, undercuts, disputes on the applicability,
violates against complies or a justification relying on the same authority, both ways) plus,
for each, an attack on everything the attacked argument supports, transitively. Arguments
are ("node", id), ("link", id) and ("app", authority id).
"""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from legalmap.maps.graph import GLink, GNode, Graph
from legalmap.maps.reasoning import evaluate

KINDS = ("passage", "authority", "claim")
ARGUER, STATEMENT, AUTHORITY = {"passage", "claim"}, {"passage", "claim"}, {"authority"}
# (relation, possible source kinds, possible target kinds), as in services.RELATION_KINDS.
RULES = (("supports", set(KINDS), STATEMENT), ("attacks", set(KINDS), STATEMENT),
         ("relies_on", ARGUER, AUTHORITY), ("violates", ARGUER, AUTHORITY),
         ("complies", ARGUER, AUTHORITY), ("disputes", ARGUER, AUTHORITY))
STEP_RELATIONS = ("supports", "relies_on", "violates", "complies")
STANCES = ("justification", "critique", "fact")


@st.composite
def maps(draw, max_nodes, max_steps, max_attacks, max_undercuts):
    """A map obeying the kind rules, with at most ``max_steps`` supports/invokes links."""
    kinds = draw(st.lists(st.sampled_from(KINDS), max_size=max_nodes))
    graph = Graph()
    for node_id, kind in enumerate(kinds, 1):
        stance = draw(st.sampled_from(STANCES)) if kind == "passage" else ""
        graph.add_node(GNode(node_id, kind, f"{kind} {node_id}", short_name=f"A{node_id}",
                             stance=stance))
    allowed = [(s, rel, t) for rel, sources, targets in RULES
               for s, s_kind in enumerate(kinds, 1) if s_kind in sources
               for t, t_kind in enumerate(kinds, 1) if t_kind in targets and s != t]
    steps = [x for x in allowed if x[1] in STEP_RELATIONS]
    attacks = [x for x in allowed if x[1] not in STEP_RELATIONS]
    chosen = (draw(st.lists(st.sampled_from(steps), unique=True, max_size=max_steps))
              if steps else [])
    chosen += (draw(st.lists(st.sampled_from(attacks), unique=True, max_size=max_attacks))
               if attacks else [])
    undercuts = [(s, i) for s in range(1, len(kinds) + 1)
                 for i, x in enumerate(chosen) if x[1] in STEP_RELATIONS]
    chosen_undercuts = (draw(st.lists(st.sampled_from(undercuts), unique=True,
                                      max_size=max_undercuts)) if undercuts else [])
    # Shuffled ids, so an undercut may have a smaller id than the link it undercuts.
    ids = draw(st.permutations(range(1, len(chosen) + len(chosen_undercuts) + 1)))
    for link_id, (s, rel, t) in zip(ids, chosen, strict=False):
        graph.add_link(GLink(link_id, s, rel, t))
    for link_id, (s, i) in zip(ids[len(chosen):], chosen_undercuts, strict=True):
        graph.add_link(GLink(link_id, s, "undercuts", target_link=ids[i]))
    return graph


def explicit_framework(graph):
    arguments = {("node", i) for i in graph.nodes}
    supports, direct = {}, set()
    for link in graph.links.values():
        if link.relation in STEP_RELATIONS:
            step = ("link", link.id)
            arguments.add(step)
            reason, backed = ((link.source, link.target) if link.relation == "supports"
                              else (link.target, link.source))
            supports.setdefault(("node", reason), []).append(step)
            supports.setdefault(step, []).append(("node", backed))
    disputers = {}
    for link in graph.links.values():
        if link.relation == "attacks":
            direct.add((("node", link.source), ("node", link.target)))
        elif link.relation == "undercuts":
            direct.add((("node", link.source), ("link", link.target_link)))
        elif link.relation == "disputes":
            disputers.setdefault(link.target, set()).add(link.source)
            arguments.add(("app", link.target))
            direct.add((("node", link.source), ("app", link.target)))
    uses = [link for link in graph.links.values()
            if link.relation in ("relies_on", "violates", "complies")]
    for link in uses:
        if link.source not in disputers.get(link.target, ()) and link.target in disputers:
            supports.setdefault(("app", link.target), []).append(("link", link.id))
    for v in uses:
        for q in uses:
            lawful = q.relation == "complies" or (
                q.relation == "relies_on" and graph.nodes[q.source].stance == "justification")
            if v.relation == "violates" and lawful and v.target == q.target \
                    and v.source != q.source:
                direct.add((("node", v.source), ("node", q.source)))
                direct.add((("node", q.source), ("node", v.source)))

    def supported_by(a):
        seen, todo = {a}, [a]
        while todo:
            for b in supports.get(todo.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        return seen

    attacks = {(x, b) for x, a in direct for b in supported_by(a)}
    return arguments, attacks


def labelling(graph, result):
    """The labels ``evaluate`` reports, plus each applicability argument's, which it keeps to
    itself: nothing supports one, so it is IN iff every disputer is OUT, OUT iff one is IN."""
    labels = ({("node", k): v for k, v in result.labels.items()}
              | {("link", k): v for k, v in result.link_labels.items()})
    disputers = {}
    for link in graph.links.values():
        if link.relation == "disputes" and link.source in graph.nodes \
                and link.target in graph.nodes:
            disputers.setdefault(link.target, []).append(labels[("node", link.source)])
    for authority, seen in disputers.items():
        labels[("app", authority)] = ("OUT" if "IN" in seen else "IN" if set(seen) == {"OUT"}
                                      else "UNDEC")
    return labels


def attacked_by(s, attacks):
    return {b for a, b in attacks if a in s}


def defended_by(s, arguments, attacks):
    """The characteristic function: the arguments all of whose attackers ``s`` attacks."""
    hit = attacked_by(s, attacks)
    return {a for a in arguments if all(x in hit for x, b in attacks if b == a)}


def least_fixpoint(arguments, attacks):
    s = set()
    while (bigger := defended_by(s, arguments, attacks)) != s:
        s = bigger
    return s


def conflict_free(s, attacks):
    return not any(a in s and b in s for a, b in attacks)


def admissible(s, arguments, attacks):
    return conflict_free(s, attacks) and s <= defended_by(s, arguments, attacks)


def complete(s, arguments, attacks):
    return conflict_free(s, attacks) and s == defended_by(s, arguments, attacks)


@settings(max_examples=600, deadline=None)
@given(maps(max_nodes=16, max_steps=12, max_attacks=16, max_undercuts=5))
def test_grounded_labels_are_the_least_complete_labelling(graph):
    arguments, attacks = explicit_framework(graph)
    labels = labelling(graph, evaluate(graph, preferred=False))
    assert set(labels) == arguments
    accepted = {a for a, label in labels.items() if label == "IN"}
    rejected = {a for a, label in labels.items() if label == "OUT"}
    assert conflict_free(accepted, attacks)
    assert admissible(accepted, arguments, attacks)
    assert complete(accepted, arguments, attacks)
    assert rejected == attacked_by(accepted, attacks)
    assert accepted == least_fixpoint(arguments, attacks)


@settings(max_examples=600, deadline=None)
@given(maps(max_nodes=5, max_steps=3, max_attacks=8, max_undercuts=3))
def test_small_maps_agree_with_brute_force_enumeration(graph):
    arguments, attacks = explicit_framework(graph)
    # At most 5 nodes, 3 inferences and 4 disputed authorities: 2**12 subsets at most.
    assert len(arguments) <= 12
    result = evaluate(graph)
    subsets = [set(c) for r in range(len(arguments) + 1) for c in combinations(arguments, r)]
    completes = [s for s in subsets if complete(s, arguments, attacks)]
    admissibles = [s for s in subsets if admissible(s, arguments, attacks)]
    preferred = [s for s in admissibles if not any(s < t for t in admissibles)]
    grounded = {a for a, label in labelling(graph, result).items() if label == "IN"}
    assert grounded == set.intersection(*completes)

    def node_ids(s):
        return frozenset(i for kind, i in s if kind == "node")

    assert (result.preferred.status, result.preferred.extensions) == ("ok", len(preferred))
    assert result.preferred.credulous == node_ids(set().union(*preferred))
    assert result.preferred.sceptical == node_ids(set.intersection(*preferred))


@settings(max_examples=100, deadline=None)
@given(maps(max_nodes=10, max_steps=8, max_attacks=10, max_undercuts=3))
def test_diagnostics_are_sorted_and_name_only_what_is_on_the_map(graph):
    diagnostics = evaluate(graph, preferred=False).diagnostics
    order = ("unanswered_attack", "contested_authority", "compliance_conflict", "no_authority",
             "support_cycle", "unlinked_passage")
    keys = [(order.index(d.code), d.node_ids, d.link_ids) for d in diagnostics]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(set(d.node_ids) <= set(graph.nodes) and set(d.link_ids) <= set(graph.links)
               and d.node_ids and d.message.endswith(".") for d in diagnostics)
