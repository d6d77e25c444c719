"""Thumbnails made on request under load: real gunicorn (2 processes x 10 threads), real HTTP requests from threads.

Decodes are counted from the server's own log ("Made the <size> thumbnail of photo file <id> in <s> s").
"""

import re
import threading
from datetime import datetime, timedelta
from io import BytesIO
from itertools import pairwise

import pytest
import requests
from django.test import Client
from PIL import Image

from photonix.photos.importing import record_photo
from photonix.photos.utils.paths import thumbnail_url
from tests.factories import make_jpeg
from tests.processes import process_env, start_web_server

pytestmark = pytest.mark.django_db(transaction=True)

VIEW_4K = "3840x3840_contain_q75"
MADE = re.compile(r"^(\S+ \S+) INFO \S+: Made the (\S+) thumbnail of photo file (\S+) in ([\d.]+) s$", re.MULTILINE)


@pytest.fixture
def web_server():
    """Start gunicorn as in the Procfile, with threads; ``web_server(workers, **env)`` returns its base URL."""
    servers = []

    def start(workers=2, **env):
        servers.append(start_web_server(workers, env=process_env(**env)))
        return servers[-1]

    yield start
    for proc in servers:
        proc.stop()


@pytest.fixture
def session(library, django_user_model):
    """The session cookie of alice, a member of the library, as her browser would send it."""
    client = Client()
    client.force_login(django_user_model.objects.get(username="alice"))
    return {"sessionid": client.cookies["sessionid"].value}


def get_all(urls, cookies):
    """GET every URL at once, one thread each (released together); the responses, in order."""
    barrier = threading.Barrier(len(urls))
    responses = [None] * len(urls)

    def get(n):
        barrier.wait()
        responses[n] = requests.get(urls[n], cookies=cookies, timeout=120)

    threads = [threading.Thread(target=get, args=(n,)) for n in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def image_size(response):
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"] == "image/jpeg"
    image = Image.open(BytesIO(response.content))
    image.load()
    return image.size


def test_twenty_requests_for_the_4k_size_of_one_photo_decode_it_once(library, session, web_server):
    photo = record_photo(make_jpeg(library.folder / "big.jpg", size=(6000, 4000)), library)
    server = web_server(workers=2)

    responses = get_all([server.url + thumbnail_url(photo, VIEW_4K)] * 20, session)

    assert [image_size(response) for response in responses] == [(3840, 2560)] * 20
    made = MADE.findall(server.output())
    assert [(size, photo_file) for _, size, photo_file, _ in made] == [(VIEW_4K, str(photo.base_file.pk))]


def test_a_web_process_decodes_at_most_the_configured_number_at_once(library, session, web_server):
    """Four photos asked for at once from one process allowed one decode at a time: the decodes, as the
    server logged them (end time and duration), follow one another."""
    photos = [
        record_photo(
            make_jpeg(library.folder / f"big-{n}.jpg", size=(6000, 4000), taken_at=f"2024:01:0{n + 1} 10:00:00"),
            library,
        )
        for n in range(4)
    ]
    server = web_server(workers=1, THUMBNAIL_ON_DEMAND_CONCURRENCY=1, THUMBNAIL_ON_DEMAND_WAIT=120)

    responses = get_all([server.url + thumbnail_url(photo, VIEW_4K) for photo in photos], session)

    assert [image_size(response) for response in responses] == [(3840, 2560)] * 4
    made = MADE.findall(server.output())
    assert len(made) == 4
    intervals = []
    for logged_at, _, _, seconds in made:
        end = datetime.strptime(logged_at, "%Y-%m-%d %H:%M:%S,%f")
        intervals.append((end - timedelta(seconds=float(seconds)), end))
    intervals.sort()
    tolerance = timedelta(milliseconds=20)  # the log's time is taken just after the duration
    assert all(later[0] >= earlier[1] - tolerance for earlier, later in pairwise(intervals)), intervals
