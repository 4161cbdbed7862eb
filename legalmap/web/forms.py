from django import forms

from legalmap.articles.models import Article
from legalmap.maps.models import ArgumentMap


class MapForm(forms.ModelForm):
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.order_by("-published", "title"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="The articles this map draws on.")

    class Meta:
        model = ArgumentMap
        fields = ["title", "description", "articles"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": "The question or thesis, e.g. “Were the strikes lawful?”"}
