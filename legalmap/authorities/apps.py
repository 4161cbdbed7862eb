from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "legalmap.authorities"
    label = "authorities"
