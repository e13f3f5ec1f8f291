"""`/posts/…`: a post's page and its likes, comments, shares and reports (reverse as `social_posts:<name>`)."""

from django.urls import path

from lapak.social import views_posts

app_name = "social_posts"

urlpatterns = [
    path("<str:post_id>/", views_posts.post_page, name="post"),
    path("<str:post_id>/like/", views_posts.like_toggle, name="like"),
    path("<str:post_id>/comments/", views_posts.comments, name="comments"),
    path("<str:post_id>/share/", views_posts.share, name="share"),
    path("<str:post_id>/report/", views_posts.report, name="report"),
]
