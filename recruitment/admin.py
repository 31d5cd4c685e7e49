from django.contrib import admin

from .models import DeadlineRun


@admin.register(DeadlineRun)
class DeadlineRunAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "step", "started_at", "completed_at", "screened", "pool_entries"]
    list_select_related = ["vacancy"]
    readonly_fields = [field.name for field in DeadlineRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what the job did, kept
