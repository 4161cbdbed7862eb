"""Suggestions over the API: list for an article (per map), accept, dismiss."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from legalmap.api import parse_if_match
from legalmap.articles.models import Article
from legalmap.maps import selectors
from legalmap.maps.api import IF_MATCH
from legalmap.maps.graph import OLD_RELATIONS, current_relation
from legalmap.maps.models import Node
from legalmap.maps.serializers import RelationField

from . import services
from .models import Relation, Suggestion

MAP_PARAM = OpenApiParameter("map", OpenApiTypes.INT, OpenApiParameter.QUERY,
                             description="Hide the suggestions dismissed in this map.")


class SuggestionSerializer(serializers.ModelSerializer):
    authority = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    authority_name = serializers.CharField(source="authority.short_name", read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "article", "authority", "authority_name", "start", "end", "quote",
                  "stance", "speaker", "relation", "confidence", "cues"]


# What an accept may send (the schema's SuggestionRelationInputEnum): the four, then the
# retired names, read as their successors for one release (issue 14) as the map API does.
RELATION_INPUT_VALUES = [*Relation.values, *OLD_RELATIONS]


class AcceptSerializer(serializers.Serializer):
    map = serializers.IntegerField()
    stance = serializers.ChoiceField(choices=Node.Stance.choices, required=False)
    speaker = serializers.CharField(required=False, allow_blank=True, max_length=200)
    # One of the four; `invokes`/`contests` arrive as `relies_on`/`disputes`.
    relation = RelationField(choices=Relation.choices, required=False)
    start = serializers.IntegerField(required=False, min_value=0)
    end = serializers.IntegerField(required=False, min_value=1)


class DismissSerializer(serializers.Serializer):
    map = serializers.IntegerField()


def _map_for(user, pk, article, *, write=False):
    """The map through the one door; an article the map does not draw on is a 404."""
    argument_map = selectors.get_map_for_user(user, pk, write=write)
    if not argument_map.articles.filter(pk=article.pk).exists():
        raise Http404("No such article in this map.")
    return argument_map


def _suggestion(article_pk, pk) -> Suggestion:
    return get_object_or_404(Suggestion.objects.select_related("article", "authority"),
                             pk=pk, article_id=article_pk)


@extend_schema(responses=SuggestionSerializer(many=True), parameters=[MAP_PARAM])
@api_view(["GET"])
def suggestion_list(request, article_pk):
    article = get_object_or_404(Article, pk=article_pk)
    argument_map = None
    if (map_pk := request.query_params.get("map")) is not None:
        argument_map = _map_for(request.user, map_pk, article)
    rows = services.suggestion_list(article=article, argument_map=argument_map)
    return Response(SuggestionSerializer(rows, many=True).data)


@extend_schema(request=AcceptSerializer, responses={201: OpenApiTypes.OBJECT},
               parameters=[IF_MATCH])
@api_view(["POST"])
def suggestion_accept(request, article_pk, pk):
    suggestion = _suggestion(article_pk, pk)
    data = AcceptSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    argument_map = _map_for(request.user, values.pop("map"), suggestion.article, write=True)
    expected = parse_if_match(request)
    passage = services.suggestion_accept(suggestion=suggestion, argument_map=argument_map,
                                         actor=request.user, expected_version=expected,
                                         **values)
    argument_map.refresh_from_db(fields=["version"])
    # The relation the link was made with, in the four's names whatever the request said.
    relation = current_relation(values.get("relation") or suggestion.relation)
    response = Response({"passage": passage.pk, "start": passage.start, "end": passage.end,
                         "quote": passage.quote, "relation": relation,
                         "version": argument_map.version},
                        status=status.HTTP_201_CREATED)
    response["ETag"] = argument_map.etag
    return response


@extend_schema(request=DismissSerializer, responses={200: OpenApiTypes.OBJECT})
@api_view(["POST"])
def suggestion_dismiss(request, article_pk, pk):
    suggestion = _suggestion(article_pk, pk)
    data = DismissSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    argument_map = _map_for(request.user, data.validated_data["map"], suggestion.article,
                            write=True)
    services.suggestion_dismiss(suggestion=suggestion, argument_map=argument_map,
                                actor=request.user)
    return Response({"dismissed": suggestion.pk, "map": argument_map.pk})
