import json

import django_filters
from django.db.models import Q
from rest_framework import permissions, serializers, viewsets

from legalmap.api import StrictSerializerMixin

from .models import Authority, AuthorityRelation


class IsStaffOrReadOnly(permissions.BasePermission):
    """Everyone signed in reads the catalogue; instructors curate it."""

    message = "Only instructors may change this."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_staff


class RelationSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = AuthorityRelation
        fields = ["source", "relation", "target", "note"]


class AuthoritySerializer(StrictSerializerMixin, serializers.ModelSerializer):
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=100, required=False
    )

    class Meta:
        model = Authority
        fields = ["slug", "name", "short_name", "kind", "jurisdiction", "citation", "summary",
                  "url", "aliases", "verified", "verification_note",
                  "enacted_on", "in_force_on", "designated_on", "ended_on"]

    def validate(self, attrs):
        # The model's date-order constraints (in force after enacted, ended after both),
        # checked here so an instructor gets a 400 naming the field, not an IntegrityError.
        def day(field):
            return attrs[field] if field in attrs else getattr(self.instance, field, None)

        enacted, in_force, ended = day("enacted_on"), day("in_force_on"), day("ended_on")
        errors = {}
        if enacted and in_force and in_force < enacted:
            errors["in_force_on"] = ["Cannot be earlier than enacted_on."]
        begun = [d for d in (enacted, in_force) if d]
        if ended and begun and ended < max(begun):
            errors["ended_on"] = ["Cannot be earlier than enacted_on or in_force_on."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AuthorityDetailSerializer(AuthoritySerializer):
    relations = serializers.SerializerMethodField()

    class Meta(AuthoritySerializer.Meta):
        fields = AuthoritySerializer.Meta.fields + ["relations"]

    def get_relations(self, authority) -> list[dict]:
        relations = list(authority.relations_out.all()) + list(authority.relations_in.all())
        return RelationSerializer(relations, many=True).data


class AuthorityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search name, citation and aliases")

    class Meta:
        model = Authority
        fields = ["kind", "jurisdiction"]

    def search(self, queryset, name, value):
        # Aliases are a JSON list; matching its text form works on SQLite and PostgreSQL.
        # SQLite keeps that text ASCII-escaped ("\u00a7" for "§"), so also look for the
        # escaped spelling, or "§ 70503" and "can’t or won’t" would never be found there.
        escaped = json.dumps(value)[1:-1]
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value)
            | Q(citation__icontains=value) | Q(slug__icontains=value)
            | Q(aliases__icontains=value) | Q(aliases__icontains=escaped)
        )


class AuthorityViewSet(viewsets.ModelViewSet):
    """The catalogue of legal authorities. Looked up by slug."""

    lookup_field = "slug"
    filterset_class = AuthorityFilter
    permission_classes = [permissions.IsAuthenticated, IsStaffOrReadOnly]

    def get_queryset(self):
        queryset = Authority.objects.order_by("slug")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "relations_out__target", "relations_out__source",
                "relations_in__source", "relations_in__target",
            )
        return queryset

    def get_serializer_class(self):
        return AuthorityDetailSerializer if self.action == "retrieve" else AuthoritySerializer
