"""`/studio/posts/…`: a creator's own posts (reverse as `social_studio_posts:<name>`)."""

from django.urls import path

from lapak.social import views_studio_posts

app_name = "social_studio_posts"

urlpatterns = [
    path("", views_studio_posts.my_posts, name="list"),
    path("new/", views_studio_posts.new_post, name="new"),
    path("<str:post_id>/publish/", views_studio_posts.publish, name="publish"),
    path("<str:post_id>/delete/", views_studio_posts.delete, name="delete"),
]
