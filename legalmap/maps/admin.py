from django.contrib import admin

from .models import ArgumentMap, Event, Link, Membership, Node


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ArgumentMap)
class ArgumentMapAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "owner__username"]
    readonly_fields = ["version"]
    inlines = [MembershipInline]


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "kind", "stance", "speaker", "authority", "anchor_status"]
    list_filter = ["kind", "stance", "anchor_status"]
    search_fields = ["quote", "text", "speaker"]
    raw_id_fields = ["map", "article", "authority", "created_by"]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "source", "relation", "target", "target_link"]
    list_filter = ["relation"]
    raw_id_fields = ["map", "source", "target", "target_link", "created_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "map", "actor", "verb", "target_type", "target_id"]
    list_filter = ["verb"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False  # events are history: written by services only
