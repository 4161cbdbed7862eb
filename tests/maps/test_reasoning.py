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
            "The conclusion “A” rests on no legal authority: nothing behind it relies on a "
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


def test_disputing_an_authority_knocks_out_the_claim_relying_on_it_but_not_the_authority():
    # Claim 1 relies on the WPR (2); passage 3 disputes that the WPR applies: the inference
    # from the WPR falls, and claim 1 with it; the WPR itself stays good law (issue 14).
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR does not govern this.")],
                  [(1, 1, "relies_on", 2), (2, 3, "disputes", 2)])
    assert labels(graph) == ({1: "OUT", 2: "IN", 3: "IN"}, {1: "OUT"})


def test_an_undercut_knocks_out_the_step_and_its_conclusion_but_not_the_reason():
    # S(1) supports T(2) by link 1; U(3) undercuts link 1: S is still true, it just does not
    # show T, and T had nothing else going for it through that step.
    graph = build([claim(1), claim(2), claim(3)], [(1, 1, "supports", 2), (2, 3, "undercuts", 1)])
    assert labels(graph) == ({1: "IN", 2: "OUT", 3: "IN"}, {1: "OUT"})


def test_an_undercut_of_an_invocation_knocks_out_the_invoking_claim_but_not_the_authority():
    graph = build([claim(1), authority(2, "AUMF"), claim(3)],
                  [(1, 1, "relies_on", 2), (2, 3, "undercuts", 1)])
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
                        "relies on a statute, treaty, case or other source of law.", (1,))]


def test_it_accepts_a_conclusion_with_an_authority_further_down_the_support_chain():
    graph = build([claim(1), passage(2, "Congress authorised force."), authority(3, "AUMF")],
                  [(1, 2, "supports", 1), (2, 2, "relies_on", 3)])
    assert evaluate(graph).diagnostics == []


def test_it_flags_an_authority_relied_on_whose_applicability_is_disputed_without_reply():
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR is unconstitutional."),
                   authority(4, "U.S. Const.")],
                  [(1, 1, "relies_on", 2), (2, 3, "disputes", 2), (3, 3, "relies_on", 4)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "contested_authority",
        "WPR is relied on by “A”, but “The WPR is unconstitutional.” disputes that it applies, "
        "and nobody answers that challenge.", (2, 3, 1), (2, 1))]


def test_it_does_not_flag_a_contest_that_has_been_answered():
    graph = build([claim(1), authority(2, "WPR"), passage(3, "The WPR is unconstitutional."),
                   claim(4)],
                  [(1, 1, "relies_on", 2), (2, 3, "disputes", 2), (3, 4, "attacks", 3),
                   (4, 4, "supports", 1)])
    assert "contested_authority" not in [code for code, *_ in codes(graph)]


def test_it_flags_a_support_cycle_and_lists_its_links():
    graph = build([claim(1), claim(2), claim(3), claim(4), authority(5, "UN Charter")],
                  [(1, 1, "supports", 2), (2, 2, "supports", 3), (3, 3, "supports", 1),
                   (4, 3, "supports", 4), (5, 1, "relies_on", 5)])
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
                  [(1, 1, "relies_on", 2), (2, 3, "attacks", 1)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "unanswered_attack", "Nobody answers the attack by “No hostilities existed.” on “A”.",
        (3, 1), (2,))]


def test_it_flags_an_unanswered_undercut_of_a_step_towards_a_claim():
    graph = build([claim(1), passage(2, "The cartel is armed."), passage(3, "Armed is not war."),
                   authority(4, "AUMF")],
                  [(1, 2, "supports", 1), (2, 3, "undercuts", 1), (3, 2, "relies_on", 4)])
    assert evaluate(graph).diagnostics == [Diagnostic(
        "unanswered_attack", "Nobody answers the attack by “Armed is not war.” on the step "
                             "from “The cartel is armed.” to “A”.", (3, 2, 1), (2, 1))]


def test_it_does_not_flag_an_attack_whose_source_is_attacked_through_its_support():
    # 2 attacks 1, but 4 attacks 2's supporter 3; and 2 answers 4.
    graph = build([claim(1), claim(2), claim(3), passage(4, "Q."), authority(5, "AUMF")],
                  [(1, 2, "attacks", 1), (2, 3, "supports", 2), (3, 4, "attacks", 3),
                   (4, 1, "relies_on", 5), (5, 2, "attacks", 4)])
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
                       "relies on a statute, treaty, case or other source of law.",
            "node_ids": [1], "link_ids": []}],
    }


# --- the four uses of an authority (issue 14; docs/relations.md) ---------------------------

def critique(node_id, quote):
    return GNode(node_id, "passage", quote, stance="critique", speaker="Petro", article_id=1)


def justification(node_id, quote):
    return GNode(node_id, "passage", quote, stance="justification", speaker="White House",
                 article_id=1)


def test_relying_on_an_authority_backs_the_passage_through_an_inference():
    graph = build([justification(1, "Self-defence."), authority(2, "Art. 51"), claim(3)],
                  [(1, 1, "relies_on", 2), (2, 1, "supports", 3)])
    result = evaluate(graph)
    assert (result.labels, result.link_labels) == ({1: "IN", 2: "IN", 3: "IN"},
                                                   {1: "IN", 2: "IN"})
    assert result.diagnostics == []  # the conclusion rests on art. 51


def test_saying_complies_backs_the_passage_and_can_be_undercut():
    graph = build([justification(1, "It met the conditions."), authority(2, "LOAC"),
                   claim(3, "The inference does not hold.")],
                  [(1, 1, "complies", 2), (2, 3, "undercuts", 1)])
    assert labels(graph) == ({1: "OUT", 2: "IN", 3: "IN"}, {1: "OUT"})


