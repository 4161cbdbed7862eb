from django.contrib import admin

from .models import Comment, Verdict


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "author", "link", "node", "created_at", "resolved_at",
                    "deleted_at"]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["map", "link", "node", "parent", "author"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "link", "reviewer", "value", "created_at"]
    list_filter = ["value"]
    raw_id_fields = ["map", "link", "reviewer"]
