"""The web UI's timeline on a big library, in headless Chromium (Playwright, Debian's chromium).

Makes a throw-away DATA_DIR with a SQLite database of N photos (default 100,000) spread over
twenty years, each with one file row and a 256 px cover thumbnail (one JPEG, symlinked for every
photo: "thumbnail files may be shared"), starts gunicorn on it and prints:

- **first thumbnails**: from navigating to `/` (signed in, nothing cached in the browser, the
  server warmed up by the sign-in) until every tile on the first screen shows its loaded thumbnail;
- **JavaScript before the first thumbnail**: the scripts loaded by then, gzip-compressed;
- **grid DOM nodes**: elements in the grid at the top, and after scrolling 10,000 rows down;
- **scrubber jump**: from pressing End on the scrubber until the oldest month's heading is on
  screen and its tiles show their thumbnails.

    .venv/bin/python bench/ui.py [--photos 100000] [--redis redis://127.0.0.1:6379/6]

Needs the built UI (scripts/build_ui.sh), Redis, and /usr/bin/chromium. Uses Redis database 6 (for
login limits and locks; never database 0) and removes its DATA_DIR at the end.
"""

import argparse
import gzip
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TILES_LOADED = """() => {
  const tiles = [...document.querySelectorAll('.grid a.tile img')].filter((img) => {
    const box = img.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  });
  return tiles.length > 0 && tiles.every((img) => img.complete && img.naturalWidth > 0);
}"""
GRID_NODES = "document.querySelectorAll('.grid *').length"


def make_library(count):
    """The user "bench" (password "bench-password") and a library of ``count`` photos."""
    from django.contrib.auth import get_user_model
    from PIL import Image

    from photonix.photos.models import Library, LibraryUser, Photo, PhotoFile
    from photonix.photos.processing import configured_sizes
    from photonix.photos.utils.paths import thumbnail_path

    user = get_user_model().objects.create_user("bench", password="bench-password")
    library = Library.objects.create(name="Bench")
    LibraryUser.objects.create(library=library, user=user, owner=True)
    cover = next(s for s in configured_sizes() if s.name.startswith("256x256"))
    source = Path(os.environ["DATA_DIR"]) / "cover.jpg"
    Image.new("RGB", (256, 256), (70, 120, 180)).save(source, quality=50)
    newest = datetime(2025, 12, 31, 12, tzinfo=UTC)
    step = timedelta(days=20 * 365) / count
    for start in range(0, count, 10_000):
        times = [newest - step * n for n in range(start, min(count, start + 10_000))]
        photos = Photo.objects.bulk_create(Photo(library=library, taken_at=t, sort_at=t) for t in times)
        files = PhotoFile.objects.bulk_create(
            PhotoFile(
                photo=photo,
                path=f"/bench/{start + n}.jpg",
                width=640,
                height=480,
                bytes=100_000,
                mimetype="image/jpeg",
                file_modified_at=photo.taken_at,
            )
            for n, photo in enumerate(photos)
        )
        for photo_file in files:
            path = thumbnail_path(photo_file, cover)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(source)
    return newest - step * (count - 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    if not (ROOT / "ui" / "dist" / "index.html").is_file():
        sys.exit("The UI is not built: run scripts/build_ui.sh first.")

    data_dir = tempfile.mkdtemp(prefix="photonix-bench-ui-")
    os.environ.update(DJANGO_SETTINGS_MODULE="photonix.web.settings", DATA_DIR=data_dir, REDIS_URL=args.redis)
    os.environ.pop("DATABASE_URL", None)  # always the embedded SQLite default, in the temporary folder
    import django

    django.setup()
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.processes import start_web_server

    server = None
    try:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        oldest = make_library(args.photos)
        print(f"made {args.photos} photos with files and thumbnails in {time.perf_counter() - started:.1f}s")
        server = start_web_server(workers=1, threads=8, env=dict(os.environ))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
            context.route("**/*", lambda route: route.continue_())  # a routed context has no HTTP cache
            login = context.new_page()
            login.goto("/login")
            login.get_by_label("Username").fill("bench")
            login.get_by_label("Password").fill("bench-password")
            login.get_by_role("button", name="Sign in").click()
            login.wait_for_url("**/")
            login.wait_for_function(TILES_LOADED, polling=50, timeout=60_000)  # a warm server: modules imported
            login.close()

            scripts = {}
            fresh = context.new_page()  # signed in, nothing loaded yet
            fresh.on("response", lambda r: r.request.resource_type == "script" and scripts.setdefault(r.url, r))
            started = time.perf_counter()
            fresh.goto("/")
            fresh.wait_for_function(TILES_LOADED, polling=50, timeout=60_000)
            first = time.perf_counter() - started
            js = sum(len(gzip.compress(r.body())) for r in scripts.values())
            print(f"first screen of thumbnails: {first:.2f}s")
            print(f"JavaScript before the first thumbnail: {js / 1024:.1f} KB gzip in {len(scripts)} file(s)")
            print(f"grid DOM nodes at the top: {fresh.evaluate(GRID_NODES)}")

            row = fresh.evaluate("document.querySelector('.grid a.tile').offsetHeight + 4")
            fresh.evaluate(f"window.scrollBy(0, {row} * 10000)")
            fresh.wait_for_function(TILES_LOADED, polling=50, timeout=60_000)
            print(f"grid DOM nodes after scrolling 10,000 rows: {fresh.evaluate(GRID_NODES)}")

            fresh.get_by_role("slider", name="Jump to a month").focus()
            month = oldest.strftime("%B %Y")
            started = time.perf_counter()
            fresh.keyboard.press("End")
            fresh.get_by_role("heading", name=month).wait_for()
            fresh.wait_for_function(TILES_LOADED, polling=50, timeout=60_000)
            print(f"scrubber jump to the oldest month ({month}): {time.perf_counter() - started:.2f}s")
            print(f"grid DOM nodes there: {fresh.evaluate(GRID_NODES)}")
            browser.close()
    finally:
        if server:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
