"""Argdown import: export → import gives back the same graph; hand-written Argdown gives the
nodes and links it says; a malformed file gets a 400 naming the line, and nothing is
written."""

import shutil
import subprocess
import textwrap

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from legalmap.exports import services
from legalmap.exports.argdown_reader import MAX_BYTES, ArgdownSyntaxError, read
from legalmap.exports.formats import RENDERERS
from legalmap.maps.models import ArgumentMap, Link, Node
from legalmap.maps.selectors import map_graph
from tests.exports.test_formats import ARGDOWN
from tests.exports.test_import import _shape


def _post(client, text, name="map.argdown", **fields):
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
    upload = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post("/api/maps/import/", {"file": upload, **fields}, format="multipart")


def _imported(response):
    assert response.status_code == 201, response.json()
    return ArgumentMap.objects.get(pk=response.json()["id"])


def _nodes(argument_map):
    """(kind, what it says): a claim's text, a passage's quote, an authority's slug."""
    return sorted((n.kind, n.quote or (n.authority.slug if n.authority_id else n.text))
                  for n in argument_map.nodes.select_related("authority"))


def _links(argument_map):
    """Links as (source, relation, target, rationale), an undercut's target being the link."""
    def say(node):
        return node.quote or node.text or node.authority.slug

    def link(x):
        target = link(x.target_link) if x.relation == "undercuts" else say(x.target)
        return (say(x.source), x.relation, target, x.rationale)

    links = Link.objects.filter(map=argument_map).select_related(
        "source__authority", "target__authority", "target_link__source",
        "target_link__target")
    return sorted(map(link, links), key=repr)


def _counts():
    return ArgumentMap.objects.count(), Node.objects.count(), Link.objects.count()


# --- round trip -------------------------------------------------------------------------------

def test_argdown_export_then_import_gives_back_the_same_graph(demo, client_for):
    exported = RENDERERS["argdown"].render(services.export_bundle(demo))

    response = _post(client_for(demo.owner), exported)

    imported = _imported(response)
    assert imported.title == demo.title and imported.owner == demo.owner
    assert _shape(map_graph(imported)) == _shape(map_graph(demo))


def test_a_contested_authority_and_a_passage_come_back_as_themselves(world, api):
    Node.objects.filter(pk=world["passage"].pk).update(text="Note: a // is no comment here.")
    exported = RENDERERS["argdown"].render(services.export_bundle(world["map"]))

    imported = _imported(_post(api, exported))

    assert _shape(map_graph(imported)) == _shape(map_graph(world["map"]))
    assert list(imported.articles.all()) == [world["article"]]
    assert imported.nodes.get(kind="passage").text == "Note: a // is no comment here."


def test_an_argdown_file_is_read_whatever_its_name_when_the_format_says_so(world, api):
    exported = RENDERERS["argdown"].render(services.export_bundle(world["map"]))

    response = _post(api, exported, name="map.txt", format="argdown")

    assert _shape(map_graph(_imported(response))) == _shape(map_graph(world["map"]))


def test_a_file_with_no_telling_name_is_read_as_argdown_unless_it_is_json(db, cast, api):
    response = _post(api, "[A]: Strikes are lawful.\n", name="notes.txt")

    assert _nodes(_imported(response)) == [("claim", "Strikes are lawful.")]


# --- hand-written Argdown ---------------------------------------------------------------------

TREES = """\
    ===
    title: "Boat strikes, by hand"
    model:
        mode: loose
    ===

    // Comments of every kind are read past.
    # Jus ad bellum

    [Lawful]: The strike was lawful. /* an aside */ #thesis
      + [Armed conflict]: The US is in an armed conflict
        with the cartels.
        - [No organisation]: The cartels lack the organisation of a party.
      - Drug trafficking is not an armed attack.
      <+ [Self-defence]: Art. 51 allows it. {note: "see http://example.org"}
      +> [Policy]: The strikes should go on.
      -> [Unlawful]

    <!-- an HTML comment
    over two lines -->
    [Unlawful]: The strike was unlawful.
      >< [Lawful]

    * A list item is a statement.

    [Bare]
    """


