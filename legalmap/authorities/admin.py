from django.contrib import admin

from .models import Authority, AuthorityRelation


class RelationInline(admin.TabularInline):
    model = AuthorityRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["slug", "short_name", "kind", "jurisdiction", "citation", "enacted_on",
                    "in_force_on", "verified"]
    list_filter = ["kind", "jurisdiction", "verified"]
    search_fields = ["slug", "name", "short_name", "citation"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "short_name", "kind", "jurisdiction", "citation",
                           "summary", "url", "aliases"]}),
        ("Dates", {"fields": [("enacted_on", "in_force_on"), ("designated_on", "ended_on")]}),
        ("Verification", {"fields": ["verified", "verification_note"]}),
    ]
    inlines = [RelationInline]


@admin.register(AuthorityRelation)
class AuthorityRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "relation", "target"]
    list_filter = ["relation"]
    autocomplete_fields = ["source", "target"]
