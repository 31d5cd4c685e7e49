"""The staff groups and what they may do.

Talent Acquisition: everything on the recruitment models, except reading reasonable-
accommodation requests, which has a group of its own for the staff in charge of them.
Division focal point: no admin; the pool only (its pages check the focal-point link).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TALENT_ACQUISITION = "Talent Acquisition"
ACCOMMODATION = "Reasonable accommodation requests"
FOCAL_POINT = "Division focal point"
APPS = ["vacancies", "applicants", "eligibility", "outbox", "recruitment"]


def create_groups(apps, schema_editor):
    # permissions are normally created after migrations; the groups need them now
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    everything = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        codename="view_accommodation_request"
    )
    Group.objects.get_or_create(name=TALENT_ACQUISITION)[0].permissions.set(everything)
    Group.objects.get_or_create(name=ACCOMMODATION)[0].permissions.set(
        Permission.objects.filter(codename="view_accommodation_request")
    )
    Group.objects.get_or_create(name=FOCAL_POINT)[0].permissions.set(
        Permission.objects.filter(content_type__app_label="applicants", codename="view_poolentry")
    )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[TALENT_ACQUISITION, ACCOMMODATION, FOCAL_POINT]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0003_review_and_exports"),
        ("vacancies", "0004_focal_points_and_closing"),
        ("eligibility", "0001_assessments"),
        ("outbox", "0001_email"),
        ("recruitment", "0001_deadline_runs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
