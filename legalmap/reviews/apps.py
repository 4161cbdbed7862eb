from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "legalmap.reviews"
    label = "reviews"
