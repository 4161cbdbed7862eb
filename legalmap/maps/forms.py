"""HTML forms of the map page. They check shape; the services decide (and say why)."""

from django import forms

from .graph import INFERENCE_RELATIONS, RELATION_LABELS
from .models import MAX_CLAIM_CHARS, MAX_RATIONALE_CHARS, MAX_SPEAKER_CHARS, Link, Node


def short_label(node, limit: int = 70) -> str:
    """How a node is named in menus: the authority's short name, or the first words."""
    if node.kind == "authority":
        return f"§ {node.short_name}"
    text = " ".join(node.text.split())
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"“{text}”" if node.kind == "passage" else text


class ClaimForm(forms.Form):
    prefix = "claim"
    text = forms.CharField(label="Claim", max_length=MAX_CLAIM_CHARS,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="A proposition of your own, e.g. a conclusion.")


class LinkForm(forms.Form):
    prefix = "link"
    source = forms.TypedChoiceField(label="From", coerce=int)
    relation = forms.ChoiceField(label="Relation", choices=Link.Relation.choices)
    target = forms.TypedChoiceField(label="To (a node)", coerce=int, required=False,
                                    empty_value=None)
    target_link = forms.TypedChoiceField(label="Or undercut (a link)", coerce=int,
                                         required=False, empty_value=None)
    rationale = forms.CharField(label="Rationale", max_length=MAX_RATIONALE_CHARS,
                                required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, argument_map, graph, **kwargs):
        super().__init__(*args, **kwargs)
        self.argument_map = argument_map
        nodes = [(n.id, short_label(n)) for n in graph.nodes.values()]
        self.fields["source"].choices = nodes
        self.fields["target"].choices = [("", "—")] + nodes
        undercuttable = [
            (link.id, f"{short_label(graph.nodes[link.source], 30)} "
                      f"{RELATION_LABELS[link.relation]} "
                      f"{short_label(graph.nodes[link.target], 30)}")
            for link in graph.links.values() if link.relation in INFERENCE_RELATIONS
        ]
        self.fields["target_link"].choices = [("", "—")] + undercuttable

    def clean(self):
        data = super().clean()
        nodes = {n.pk: n for n in Node.objects.filter(map=self.argument_map).filter(
            pk__in=[x for x in (data.get("source"), data.get("target")) if x])}
        for name in ("source", "target"):
            if data.get(name) is not None:
                data[name] = nodes[data[name]]
        if data.get("target_link") is not None:
            data["target_link"] = Link.objects.get(map=self.argument_map,
                                                   pk=data["target_link"])
        return data


class LinkEditForm(forms.Form):
    prefix = "edit"
    relation = forms.ChoiceField(label="Relation", choices=Link.Relation.choices)
    rationale = forms.CharField(label="Rationale", max_length=MAX_RATIONALE_CHARS,
                                required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NodeEditForm(forms.Form):
    """Claims edit their text; passages their stance, speaker and note."""

    prefix = "edit"
    stance = forms.ChoiceField(label="Stance", choices=Node.Stance.choices)
    speaker = forms.CharField(label="Speaker", max_length=MAX_SPEAKER_CHARS, required=False)
    text = forms.CharField(label="Text", max_length=MAX_CLAIM_CHARS,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != "passage":
            del self.fields["stance"], self.fields["speaker"]
        if kind != "claim":
            self.fields["text"].label = "Note"
            self.fields["text"].required = False
        if kind == "authority":
            # An authority node is a pointer into the catalogue: nothing to edit here.
            del self.fields["text"]

    @classmethod
    def for_node(cls, node):
        initial = {"stance": node.stance, "speaker": node.speaker,
                   "text": node.text if node.kind == "claim" else ""}
        return cls(kind=node.kind, initial=initial)
