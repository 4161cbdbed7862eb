"""API routes of reviews, included under ``api/`` by ``legalmap/urls.py``.

A SimpleRouter, not the DefaultRouter: the project's router already serves the API root.
"""

from rest_framework.routers import SimpleRouter

from .api import CommentViewSet, NotificationViewSet, RoundViewSet, VerdictViewSet

router = SimpleRouter()
router.register(r"maps/(?P<map_pk>\d+)/comments", CommentViewSet, basename="review-comment")
router.register(r"maps/(?P<map_pk>\d+)/verdicts", VerdictViewSet, basename="review-verdict")
router.register(r"maps/(?P<map_pk>\d+)/rounds", RoundViewSet, basename="review-round")
router.register(r"notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
