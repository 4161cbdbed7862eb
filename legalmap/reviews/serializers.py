"""Shapes of the review API. Serializers validate shape; services decide."""

from rest_framework import serializers

from legalmap.api import StrictSerializerMixin
from legalmap.maps.models import Link, Node

from . import markdown
from .models import MAX_COMMENT_CHARS, Comment, Notification, ReviewRound, Verdict

IN_MAP = {"link": "Must be a link of this map.", "node": "Must be a node of this map.",
          "parent": "Must be a comment on this map."}


def _scoped(field: str, queryset, **kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, required=False, allow_null=True,
        error_messages={"does_not_exist": IN_MAP[field],
                        "incorrect_type": f"Must be a {field} id (an integer)."}, **kwargs)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body_html = serializers.SerializerMethodField(
        help_text="The body rendered from Markdown and sanitised; empty once deleted.")
    edited = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "link", "node", "target_label", "parent", "author", "body",
                  "body_html", "edited", "deleted", "resolved_at", "edited_at", "deleted_at",
                  "created_at"]
        read_only_fields = fields

    def get_body_html(self, comment) -> str:
        return markdown.render(comment.body)

    def get_edited(self, comment) -> bool:
        return comment.edited_at is not None

    def get_deleted(self, comment) -> bool:
        return comment.deleted_at is not None


class CommentCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    link = _scoped("link", Link.objects.none(),
                   help_text="The link commented on (or give `node`; a reply may omit both).")
    node = _scoped("node", Node.objects.none())
    parent = _scoped("parent", Comment.objects.none(),
                     help_text="The comment this one replies to (same map, same target).")
    body = serializers.CharField(max_length=MAX_COMMENT_CHARS, help_text="Markdown.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        argument_map = self.context.get("map")
        if argument_map is not None:
            # Ids from other maps read exactly like ids that do not exist.
            self.fields["link"].queryset = Link.objects.filter(map=argument_map).select_related(
                "source__authority", "target__authority")
            self.fields["node"].queryset = Node.objects.filter(map=argument_map)
            self.fields["parent"].queryset = Comment.objects.filter(map=argument_map)


class CommentEditSerializer(StrictSerializerMixin, serializers.Serializer):
    body = serializers.CharField(max_length=MAX_COMMENT_CHARS, help_text="Markdown.")


class VerdictSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    link = serializers.PrimaryKeyRelatedField(
        queryset=Link.objects.none(), allow_null=True,
        error_messages={"does_not_exist": IN_MAP["link"],
                        "incorrect_type": "Must be a link id (an integer)."})
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "link", "target_label", "reviewer", "value", "reason", "created_at"]
        read_only_fields = ["target_label", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        argument_map = self.context.get("map")
        if argument_map is not None:
            self.fields["link"].queryset = Link.objects.filter(map=argument_map).select_related(
                "source__authority", "target__authority")

    def validate_link(self, link):
        if link is None:
            raise serializers.ValidationError("This field is required.")
        return link


class RoundSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    finished_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReviewRound
        fields = ["number", "submitted_by", "submitted_at", "map_version", "finished_at",
                  "finished_by", "outcome", "note"]
        read_only_fields = fields


class RoundDetailSerializer(RoundSerializer):
    class Meta(RoundSerializer.Meta):
        fields = RoundSerializer.Meta.fields + ["snapshot"]
        read_only_fields = fields


class RoundSubmitSerializer(StrictSerializerMixin, serializers.Serializer):
    """Nothing to say when submitting: the map as it stands is what is submitted."""


class RoundFinishSerializer(StrictSerializerMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewRound.Outcome.choices)
    note = serializers.CharField(max_length=MAX_COMMENT_CHARS, required=False, allow_blank=True,
                                 default="", help_text="What the student should know.")


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ChangeListsSerializer(serializers.Serializer):
    added = ChangeSerializer(many=True)
    removed = ChangeSerializer(many=True)
    altered = ChangeSerializer(many=True)


class ChangesSerializer(serializers.Serializer):
    """Response shape of the changes endpoint (documentation only)."""

    since_round = serializers.IntegerField(allow_null=True)
    since_version = serializers.IntegerField(allow_null=True)
    until_version = serializers.IntegerField()
    nodes = ChangeListsSerializer()
    links = ChangeListsSerializer()


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    map_title = serializers.CharField(source="map.title", read_only=True)
    round = serializers.IntegerField(source="round.number", read_only=True, allow_null=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "verb", "actor", "map", "map_title", "comment", "round", "unread",
                  "created_at", "read_at"]
        read_only_fields = fields

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
