from django.contrib import admin
from django.urls import path, re_path

from photonix.accounts.login_limits import refuse_when_locked
from photonix.photos.views import face_thumbnail, thumbnail
from photonix.web import spa
from photonix.web.api import api, not_found

urlpatterns = [
    path("admin/login/", refuse_when_locked(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/", not_found),
    path("thumbnails/faces/<uuid:face_id>.<str:version>.jpg", face_thumbnail, name="face-thumbnail"),
    path("thumbnails/faces/<uuid:face_id>.jpg", face_thumbnail, name="face-thumbnail-latest"),
    path("thumbnails/<uuid:photo_id>/<str:size_name>.<str:version>.jpg", thumbnail, name="thumbnail"),
    path("thumbnails/<uuid:photo_id>/<str:size_name>.jpg", thumbnail, name="thumbnail-latest"),
    # Every other URL is a route of the web UI (photonix/web/spa.py).
    re_path(r"^(?!(?:api|admin|thumbnails|static)(?:/|$)).*$", spa.index, name="ui"),
]
