import django_filters
from django.db.models import F, Q
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from legalmap.api import StrictSerializerMixin
from legalmap.authorities.api import IsStaffOrReadOnly

from . import services
from .models import MAX_ARTICLE_CHARS, Article


class ArticleSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    text = serializers.CharField(max_length=MAX_ARTICLE_CHARS, trim_whitespace=False,
                                 write_only=True)
    length = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "slug", "title", "publisher", "author", "published", "url", "text",
                  "sha256", "revision", "source", "length", "created_at", "updated_at"]
        read_only_fields = ["slug", "sha256", "revision", "source", "created_at", "updated_at"]

    def get_length(self, article) -> int:
        """Length of the text in code points: the range offsets live in."""
        return len(article.text)


class ArticleDetailSerializer(ArticleSerializer):
    text = serializers.CharField(read_only=True)


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search title, publisher and text")

    class Meta:
        model = Article
        fields = ["publisher", "source"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(text__icontains=value)
        )


class ArticleViewSet(viewsets.ModelViewSet):
    """Source texts. Everyone signed in reads them; instructors add and revise them."""

    filterset_class = ArticleFilter
    permission_classes = [permissions.IsAuthenticated, IsStaffOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # Undated articles last on every database (PostgreSQL sorts NULL first in DESC).
        return Article.objects.order_by(F("published").desc(nulls_last=True), "title", "id")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services.article_create(created_by=request.user, **serializer.validated_data)
        return Response(ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        serializer = self.get_serializer(article, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        article = services.article_update(article=article, **serializer.validated_data)
        return Response(ArticleDetailSerializer(article).data)