def test_relation_trees_give_supports_and_attacks(db, cast, api):
    imported = _imported(_post(api, TREES))

    assert imported.title == "Boat strikes, by hand"
    assert _nodes(imported) == sorted(("claim", text) for text in [
        "The strike was lawful.", "The US is in an armed conflict with the cartels.",
        "The cartels lack the organisation of a party.",
        "Drug trafficking is not an armed attack.", "Art. 51 allows it.",
        "The strikes should go on.", "The strike was unlawful.",
        "A list item is a statement.", "Bare"])
    assert _links(imported) == sorted([
        ("The US is in an armed conflict with the cartels.", "supports",
         "The strike was lawful.", ""),
        ("The cartels lack the organisation of a party.", "attacks",
         "The US is in an armed conflict with the cartels.", ""),
        ("Drug trafficking is not an armed attack.", "attacks", "The strike was lawful.", ""),
        ("Art. 51 allows it.", "supports", "The strike was lawful.", ""),
        ("The strike was lawful.", "supports", "The strikes should go on.", ""),
        ("The strike was lawful.", "attacks", "The strike was unlawful.", ""),
        ("The strike was unlawful.", "attacks", "The strike was lawful.", ""),
    ], key=repr)


PCS = """\
    <Armed conflict>: The cartels are a party to an armed conflict.

    (1) [Organised]: The cartels are organised.
    (2) [Violent]: Their violence is protracted.
    ----
    (3) [NIAC]: A non-international armed conflict exists.
    (4) [Targetable]: In such a conflict, members of a party may be targeted.
    --
    Modus ponens {uses: [3, 4]}
    --
    (5) [Lawful]: The strike was lawful.

    [Mere crime]: This is organised crime, not war.
      _> <Armed conflict>

    (1) [Flag]: The boat flew no flag.
    ----
      _ [Stateless]: A stateless boat may be boarded, not sunk.
    (2) [Lawful]
    """


def test_premise_conclusion_structures_give_supports_and_undercuts(db, cast, api):
    imported = _imported(_post(api, PCS))

    why = "The cartels are a party to an armed conflict."
    niac = "A non-international armed conflict exists."
    lawful = "The strike was lawful."
    flag = ("The boat flew no flag.", "supports", lawful, "")
    assert _links(imported) == sorted([
        ("The cartels are organised.", "supports", niac, why),
        ("Their violence is protracted.", "supports", niac, why),
        (niac, "supports", lawful, why),
        ("In such a conflict, members of a party may be targeted.", "supports", lawful, why),
        # An undercut of an argument attacks its main inference.
        ("This is organised crime, not war.", "undercuts", (niac, "supports", lawful, why), ""),
        ("This is organised crime, not war.", "undercuts",
         ("In such a conflict, members of a party may be targeted.", "supports", lawful, why),
         ""),
        flag,
        ("A stateless boat may be boarded, not sunk.", "undercuts", flag, ""),
    ], key=repr)
    assert imported.nodes.count() == 8  # statements; arguments became links


def test_the_formats_md_example_reads_as_the_reference_parser_reads_it(db, cast, api):
    """An argument under its own conclusion supports it implicitly; a described argument
    without premises is a claim."""
    text = """\
        ===
        title: AUMF example
        ===

        [AUMF covers]: The 2001 AUMF authorizes force against group X. #claim
            + <Associated forces>: Group X is an associated force of al-Qaeda. {authority: "Pub. L. 107-40, 115 Stat. 224"}
            - <Nexus lacking>: Group X has no nexus to the 9/11 attacks.
                _> <Associated forces>

        <Associated forces>

        (1) [AUMF text]: The AUMF authorizes force against those who planned 9/11.
        (2) Group X is an associated force.
        ----
        (3) [AUMF covers]
        """  # noqa: E501

    imported = _imported(_post(api, text))

    covers = "The 2001 AUMF authorizes force against group X."
    why = "Group X is an associated force of al-Qaeda."
    text_supports = ("The AUMF authorizes force against those who planned 9/11.", "supports",
                     covers, why)
    member_supports = ("Group X is an associated force.", "supports", covers, why)
    nexus = "Group X has no nexus to the 9/11 attacks."
    assert imported.title == "AUMF example"
    assert _links(imported) == sorted([
        text_supports, member_supports, (nexus, "attacks", covers, ""),
        (nexus, "undercuts", text_supports, ""), (nexus, "undercuts", member_supports, "")],
        key=repr)


