from django.contrib import admin

from .models import Comment, Notification, ReviewRound, Verdict


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


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "number", "submitted_by", "submitted_at", "finished_by",
                    "finished_at", "outcome"]
    list_filter = ["outcome"]
    raw_id_fields = ["map", "submitted_by", "finished_by"]
    readonly_fields = ["snapshot"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "verb", "map", "created_at", "read_at", "emailed_at"]
    list_filter = ["verb"]
    raw_id_fields = ["recipient", "actor", "map", "comment", "round"]
