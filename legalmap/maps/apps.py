from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "legalmap.maps"
    label = "maps"
