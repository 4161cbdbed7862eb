from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from legalmap.articles.api import ArticleViewSet
from legalmap.authorities.api import AuthorityViewSet
from legalmap.authtoken import TokenView
from legalmap.maps.api import LinkViewSet, MapViewSet, MembershipViewSet, NodeViewSet
from legalmap.maps.matrix import AuthorityMatrixView

router = DefaultRouter()
router.register("authorities", AuthorityViewSet, basename="authority")
router.register("articles", ArticleViewSet, basename="article")
router.register("maps", MapViewSet, basename="map")
router.register(r"maps/(?P<map_pk>\d+)/members", MembershipViewSet, basename="membership")
router.register(r"maps/(?P<map_pk>\d+)/nodes", NodeViewSet, basename="node")
router.register(r"maps/(?P<map_pk>\d+)/links", LinkViewSet, basename="link")

urlpatterns = [
    path("", include("legalmap.web.urls")),
    path("", include("legalmap.maps.urls")),
    path("", include("legalmap.authorities.urls")),
    path("", include("legalmap.articles.urls")),
    path("", include("legalmap.exports.urls")),
    path("", include("legalmap.reviews.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/authority-matrix/", AuthorityMatrixView.as_view(), name="authority-matrix"),
    path("api/", include("legalmap.reviews.urls_api")),
    path("api/", include("legalmap.analysis.urls_api")),
    # Before the router: its maps/<pk>/ would otherwise swallow maps/import/.
    path("api/", include("legalmap.exports.urls_api")),
    path("api/", include(router.urls)),
]

# A malformed parameter (legalmap.http) or an oversized form: say what was wrong.
handler400 = "legalmap.web.errors.bad_request"
