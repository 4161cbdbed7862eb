"""Grounded labels, preferred acceptance and diagnostics on small hand-built maps.

No database: ``reasoning.evaluate`` is a pure function of a plain ``Graph``. Nodes are
numbered by hand; a claim's text is its name ("A", "B", …) so messages read easily.
"""

import random
import time

from legalmap.maps.graph import GLink, GNode, Graph
from legalmap.maps.reasoning import Diagnostic, Evaluation, PreferredResult, evaluate


def claim(node_id, text=None):
    return GNode(node_id, "claim", text or "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[node_id - 1])


def passage(node_id, quote):
    return GNode(node_id, "passage", quote, stance="fact", speaker="Court", article_id=1)


def authority(node_id, short_name):
    return GNode(node_id, "authority", f"The {short_name} Act", short_name=short_name)


def build(nodes, links=()):
    """``links``: (link id, source, relation, target); an undercut's target is a link id."""
    graph = Graph()
    for node in nodes:
        graph.add_node(node)
    for link_id, source, relation, target in links:
        if relation == "undercuts":
            graph.add_link(GLink(link_id, source, relation, target_link=target))
        else:
            graph.add_link(GLink(link_id, source, relation, target))
    return graph


def labels(graph):
    result = evaluate(graph, preferred=False)
    return result.labels, result.link_labels


def codes(graph):
    return [(d.code, d.node_ids, d.link_ids) for d in evaluate(graph).diagnostics]


# --- grounded labels ---------------------------------------------------------------------

def test_an_unattacked_claim_is_in():
    graph = build([claim(1)])
    assert evaluate(graph) == Evaluation(
        labels={1: "IN"},
        link_labels={},
        preferred=PreferredResult("ok", frozenset({1}), frozenset({1}), 1, ""),
        diagnostics=[Diagnostic(
            "no_authority",
            "The conclusion “A” rests on no legal authority: nothing behind it invokes a "
            "statute, treaty, case or other source of law.", (1,))],
    )


def test_an_attacked_claim_is_out_and_its_attacker_in():
    graph = build([claim(1), claim(2)], [(1, 1, "attacks", 2)])
    assert labels(graph) == ({1: "IN", 2: "OUT"}, {})


def test_a_mutual_attack_leaves_both_undecided_with_two_preferred_extensions():
    graph = build([claim(1), claim(2)], [(1, 1, "attacks", 2), (2, 2, "attacks", 1)])
    result = evaluate(graph)
    assert (result.labels, result.preferred) == (
        {1: "UNDEC", 2: "UNDEC"},
        PreferredResult("ok", credulous=frozenset({1, 2}), sceptical=frozenset(), extensions=2),
    )


def test_an_attack_on_the_attacker_reinstates_the_claim():
    graph = build([claim(1), claim(2), claim(3)], [(1, 3, "attacks", 2), (2, 2, "attacks", 1)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "IN"}, {})


def test_an_attack_on_a_supporter_knocks_out_what_it_supports():
    # X(1) attacks S(2); S supports T(3) through link 2.
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "attacks", 2), (2, 2, "supports", 3)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "OUT"}, {2: "OUT"})


def test_support_passes_the_knock_out_down_a_chain():
    graph = build([claim(1), claim(2), claim(3), claim(4)],
                  [(1, 1, "attacks", 2), (2, 2, "supports", 3), (3, 3, "supports", 4)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "OUT", 4: "OUT"}, {2: "OUT", 3: "OUT"})


def test_a_supporter_that_is_undecided_leaves_what_it_supports_undecided():
    graph = build([claim(1), claim(2), claim(3)],
                  [(1, 1, "attacks", 2), (2, 2, "attacks", 1), (3, 2, "supports", 3)])
    assert labels(graph) == ({1: "UNDEC", 2: "UNDEC", 3: "UNDEC"}, {3: "UNDEC"})


def test_contesting_an_invoked_authority_knocks_out_the_invoking_claim():
    # Claim 1 invokes the WPR (2); passage 3 contests the WPR.
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR is unconstitutional.")],
                  [(1, 1, "invokes", 2), (2, 3, "contests", 2)])
    assert labels(graph) == ({1: "OUT", 2: "OUT", 3: "IN"}, {1: "OUT"})


def test_an_undercut_knocks_out_the_step_and_its_conclusion_but_not_the_reason():
    # S(1) supports T(2) by link 1; U(3) undercuts link 1: S is still true, it just does not
    # show T, and T had nothing else going for it through that step.
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "supports", 2), (2, 3, "undercuts", 1)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "IN"}, {1: "OUT"})


def test_an_undercut_of_an_invocation_knocks_out_the_invoking_claim_but_not_the_authority():
    graph = build([claim(1), authority(2, "AUMF"), claim(3)],
                  [(1, 1, "invokes", 2), (2, 3, "undercuts", 1)])
    assert labels(graph) == ({1: "OUT", 2: "IN", 3: "IN"}, {1: "OUT"})


