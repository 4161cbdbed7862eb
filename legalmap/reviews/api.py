"""REST endpoints of reviews. Thin: the map comes through the one door
(``get_map_for_user``: 404 invisible), services decide who may write (403) and what is
valid (400 naming the field); selectors read."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from legalmap.api import parse_if_match
from legalmap.http import ascii_int
from legalmap.maps.selectors import get_map_for_user

from . import selectors, services
from .models import Comment, Notification, ReviewRound, Verdict
from .serializers import (
    ChangesSerializer,
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    MarkedSerializer,
    NotificationSerializer,
    RoundDetailSerializer,
    RoundFinishSerializer,
    RoundSerializer,
    RoundSubmitSerializer,
    UnreadCountSerializer,
    VerdictSerializer,
)

OPTIONAL_IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Optional: the map's ETag you reviewed or are submitting. Stale: 412.",
)


def _optional_if_match(request, argument_map) -> int | None:
    if not request.headers.get("If-Match"):
        return None
    return parse_if_match(request, argument_map.version)


class MapReviewViewSet(viewsets.GenericViewSet):
    """Review objects of one map, fetched once through the one door (readers only)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.map = get_map_for_user(request.user, kwargs["map_pk"])

    def get_serializer_context(self):
        return super().get_serializer_context() | {"map": getattr(self, "map", None)}

    def _fake(self, model):
        # drf-spectacular builds the schema without a request or a map.
        return model.objects.none() if getattr(self, "swagger_fake_view", False) else None


@extend_schema_view(
    create=extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer}),
    partial_update=extend_schema(request=CommentEditSerializer,
                                 responses={200: CommentSerializer}),
)
class CommentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MapReviewViewSet):
    """Threads on a map's links and nodes. Members except viewers comment; authors edit
    and delete their own; the owner, reviewers and instructors resolve and reopen."""

    serializer_class = CommentSerializer
    filterset_fields = ["link", "node", "parent"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        fake = self._fake(Comment)
        return fake if fake is not None else selectors.comment_list(self.map)

    def get_object(self):
        comment = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        comment.map = self.map  # memberships already fetched: role checks cost nothing
        return comment

    def create(self, request, *args, **kwargs):
        serializer = CommentCreateSerializer(data=request.data,
                                             context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(argument_map=self.map, actor=request.user,
                                          **serializer.validated_data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        serializer = CommentEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_update(comment=comment, actor=request.user,
                                          body=serializer.validated_data["body"])
        return Response(CommentSerializer(comment).data)

    def destroy(self, request, *args, **kwargs):
        services.comment_delete(comment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: CommentSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, map_pk=None, pk=None):
        """Mark a thread (its first comment) resolved."""
        comment = services.comment_resolve(comment=self.get_object(), actor=request.user)
        return Response(CommentSerializer(comment).data)

    @extend_schema(request=None, responses={200: CommentSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, map_pk=None, pk=None):
        """Reopen a resolved thread."""
        comment = services.comment_reopen(comment=self.get_object(), actor=request.user)
        return Response(CommentSerializer(comment).data)


class VerdictViewSet(mixins.ListModelMixin, MapReviewViewSet):
    """Reviewers' verdicts on links. The list holds the verdict that counts (each
    reviewer's latest per link); ``history/`` every verdict ever given."""

    serializer_class = VerdictSerializer
    filterset_fields = ["link", "value"]

    def get_queryset(self):
        fake = self._fake(Verdict)
        if fake is not None:
            return fake
        if self.action == "history":
            return selectors.verdict_history(self.map)
        return selectors.verdict_latest(self.map)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verdict = services.verdict_give(argument_map=self.map, actor=request.user,
                                        **serializer.validated_data)
        return Response(self.get_serializer(verdict).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def history(self, request, map_pk=None):
        """Every verdict on the map, oldest first, including those on deleted links."""
        return self.list(request)


@extend_schema_view(
    create=extend_schema(request=RoundSubmitSerializer, parameters=[OPTIONAL_IF_MATCH],
                         responses={201: RoundDetailSerializer}),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MapReviewViewSet):
    """Review rounds. POST submits the map (a new round); ``<number>/finish/`` ends one."""

    serializer_class = RoundSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        fake = self._fake(ReviewRound)
        return fake if fake is not None else selectors.round_list(self.map)

    def get_serializer_class(self):
        return RoundDetailSerializer if self.action == "retrieve" else RoundSerializer

    def _done(self, review_round, code=status.HTTP_200_OK):
        response = Response(RoundDetailSerializer(review_round).data, status=code)
        response["ETag"] = self.map.etag  # the status change bumped the map's version
        return response

    def create(self, request, *args, **kwargs):
        RoundSubmitSerializer(data=request.data or {}).is_valid(raise_exception=True)
        review_round = services.map_submit(argument_map=self.map, actor=request.user,
                                           expected_version=_optional_if_match(request, self.map))
        return self._done(review_round, status.HTTP_201_CREATED)

    @extend_schema(request=RoundFinishSerializer, parameters=[OPTIONAL_IF_MATCH],
                   responses={200: RoundDetailSerializer})
    @action(detail=True, methods=["post"])
    def finish(self, request, map_pk=None, number=None):
        """Approve the map or request changes (reviewers and instructors)."""
        review_round = self.get_object()
        serializer = RoundFinishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_round = services.round_finish(
            argument_map=self.map, actor=request.user, number=review_round.number,
            expected_version=_optional_if_match(request, self.map), **serializer.validated_data)
        return self._done(review_round)

    @extend_schema(
        parameters=[OpenApiParameter(
            "since", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
            description="Compare against this round instead of your last one.")],
        responses={200: ChangesSerializer})
    @action(detail=False, methods=["get"])
    def changes(self, request, map_pk=None):
        """Nodes and links added, removed and altered since your last round (the last one
        you finished; failing that the last finished round), from the map's events."""
        since = ascii_int(request.query_params, "since")
        if since is None:
            return Response(selectors.changes_since_last_round(self.map, request.user))
        review_round = get_object_or_404(self.get_queryset(), number=since)
        return Response(selectors.changes_since(self.map, review_round))


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter(
    "unread", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False,
    description="Only unread notifications.")]))
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your notifications, newest first; mark them read one by one or all at once."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        notifications = selectors.notification_list(self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in {"true", "1"}:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object(),
                                                       actor=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notification_mark_all_read(actor=request.user)})

    @extend_schema(responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(request.user)})
