from django.contrib import admin

from .models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["article", "authority", "relation", "stance", "speaker", "confidence"]
    list_filter = ["relation", "stance"]
    raw_id_fields = ["article", "authority"]
