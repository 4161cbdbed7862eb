"""Instructors curate everything in the admin: every model's list and add pages open."""

import pytest
from django.contrib import admin
from django.urls import reverse

MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    # Third-party admins: django-axes refuses "add" on purpose (attempts are recorded,
    # not typed in); instructors use its list to unlock an account.
    if model._meta.app_label not in {"auth", "authtoken", "axes"}
)


@pytest.mark.parametrize(("app", "model"), MODELS, ids=[f"{a}.{m}" for a, m in MODELS])
def test_an_instructor_opens_the_admin_list_and_add_page(world, client, app, model):
    world["instructor"].is_superuser = True
    world["instructor"].save()
    client.force_login(world["instructor"])
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    add = client.get(reverse(f"admin:{app}_{model}_add"))
    # Events are history written by the services: nobody adds one by hand.
    assert (changelist.status_code, add.status_code) == (200, 403 if model == "event" else 200)


def test_every_legalmap_model_is_in_the_admin():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m.__module__.startswith("legalmap.")}
    inlined = {"articlerevision", "membership"}
    missing = {m._meta.model_name for m in ours if m not in admin.site._registry} - inlined
    assert missing == set()