def test_an_undercut_of_an_attack_link_is_ignored():
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "attacks", 2), (2, 3, "undercuts", 1)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "IN"}, {})


def test_a_support_cycle_without_attackers_is_in_and_flagged():
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "supports", 2), (2, 2, "supports", 1),
                                                   (3, 2, "supports", 3)])
    result = evaluate(graph, preferred=False)
    assert (result.labels, result.link_labels) == (
        {1: "IN", 2: "IN", 3: "IN"}, {1: "IN", 2: "IN", 3: "IN"})
    assert [d for d in result.diagnostics if d.code == "support_cycle"] == [Diagnostic(
        "support_cycle", "“A” and “B” support each other in a circle, so none of them rests on "
                         "anything outside it.", (1, 2), (1, 2))]


def test_an_attack_on_one_member_of_a_support_cycle_knocks_out_the_whole_cycle():
    graph = build([claim(1), claim(2), claim(3)],
                  [(1, 1, "supports", 2), (2, 2, "supports", 1), (3, 3, "attacks", 2)])
    assert labels(graph) == ({1: "OUT", 2: "OUT", 3: "IN"}, {1: "OUT", 2: "OUT"})


def test_links_to_missing_nodes_are_ignored():
    graph = build([claim(1)], [(1, 1, "attacks", 99), (2, 98, "attacks", 1),
                               (3, 97, "undercuts", 1), (4, 1, "undercuts", 96)])
    assert labels(graph) == ({1: "IN"}, {})


def test_a_long_support_chain_does_not_recurse():
    n = 50_000
    graph = build([claim(i, "x") for i in range(1, n + 1)] + [claim(n + 1, "attacker")],
                  [(i, i, "supports", i + 1) for i in range(1, n)] + [(n, n + 1, "attacks", 1)])
    result = evaluate(graph, preferred=False)
    assert set(result.labels.values()) == {"IN", "OUT"} and result.labels[n] == "OUT"


# --- diagnostics -------------------------------------------------------------------------

def test_it_flags_a_conclusion_with_no_authority_behind_it():
    graph = build([claim(1), claim(2)], [(1, 2, "supports", 1)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "no_authority", "The conclusion “A” rests on no legal authority: nothing behind it "
                        "invokes a statute, treaty, case or other source of law.", (1,))]


def test_it_accepts_a_conclusion_with_an_authority_further_down_the_support_chain():
    graph = build([claim(1), passage(2, "Congress authorised force."), authority(3, "AUMF")],
                  [(1, 2, "supports", 1), (2, 2, "invokes", 3)])
    assert evaluate(graph).diagnostics == []


def test_it_flags_an_invoked_authority_contested_without_reply():
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR is unconstitutional."),
                   authority(4, "U.S. Const.")],
                  [(1, 1, "invokes", 2), (2, 3, "contests", 2), (3, 3, "invokes", 4)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "contested_authority",
        "WPR is relied on by “A” but contested by “The WPR is unconstitutional.”, and nobody "
        "answers that challenge.", (2, 3, 1), (2, 1))]


def test_it_does_not_flag_a_contest_that_has_been_answered():
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR is unconstitutional."),
                   claim(4)],
                  [(1, 1, "invokes", 2), (2, 3, "contests", 2), (3, 4, "attacks", 3),
                   (4, 4, "supports", 1)])
    assert "contested_authority" not in [code for code, *_ in codes(graph)]


def test_it_flags_a_support_cycle_and_lists_its_links():
    graph = build([claim(1), claim(2), claim(3), claim(4), authority(5, "UN Charter")],
                  [(1, 1, "supports", 2), (2, 2, "supports", 3), (3, 3, "supports", 1),
                   (4, 3, "supports", 4), (5, 1, "invokes", 5)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "support_cycle", "“A”, “B” and “C” support each other in a circle, so none of them "
                         "rests on anything outside it.", (1, 2, 3), (1, 2, 3))]


def test_it_flags_an_unlinked_passage():
    graph = build([passage(1, "The strike occurred in international waters, some 40 nautical "
                              "miles off the coast.")])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "unlinked_passage", "The passage “The strike occurred in international waters, some "
                            "40…” is not linked to anything: connect it to what it supports "
                            "or attacks, or remove it.", (1,))]


def test_it_flags_an_unanswered_attack_on_a_claim():
    graph = build([claim(1), authority(2, "AUMF"), passage(3, "No hostilities existed.")],
                  [(1, 1, "invokes", 2), (2, 3, "attacks", 1)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "unanswered_attack", "Nobody answers the attack by “No hostilities existed.” on “A”.",
        (3, 1), (2,))]


def test_it_flags_an_unanswered_undercut_of_a_step_towards_a_claim():
    graph = build([claim(1), passage(2, "The cartel is armed."), passage(3, "Armed is not war."),
                   authority(4, "AUMF")],
                  [(1, 2, "supports", 1), (2, 3, "undercuts", 1), (3, 2, "invokes", 4)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "unanswered_attack", "Nobody answers the attack by “Armed is not war.” on the step "
                             "from “The cartel is armed.” to “A”.", (3, 2, 1), (2, 1))]


