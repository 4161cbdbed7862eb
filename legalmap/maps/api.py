"""REST endpoints for maps and what is in them. Thin: the selectors guard, services write."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from legalmap.api import parse_if_match

from . import selectors, services
from .graph import OLD_RELATIONS
from .models import Link, Membership, Node
from .serializers import (
    LinkSerializer,
    MapDetailSerializer,
    MapSerializer,
    MembershipSerializer,
    NodeSerializer,
)

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="The map's current ETag. Missing: 428. Stale: 412.",
)
WRITE_SCHEMA = extend_schema(parameters=[IF_MATCH])


class SVGRenderer(renderers.BaseRenderer):
    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("utf-8")
        # Errors (404, 403) arrive as dicts: say them in a tiny SVG rather than fail.
        from django.utils.html import escape

        detail = escape(str(data.get("detail", data))) if isinstance(data, dict) else ""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
                f'<text x="4" y="24">{detail}</text></svg>').encode()


def _with_etag(response, argument_map):
    response["ETag"] = argument_map.etag
    return response


@extend_schema_view(update=WRITE_SCHEMA, partial_update=WRITE_SCHEMA, destroy=WRITE_SCHEMA)
class MapViewSet(viewsets.ModelViewSet):
    """Argument maps the user owns, is a member of, or (instructors) any map."""

    serializer_class = MapSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.map_list(self.request.user)

    def get_serializer_class(self):
        return MapDetailSerializer if self.action == "retrieve" else MapSerializer

    def get_object(self):
        write = self.action in {"update", "partial_update"}
        manage = self.action == "destroy"
        queryset = selectors.map_detail_queryset() if self.action == "retrieve" else None
        return selectors.get_map_for_user(
            self.request.user, self.kwargs["pk"], write=write, manage=manage, queryset=queryset
        )

    def retrieve(self, request, *args, **kwargs):
        argument_map = self.get_object()
        if request.headers.get("If-None-Match") == argument_map.etag:
            return _with_etag(Response(status=status.HTTP_304_NOT_MODIFIED), argument_map)
        return _with_etag(Response(self.get_serializer(argument_map).data), argument_map)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        argument_map = services.map_create(owner=request.user, **serializer.validated_data)
        argument_map.node_count = argument_map.link_count = 0
        return _with_etag(
            Response(MapSerializer(argument_map).data, status=status.HTTP_201_CREATED),
            argument_map,
        )

    def update(self, request, *args, **kwargs):
        argument_map = self.get_object()
        expected = parse_if_match(request, argument_map.version)
        serializer = self.get_serializer(
            argument_map, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        services.map_update(argument_map=argument_map, actor=request.user,
                            expected_version=expected, **serializer.validated_data)
        argument_map = self.get_queryset().get(pk=argument_map.pk)
        return _with_etag(Response(MapSerializer(argument_map).data), argument_map)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def evaluation(self, request, pk=None):
        """Grounded labels (IN / OUT / UNDEC), preferred-semantics acceptance, diagnostics."""
        from . import reasoning

        argument_map = selectors.get_map_for_user(request.user, pk)
        evaluation = reasoning.evaluate(selectors.map_graph(argument_map))
        return _with_etag(Response(evaluation.to_dict()), argument_map)

    @extend_schema(responses={(200, "image/svg+xml"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"], renderer_classes=[SVGRenderer])
    def diagram(self, request, pk=None):
        """The map drawn by Graphviz, coloured by the grounded labelling (SVG), with the
        review marks the map page shows: links with open threads, each reviewer's latest
        verdict."""
        from legalmap.reviews.selectors import diagram_marks

        from . import reasoning

        argument_map = selectors.get_map_for_user(request.user, pk)
        graph = selectors.map_graph(argument_map)
        evaluation = reasoning.evaluate(graph, preferred=False)
        svg = selectors.map_svg(argument_map, graph, evaluation.labels, evaluation.link_labels,
                                **diagram_marks(argument_map))
        return _with_etag(Response(svg), argument_map)

    def destroy(self, request, *args, **kwargs):
        argument_map = self.get_object()
        services.map_delete(argument_map=argument_map, actor=request.user,
                            expected_version=parse_if_match(request, argument_map.version))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MapScopedViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet,
):
    """Objects inside one map; the map is fetched once, through the one door."""

    # PATCH only: a node never changes kind and a link never changes ends, so a PUT of
    # the whole object could only ever restate them.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    manage_to_write = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        write = request.method not in ("GET", "HEAD", "OPTIONS")
        self.map = selectors.get_map_for_user(
            request.user, kwargs["map_pk"], write=write, manage=write and self.manage_to_write
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"map": getattr(self, "map", None)}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "map", None) is not None and response.status_code < 400:
            response["ETag"] = self.map.etag
        return response

    def perform_create(self, serializer):
        serializer.instance = self.create_object(serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self.update_object(serializer.instance, serializer.validated_data)

    def create(self, request, *args, **kwargs):
        self.expected_version = parse_if_match(request, self.map.version)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.expected_version = parse_if_match(request, self.map.version)
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        self.expected_version = parse_if_match(request, self.map.version)
        return super().destroy(request, *args, **kwargs)


@extend_schema_view(create=WRITE_SCHEMA, update=WRITE_SCHEMA, partial_update=WRITE_SCHEMA,
                    destroy=WRITE_SCHEMA)
class MembershipViewSet(MapScopedViewSet):
    """People on a map and their role. The owner and instructors manage them."""

    serializer_class = MembershipSerializer
    manage_to_write = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return Membership.objects.none()
        return Membership.objects.filter(map=self.map).select_related("user").order_by("id")

    def create_object(self, data):
        return services.membership_create(argument_map=self.map, actor=self.request.user,
                                          expected_version=self.expected_version, **data)

    def update_object(self, membership, data):
        return services.membership_update(
            membership=membership, role=data.get("role", membership.role),
            actor=self.request.user, expected_version=self.expected_version)

    def perform_destroy(self, membership):
        services.membership_delete(membership=membership, actor=self.request.user,
                                   expected_version=self.expected_version)


@extend_schema_view(create=WRITE_SCHEMA, update=WRITE_SCHEMA, partial_update=WRITE_SCHEMA,
                    destroy=WRITE_SCHEMA)
class NodeViewSet(MapScopedViewSet):
    """Passages, authorities and claims of a map."""

    serializer_class = NodeSerializer
    filterset_fields = ["kind", "stance", "article", "authority__slug"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return Node.objects.none()
        return Node.objects.filter(map=self.map).select_related(
            "authority", "created_by").order_by("id")

    def create_object(self, data):
        return services.node_create(argument_map=self.map, actor=self.request.user,
                                    expected_version=self.expected_version, **data)

    def update_object(self, node, data):
        node.map = self.map
        return services.node_update(node=node, actor=self.request.user,
                                    expected_version=self.expected_version, **data)

    def perform_destroy(self, node):
        node.map = self.map
        services.node_delete(node=node, actor=self.request.user,
                             expected_version=self.expected_version)


class LinkFilter(django_filters.FilterSet):
    # `?relation=invokes` / `contests` still filter, by the new names, for one release.
    relation = django_filters.ChoiceFilter(
        choices=Link.Relation.choices + [(old, old) for old in OLD_RELATIONS],
        method="by_relation")

    class Meta:
        model = Link
        fields = ["relation", "source", "target"]

    def by_relation(self, queryset, name, value):
        return queryset.filter(relation=OLD_RELATIONS.get(value, value))


@extend_schema_view(create=WRITE_SCHEMA, update=WRITE_SCHEMA, partial_update=WRITE_SCHEMA,
                    destroy=WRITE_SCHEMA)
class LinkViewSet(MapScopedViewSet):
    """Supports, attacks and undercuts between a map's nodes, and how passages and claims use
    authorities: relies_on, violates, disputes, complies (`invokes` and `contests`, the
    names these replace, are still accepted for one release and answered with the new
    names: relies_on and disputes)."""

    serializer_class = LinkSerializer
    filterset_class = LinkFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return Link.objects.none()
        return Link.objects.filter(map=self.map).select_related("created_by").order_by("id")

    def create_object(self, data):
        return services.link_create(argument_map=self.map, actor=self.request.user,
                                    expected_version=self.expected_version, **data)

    def update_object(self, link, data):
        link.map = self.map
        return services.link_update(link=link, actor=self.request.user,
                                    expected_version=self.expected_version, **data)

    def perform_destroy(self, link):
        link.map = self.map
        services.link_delete(link=link, actor=self.request.user,
                             expected_version=self.expected_version)

