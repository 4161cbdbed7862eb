from django.contrib import admin

from .models import Analysis, Suggestion, SuggestionDismissal


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["article", "authority", "relation", "stance", "speaker", "confidence"]
    list_filter = ["relation", "stance"]
    raw_id_fields = ["article", "authority"]


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(admin.ModelAdmin):
    list_display = ["map", "article", "authority", "start", "end", "dismissed_by", "created_at"]
    raw_id_fields = ["map", "article", "authority", "dismissed_by"]


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ["article", "suggestions", "finished_at"]
    raw_id_fields = ["article"]