def test_saying_violates_and_saying_complies_rebut_each_other_and_neither_wins_alone():
    graph = build([critique(1, "It was a murder."), authority(2, "ICCPR art. 6"),
                   justification(3, "Lethal force was lawful.")],
                  [(1, 1, "violates", 2), (2, 3, "complies", 2)])
    result = evaluate(graph)
    assert (result.labels, result.link_labels) == ({1: "UNDEC", 2: "IN", 3: "UNDEC"},
                                                   {1: "IN", 2: "IN"})
    # Each side wins in one preferred extension.
    assert (result.preferred.extensions, result.preferred.credulous,
            result.preferred.sceptical) == (2, frozenset({1, 2, 3}), frozenset({2}))
    assert result.diagnostics == [Diagnostic(
        "compliance_conflict",
        "“It was a murder.” says the action violates ICCPR art. 6, “Lethal force was lawful.” "
        "that it is lawful under it, and nothing on the map decides between them: support or "
        "attack one side.", (2, 1, 3), (1, 2))]


def test_an_answered_compliance_conflict_is_decided_and_not_flagged():
    # Claim 4 attacks the compliance claim: the violation stands.
    graph = build([critique(1, "It was a murder."), authority(2, "ICCPR art. 6"),
                   justification(3, "Lethal force was lawful."), claim(4, "No threat to life.")],
                  [(1, 1, "violates", 2), (2, 3, "complies", 2), (3, 4, "attacks", 3)])
    result = evaluate(graph, preferred=False)
    assert [result.labels[i] for i in (1, 3, 4)] == ["IN", "OUT", "IN"]
    assert "compliance_conflict" not in [d.code for d in result.diagnostics]


def test_saying_violates_attacks_a_justification_relying_on_the_same_authority():
    graph = build([critique(1, "Art. 51 was breached."), authority(2, "Art. 51"),
                   justification(3, "Self-defence under art. 51."), claim(4, "Lawful.")],
                  [(1, 1, "violates", 2), (2, 3, "relies_on", 2), (3, 3, "supports", 4)])
    assert labels(graph)[0] == {1: "UNDEC", 2: "IN", 3: "UNDEC", 4: "UNDEC"}


def test_saying_violates_leaves_allies_and_neutral_uses_of_the_authority_alone():
    # A critique and a fact relying on the same rule say nothing about lawfulness.
    graph = build([critique(1, "The right to life was breached."), authority(2, "ICCPR art. 6"),
                   critique(3, "ICCPR art. 6 protects life."), passage(4, "Art. 6 exists."),
                   claim(5, "Art. 6 binds the US.")],
                  [(1, 1, "violates", 2), (2, 3, "relies_on", 2), (3, 4, "relies_on", 2),
                   (4, 5, "relies_on", 2)])
    assert labels(graph)[0] == {1: "IN", 2: "IN", 3: "IN", 4: "IN", 5: "IN"}


def test_disputing_applicability_knocks_out_every_use_of_the_authority_but_the_disputers():
    graph = build([critique(1, "A breach of the AUMF."), authority(2, "AUMF"),
                   justification(3, "The AUMF complies."), claim(4, "The AUMF reaches them."),
                   critique(5, "The AUMF never applied to cartels."),
                   claim(6, "The AUMF is no answer.")],
                  [(1, 1, "violates", 2), (2, 3, "complies", 2), (3, 4, "relies_on", 2),
                   (4, 5, "disputes", 2), (5, 6, "relies_on", 2)])
    # Every inference from the AUMF falls, and with it each node resting on one; the
    # disputer (5) stands, and the AUMF itself stays IN.
    result = evaluate(graph, preferred=False)
    assert result.labels == {1: "OUT", 2: "IN", 3: "OUT", 4: "OUT", 5: "IN", 6: "OUT"}
    assert result.link_labels == {1: "OUT", 2: "OUT", 3: "OUT", 5: "OUT"}


def test_a_disputer_relying_on_the_authority_it_disputes_keeps_its_own_inference():
    graph = build([passage(1, "Art. 51 does not reach this, as art. 51 itself shows."),
                   authority(2, "Art. 51")],
                  [(1, 1, "disputes", 2), (2, 1, "relies_on", 2)])
    assert labels(graph) == ({1: "IN", 2: "IN"}, {2: "IN"})


def test_an_answered_dispute_restores_what_relies_on_the_authority():
    graph = build([justification(1, "Self-defence."), authority(2, "Art. 51"),
                   critique(3, "Art. 51 does not apply."), claim(4, "Armed attack shown.")],
                  [(1, 1, "relies_on", 2), (2, 3, "disputes", 2), (3, 4, "attacks", 3)])
    result = evaluate(graph, preferred=False)
    assert (result.labels, result.link_labels) == (
        {1: "IN", 2: "IN", 3: "OUT", 4: "IN"}, {1: "IN"})
    assert "contested_authority" not in [d.code for d in result.diagnostics]


def test_it_flags_a_dispute_of_an_authority_said_to_be_violated_and_complied_with():
    graph = build([critique(1, "A breach."), authority(2, "UNCLOS"),
                   justification(3, "Compliant."), critique(4, "UNCLOS does not apply.")],
                  [(1, 1, "violates", 2), (2, 3, "complies", 2), (3, 4, "disputes", 2)])
    [diagnostic] = [d for d in evaluate(graph).diagnostics if d.code == "contested_authority"]
    assert diagnostic == Diagnostic(
        "contested_authority",
        "UNCLOS is said to be violated by “A breach.” and said to be complied with by "
        "“Compliant.”, but “UNCLOS does not apply.” disputes that it applies, and nobody "
        "answers that challenge.",
        (2, 4, 1, 3), (3, 1, 2))
