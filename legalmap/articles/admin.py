from django.contrib import admin

from .models import Article, ArticleRevision


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ["number", "sha256", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "revision", "source"]
    list_filter = ["source", "publisher"]
    search_fields = ["title", "publisher", "author"]
    readonly_fields = ["sha256", "revision"]
    inlines = [RevisionInline]