def test_it_does_not_flag_an_attack_whose_source_is_attacked_through_its_support():
    # 2 attacks 1, but 4 attacks 2's supporter 3; and 2 answers 4.
    graph = build([claim(1), claim(2), claim(3), passage(4, "Q."), authority(5, "AUMF")],
                  [(1, 2, "attacks", 1), (2, 3, "supports", 2), (3, 4, "attacks", 3),
                   (4, 1, "invokes", 5), (5, 2, "attacks", 4)])
    assert [code for code, *_ in codes(graph)] == []


def test_diagnostics_come_sorted_by_code_then_node_ids():
    graph = build([passage(9, "Second."), passage(8, "First."), claim(1), claim(2), claim(3)],
                  [(1, 3, "attacks", 2), (2, 3, "attacks", 1)])
    assert codes(graph) == [
        ("unanswered_attack", (3, 1), (2,)),
        ("unanswered_attack", (3, 2), (1,)),
        ("no_authority", (1,), ()),
        ("no_authority", (2,), ()),
        ("unlinked_passage", (8,), ()),
        ("unlinked_passage", (9,), ()),
    ]


# --- preferred semantics -----------------------------------------------------------------

def random_framework(n_claims, attacks_each, seed=1):
    rng = random.Random(seed)
    graph = build([claim(i, f"c{i}") for i in range(1, n_claims + 1)])
    pairs = {(rng.randint(1, n_claims), rng.randint(1, n_claims))
             for _ in range(attacks_each * n_claims)}
    for link_id, (s, t) in enumerate(sorted(p for p in pairs if p[0] != p[1]), 1):
        graph.add_link(GLink(link_id, s, "attacks", t))
    return graph


def test_preferred_is_unknown_when_there_is_no_time():
    result = evaluate(random_framework(300, 3), time_limit=0.0).preferred
    assert result == PreferredResult(
        "unknown", reason="Gave up after 0 s with 0 preferred extension(s) found: the map has "
                          "too many ways to resolve its conflicts to list them all.")


def test_preferred_gives_up_on_time_when_there_are_too_many_extensions():
    # 150 independent mutual attacks: 2**150 preferred extensions.
    graph = build([claim(i, f"c{i}") for i in range(1, 301)],
                  [(i, i, "attacks", i + 1) for i in range(1, 300, 2)]
                  + [(i + 1, i + 1, "attacks", i) for i in range(1, 300, 2)])
    start = time.monotonic()
    result = evaluate(graph, time_limit=0.3).preferred
    assert result.status == "unknown" and result.extensions > 0
    assert time.monotonic() - start < 2


def test_preferred_is_skipped_above_the_argument_limit():
    # 3 nodes + 1 supporting step = 4 arguments.
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "supports", 2), (2, 3, "attacks", 1)])
    assert evaluate(graph, max_preferred_args=3).preferred == PreferredResult(
        "skipped", reason="The map has 4 arguments (nodes and supporting steps); preferred "
                          "semantics is only computed up to 3.")


def test_preferred_is_skipped_when_not_requested():
    assert evaluate(build([claim(1)]), preferred=False).preferred == PreferredResult(
        "skipped", reason="Preferred semantics was not requested.")


def test_preferred_of_an_empty_map_is_the_one_empty_extension():
    assert evaluate(Graph()).preferred == PreferredResult("ok", extensions=1)


def test_preferred_accepts_credulously_what_grounded_leaves_undecided():
    # A and B attack each other, both attack C: C is OUT in both preferred extensions.
    graph = build([claim(1), claim(2), claim(3)],
                  [(1, 1, "attacks", 2), (2, 2, "attacks", 1), (3, 1, "attacks", 3),
                   (4, 2, "attacks", 3)])
    result = evaluate(graph)
    assert (result.labels, result.preferred) == (
        {1: "UNDEC", 2: "UNDEC", 3: "UNDEC"},
        PreferredResult("ok", frozenset({1, 2}), frozenset(), 2))


# --- JSON ----------------------------------------------------------------------------------

def test_to_dict_keys_ids_by_string_and_lists_sets_sorted():
    graph = build([claim(2), claim(1), claim(3)], [(5, 2, "supports", 1), (6, 3, "attacks", 3)])
    assert evaluate(graph).to_dict() == {
        "labels": {"1": "IN", "2": "IN", "3": "UNDEC"},
        "link_labels": {"5": "IN"},
        "preferred": {"status": "ok", "credulous": [1, 2], "sceptical": [1, 2], "extensions": 1,
                      "reason": ""},
        "diagnostics": [{
            "code": "no_authority",
            "message": "The conclusion “A” rests on no legal authority: nothing behind it "
                       "invokes a statute, treaty, case or other source of law.",
            "node_ids": [1], "link_ids": []}],
    }