def test_authorities_and_passages_are_found_here_or_become_claims(world, api):
    article, quote = world["article"], world["passage"].quote
    text = f"""\
        [UNCLOS]: UNCLOS art. 92 #authority {{authority: "unclos-92"}}
          <+ [Flag]: The boat flew no flag.
          <- [Pursuit]: Hot pursuit was lawful.

        [Unknown]: The Treaty of Nowhere #authority {{authority: "no-such-treaty"}}
          - [Doubt]: It was never ratified.

        [Quote]: {quote} #passage {{article: {article.pk}, start: 4, end: 10, stance: "fact", speaker: "Ann"}}
          +> [Flag]

        [Moved]: {quote} #passage {{article: {article.pk}, start: 5, end: 11, stance: "fact"}}
        """  # noqa: E501

    imported = _imported(_post(api, text))

    assert _nodes(imported) == sorted([
        ("authority", "unclos-92"), ("claim", "The boat flew no flag."),
        ("claim", "Hot pursuit was lawful."), ("claim", "The Treaty of Nowhere"),
        ("claim", "It was never ratified."), ("passage", quote), ("claim", quote)])
    assert _links(imported) == sorted([
        ("The boat flew no flag.", "relies_on", "unclos-92", ""),
        ("Hot pursuit was lawful.", "disputes", "unclos-92", ""),
        ("It was never ratified.", "attacks", "The Treaty of Nowhere", ""),
        (quote, "supports", "The boat flew no flag.", "")], key=repr)
    passage = imported.nodes.get(kind="passage")
    assert (passage.article, passage.start, passage.end, passage.stance, passage.speaker) == \
        (article, 4, 10, "fact", "Ann")


LOOSE = """\
    <Armed groups>: The cartels are organised armed groups.
      +> [NIAC]: There is an armed conflict.

    [NIAC]
      <+ <Armed groups>

    [Crime]: They are criminals, not fighters.
      _> <Armed groups>
    """


def test_an_argument_without_premises_is_a_claim_whose_support_can_be_undercut(db, cast, api):
    """Saying a relation twice makes one link."""
    imported = _imported(_post(api, LOOSE))

    support = ("The cartels are organised armed groups.", "supports",
               "There is an armed conflict.", "")
    assert _links(imported) == sorted([
        support, ("They are criminals, not fighters.", "undercuts", support, "")], key=repr)


def test_a_title_given_with_the_upload_wins_over_the_frontmatter(db, cast, api):
    response = _post(api, '===\ntitle: "From the file"\n===\n\n[A]: a\n', title="Mine")

    assert _imported(response).title == "Mine"


def test_a_map_with_no_title_anywhere_is_called_imported(db, cast, api):
    assert _imported(_post(api, "A claim.\n")).title == "Imported map"


@pytest.mark.skipif(not ARGDOWN.exists() or not shutil.which("node"),
                    reason="@argdown/cli is not installed (see .ci/run)")
