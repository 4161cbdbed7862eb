from django.contrib import admin

from .models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["id", "map", "format", "status", "progress", "requested_by", "created_at"]
    list_filter = ["format", "status"]
    raw_id_fields = ["map", "requested_by"]
