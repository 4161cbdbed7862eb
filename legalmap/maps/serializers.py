from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from legalmap.api import StrictSerializerMixin
from legalmap.articles.models import Article
from legalmap.authorities.models import Authority

from .graph import OLD_RELATIONS
from .models import ArgumentMap, Link, Membership, Node


class RelationField(serializers.ChoiceField):
    """A link's relation, or one of ``choices`` when given (a suggestion's four). For one
    release (issue 14) it also takes the retired names: ``invokes`` is read as ``relies_on``
    and ``contests`` as ``disputes``; answers always carry the new names."""

    def __init__(self, *, choices=None, **kwargs):
        super().__init__(choices=Link.Relation.choices if choices is None else choices,
                         **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and data in OLD_RELATIONS:
            data = OLD_RELATIONS[data]
        return super().to_internal_value(data)


RELATION_HELP = (
    "supports, attacks, undercuts (a link's inference), or how a passage or claim uses an "
    "authority: relies_on (\"relies on\"), violates (\"says violates\"), disputes (\"disputes "
    "applicability\"), complies (\"says complies\").")


# What a request may send (the schema's LinkRelationInputEnum): the relations, then the
# retired names.
RELATION_INPUT_VALUES = [*Link.Relation.values, *OLD_RELATIONS]


class RelationFieldExtension(OpenApiSerializerFieldExtension):
    """The schema says both: requests may use the retired names, responses never do."""

    target_class = RelationField

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices  # {value: label}
        values = list(choices)
        if values == list(Link.Relation.values):
            words = RELATION_HELP
        else:
            words = "One of " + ", ".join(f'{value} ("{label}")'
                                          for value, label in choices.items()) + "."
        if direction == "response":
            return {"type": "string", "enum": values, "description": words}
        old = {name: new for name, new in OLD_RELATIONS.items() if new in choices}
        return {"type": "string", "enum": [*values, *old],
                "description": words + " Deprecated, accepted until the next release: "
                + ", ".join(f"{name} (read as {new})" for name, new in old.items()) + "."}


class NodeSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), required=False, allow_null=True,
        error_messages={"does_not_exist": "No article with id {pk_value}."},
    )
    authority = serializers.SlugRelatedField(
        slug_field="slug", queryset=Authority.objects.all(), required=False, allow_null=True,
        error_messages={"does_not_exist": "No authority with slug '{value}'."},
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Node
        fields = ["id", "kind", "article", "start", "end", "quote", "prefix", "suffix",
                  "stance", "speaker", "anchor_status", "authority", "text",
                  "created_by", "created_at", "updated_at"]
        read_only_fields = ["prefix", "suffix", "anchor_status", "created_at", "updated_at"]
        extra_kwargs = {"start": {"max_value": 10**9}, "end": {"max_value": 10**9}}


class LinkSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    MUST_BE_IN_MAP = {"does_not_exist": "Must be a node of this map.",
                      "incorrect_type": "Must be a node id (an integer)."}
    source = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), error_messages=MUST_BE_IN_MAP)
    target = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), required=False, allow_null=True,
        error_messages=MUST_BE_IN_MAP)
    target_link = serializers.PrimaryKeyRelatedField(
        queryset=Link.objects.none(), required=False, allow_null=True,
        error_messages={"does_not_exist": "Must be a link of this map.",
                        "incorrect_type": "Must be a link id (an integer)."})
    relation = RelationField()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Link
        fields = ["id", "source", "relation", "target", "target_link", "rationale",
                  "created_by", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # DRF would turn the conditional unique constraints into validators that make
        # `target` and `target_link` both required; the service checks duplicates instead.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        argument_map = self.context.get("map")
        if argument_map is not None:
            # Ids from other maps read exactly like ids that do not exist.
            self.fields["source"].queryset = Node.objects.filter(map=argument_map)
            self.fields["target"].queryset = Node.objects.filter(map=argument_map)
            self.fields["target_link"].queryset = Link.objects.filter(map=argument_map)


@extend_schema_field(OpenApiTypes.STR)
class UserField(serializers.RelatedField):
    """A user named by username or email address."""

    default_error_messages = {"does_not_exist": "No user with username or email '{value}'."}

    def get_queryset(self):
        return get_user_model().objects.filter(is_active=True)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip():
            self.fail("does_not_exist", value=data)
        value = data.strip()
        users = list(self.get_queryset().filter(Q(username=value) | Q(email__iexact=value))[:2])
        if len(users) != 1:
            self.fail("does_not_exist", value=value)
        return users[0]

    def to_representation(self, value):
        return value.username


class MembershipSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    user = UserField()

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "created_at"]
        read_only_fields = ["created_at"]


class MapSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    articles = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), many=True, required=False,
        error_messages={"does_not_exist": "No article with id {pk_value}."},
    )
    node_count = serializers.IntegerField(read_only=True)
    link_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ArgumentMap
        fields = ["id", "title", "description", "owner", "status", "version", "articles",
                  "node_count", "link_count", "created_at", "updated_at"]
        read_only_fields = ["status", "version", "created_at", "updated_at"]


class MapDetailSerializer(MapSerializer):
    role = serializers.CharField(source="user_role", read_only=True)
    members = MembershipSerializer(source="memberships", many=True, read_only=True)
    nodes = NodeSerializer(many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)

    class Meta(MapSerializer.Meta):
        fields = [f for f in MapSerializer.Meta.fields if not f.endswith("_count")] + [
            "role", "members", "nodes", "links"]