@pytest.mark.parametrize("text", [TREES, PCS, LOOSE], ids=["trees", "pcs", "loose"])
def test_what_we_read_by_hand_is_valid_for_the_reference_parser(text, tmp_path):
    source = tmp_path / "map.argdown"
    source.write_text(textwrap.dedent(text))

    run = subprocess.run([str(ARGDOWN), "json", str(source), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr


# --- refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    (b"", "line 1: the file is empty."),
    (b"// nothing but a comment\n\n",
     "line 1: the file ends without a single statement or argument."),
    (b"[A]: caf\xe9\n", "line 1: this is not UTF-8 text (byte 0xe9). Save the file as UTF-8."),
    (b"[A]: a\n" + b"x" * MAX_BYTES, "The file is larger than 2 MB, the most an Argdown import "
                                     "takes."),
    ("===\ntitle: x\n\n[A]: a\n",
     "line 1: the frontmatter opened here with === is never closed with ===."),
    ("[A]: a\n\n/* never\nclosed\n", "line 3: the comment opened here with /* is never closed "
                                     "with */."),
    ("[A]: a\n  + [B]: b\n\n  - [C]: c\n",
     'line 4: the relation "-" belongs to nothing: there is no statement or argument above it '
     "in this paragraph (a blank line ends a relation tree)."),
    ("- [C]: c\n", 'line 1: the relation "-" belongs to nothing: put it on an indented line '
                   "right under its statement or argument, with no blank line between."),
    ("[A]: a\n    + [B]: b\n  + [C]: c\n",
     "line 3: this line's indentation matches no line above it: indent it exactly like a "
     "sibling above, or further than its parent."),
    ("[A]: a\n  ~> [B]: b\n", 'line 2: "~>" is not a relation; use one of + - _ +> <+ -> <- _> '
                              "<_ ><."),
    ("[A]: a\n  _> <Ghost>\n", "line 2: <Ghost> is undercut here but defined nowhere in the "
                               "file: give it premises and a conclusion, (1) … ---- (2) …, "
                               "under its title."),
    ("[A]: a\n  _ [B]: b\n", "line 2: an undercut attacks an argument's inference, and [A] is "
                             "a statement: undercut an <argument> instead, or attack the "
                             "statement with - or ->."),
    ("(1) a\n(2) b\n", "line 1: these numbered premises lead to no conclusion: add a line ---- "
                       "and the conclusion below it."),
    ("(1) a\n----\n", "line 2: this inference has no conclusion below it."),
    ('[A]: a {speaker "Ann"}\n', "line 1: the data {…} cannot be read: expected key: value."),
    ("[A]: a\n\n[B]: b\n  + [A]\n  + [B]\n",
     "line 5: the supports link from [B] to [B] cannot be imported: A node cannot link to "
     "itself."),
    ("[Long]: " + "x" * 2001 + "\n", "line 1: [Long] cannot be imported: Its text has 2001 "
                                      "characters; the most is 2000."),
    ("<Two>\n\n(1) a\n(2) b\n----\n(3) c\n\n[D]: d\n  -> <Two>\n",
     "line 9: this attack points at the whole argument <Two>, which has 2 premises, and a map "
     "cannot say which one it meets: point it at that premise's [title] instead (or undercut "
     "the argument with _)."),
], ids=["empty", "only-comments", "not-utf8", "too-big", "frontmatter", "comment",
        "no-parent", "top-level-relation", "indentation", "unknown-symbol", "undefined-argument",
        "undercut-statement", "no-conclusion", "inference-last", "data", "self-loop",
        "claim-too-long", "whole-argument"])
def test_a_malformed_file_is_refused_naming_the_line(world, api, text, message):
    before = _counts()

    response = _post(api, text)

    assert response.status_code == 400
    assert response.json() == {"file": [message]}
    assert _counts() == before


def test_an_unknown_format_is_refused(db, cast, api):
    response = _post(api, "[A]: a\n", format="rdf")

    assert response.status_code == 400
    assert response.json() == {"format": ['"rdf" is not a format we import: send "aif" or '
                                          '"argdown".']}


def test_anonymous_cannot_import(db, client_for):
    response = _post(client_for(None), "[A]: a\n")

    assert response.status_code == 401
    assert ArgumentMap.objects.count() == 0


PIECES = ["[A]", "[B]: b", "<X>", "<Y>: y", " text", "\n", "\n  ", "\n    ", "\n\t", "+ ", "- ",
          "_ ", "+> ", "<+ ", "-> ", "<- ", "_> ", "<_ ", ">< ", "(1) ", "(2) ", "----", "--",
          "-- rule --", "{", "}", "{a: [1, 'x']}", '"', "//", "/*", "*/", "<!--", "-->", "===",
          "# h", "#tag", "* ", ":", "{uses: [1, 2]}", "\x00", "é", "\r"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_reader_answers_any_text_with_a_document_or_a_line(pieces):
    """Never a 500: whatever the bytes, reading gives a document or a refusal naming a line."""
    try:
        read("".join(pieces).encode())
    except ArgdownSyntaxError as error:
        assert error.line is not None and str(error).startswith(f"line {error.line}: ")
