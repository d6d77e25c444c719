from django.contrib import admin
from django.urls import path

from photonix.photos.views import thumbnail
from photonix.web.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("thumbnails/<uuid:photo_id>/<str:size_name>.<str:version>.jpg", thumbnail, name="thumbnail"),
    path("thumbnails/<uuid:photo_id>/<str:size_name>.jpg", thumbnail, name="thumbnail-latest"),
]
