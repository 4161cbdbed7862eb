from django.urls import path

from . import thread_views, views

urlpatterns = [
    path("maps/<int:pk>/review/", views.review_page, name="map-review-page"),
    path("maps/<int:pk>/review/submit", views.map_submit, name="map-review-submit"),
    path("maps/<int:pk>/review/finish", views.round_finish, name="map-review-finish"),
    path("maps/<int:pk>/review/reviewers/", views.reviewer_add, name="map-reviewer-add"),
    path("maps/<int:pk>/review/reviewers/<int:membership_pk>/remove", views.reviewer_remove,
         name="map-reviewer-remove"),
    path("maps/<int:pk>/comments/", thread_views.comment_create, name="map-comment-create"),
    path("maps/<int:pk>/comments/<int:comment_pk>/edit", thread_views.comment_edit,
         name="map-comment-edit"),
    path("maps/<int:pk>/comments/<int:comment_pk>/delete", thread_views.comment_delete,
         name="map-comment-delete"),
    path("maps/<int:pk>/comments/<int:comment_pk>/resolve", thread_views.comment_resolve,
         name="map-comment-resolve"),
    path("maps/<int:pk>/comments/<int:comment_pk>/reopen", thread_views.comment_reopen,
         name="map-comment-reopen"),
    path("maps/<int:pk>/links/<int:link_pk>/verdict", thread_views.verdict_give,
         name="map-verdict-give"),
    path("notifications/", views.notifications_page, name="notifications-page"),
    path("notifications/read", views.notifications_read, name="notifications-read"),
]
