"""photonix.photos.utils.metadata: the values read from real and generated photos, and the shared exiftool.

The real photos come from ../shared/fixtures/photos (the ``fixture_photos`` fixture skips when it is absent);
everything else is made here with tests/factories.py (JPEGs with piexif EXIF, a DNG, a HEIC) and exiftool
(XMP). No database or Celery is needed.
"""

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import piexif
import pytest

from photonix.photos.utils import metadata
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.metadata import PhotoMetadata, parse_datetime, read_metadata, single_argument
from tests.factories import make_dng, make_heic, make_jpeg
from tests.sandbox import error_from_unreadable_copy

SMALL = (40, 30)


def mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)


def gps(degrees: int, minutes: int, hundredths_of_seconds: int) -> tuple:
    return ((degrees, 1), (minutes, 1), (hundredths_of_seconds, 100))


# The real photos


def test_snow_phone_photo(fixture_photos):
    meta = read_metadata(fixture_photos / "snow.jpg")
    assert meta.mimetype == "image/jpeg"
    assert (meta.width, meta.height) == (800, 600)
    assert meta.taken_at == datetime(2018, 2, 28, 7, 16, 25, tzinfo=UTC)
    assert (meta.camera_make, meta.camera_model) == ("Xiaomi", "MI 5")
    assert meta.iso_speed == 100
    assert meta.aperture == Decimal("2.0")
    assert meta.exposure == "1/1124"
    assert meta.focal_length == Decimal("4.3")
    assert meta.flash is False
    assert (meta.latitude, meta.longitude, meta.altitude) == (None, None, None)
    assert meta.rotation == 0
    assert meta.subjects == ()


def test_tree_phone_photo_is_on_santorini(fixture_photos):
    meta = read_metadata(fixture_photos / "tree.jpg")
    # 36 deg 21' 49.63" N, 25 deg 28' 42.46" E: near Fira, with seconds / 3600 (the original divided by 6000).
    assert meta.latitude == pytest.approx(36 + 21 / 60 + 49.63 / 3600)
    assert meta.longitude == pytest.approx(25 + 28 / 60 + 42.46 / 3600)
    assert meta.altitude == 407.0
    assert meta.taken_at == datetime(2018, 7, 3, 12, 29, 21, tzinfo=UTC)
    assert (meta.camera_make, meta.camera_model) == ("Xiaomi", "MI 5")


def test_invalid_utf8_artist_is_dropped_not_fatal(fixture_photos):
    # The EXIF Artist is the bytes 0xFF 0xFF: undecodable bytes are dropped, which leaves no artist.
    meta = read_metadata(fixture_photos / "invalid_utf8.jpg")
    assert meta.taken_by is None
    assert meta.mimetype == "image/jpeg"
    assert (meta.width, meta.height) == (8, 8)
    assert meta.taken_at == datetime(2000, 1, 1, tzinfo=UTC)


def test_slash_formatted_date_is_parsed(fixture_photos):
    # CreateDate is "2000/01/01 00:00:00".
    assert read_metadata(fixture_photos / "bad_date.jpg").taken_at == datetime(2000, 1, 1, tzinfo=UTC)


def test_unreadable_date_falls_back_to_the_file_mtime(fixture_photos):
    # CreateDate is "200X:0X:0X 0X:0X:0X".
    path = fixture_photos / "unreadable_date.jpg"
    assert read_metadata(path).taken_at == mtime(path)


def test_cmyk_tiff(fixture_photos):
    meta = read_metadata(fixture_photos / "cmyk.tif")
    assert (meta.mimetype, meta.width, meta.height, meta.rotation) == ("image/tiff", 8, 8, 0)


@pytest.mark.parametrize("name", ["photo_no_metadata_1.jpg", "photo_no_metadata_2.jpg"])
def test_photo_without_metadata(fixture_photos, name):
    path = fixture_photos / name
    assert read_metadata(path) == PhotoMetadata(
        mimetype="image/jpeg",
        width=8,
        height=8,
        taken_at=mtime(path),
        taken_by=None,
        camera_make=None,
        camera_model=None,
        lens=None,
        latitude=None,
        longitude=None,
        altitude=None,
        aperture=None,
        exposure=None,
        iso_speed=None,
        focal_length=None,
        flash=None,
        metering_mode=None,
        drive_mode=None,
        shooting_mode=None,
        star_rating=None,
        rotation=0,
        subjects=(),
    )


def test_every_fixture_photo_is_read(fixture_photos):
    files = sorted(path for path in fixture_photos.rglob("*") if path.is_file())
    assert len(files) >= 9
    for path in files:
        meta = read_metadata(path)
        assert meta.mimetype in ("image/jpeg", "image/tiff"), path.name
        assert meta.width > 0 and meta.height > 0, path.name
        assert meta.taken_at.tzinfo is UTC, path.name
        assert meta.rotation == 0, path.name


# Generated photos


def test_full_exif_and_gps(tmp_path):
    path = make_jpeg(
        tmp_path / "full.jpg",
        SMALL,
        make="Canon",
        model="Canon EOS 5D",
        orientation=6,
        raw_exif={
            "0th": {piexif.ImageIFD.Artist: b"Jane Doe"},
            "Exif": {
                piexif.ExifIFD.DateTimeOriginal: b"2019:05:04 13:14:15",
                piexif.ExifIFD.OffsetTimeOriginal: b"+02:00",
                piexif.ExifIFD.FNumber: (28, 10),
                piexif.ExifIFD.ExposureTime: (1, 250),
                piexif.ExifIFD.ISOSpeedRatings: 400,
                piexif.ExifIFD.FocalLength: (50, 1),
                piexif.ExifIFD.Flash: 9,  # fired, compulsory
                piexif.ExifIFD.MeteringMode: 5,
                piexif.ExifIFD.LensModel: b"EF50mm f/1.8 STM",
            },
            "GPS": {
                piexif.GPSIFD.GPSLatitudeRef: b"N",
                piexif.GPSIFD.GPSLatitude: gps(64, 9, 70),
                piexif.GPSIFD.GPSLongitudeRef: b"W",
                piexif.GPSIFD.GPSLongitude: gps(21, 56, 347),
                piexif.GPSIFD.GPSAltitudeRef: 1,  # below sea level
                piexif.GPSIFD.GPSAltitude: (125, 10),
            },
        },
    )
    meta = read_metadata(path)
    # 64 deg 9' 0.70" N, 21 deg 56' 3.47" W (the original's /6000 gave 64.150116..., -21.933911...).
    assert meta.latitude == pytest.approx(64.150194444, abs=1e-9)
    assert meta.longitude == pytest.approx(-21.934297222, abs=1e-9)
    assert meta.altitude == -12.5
    assert meta.rotation == 90
    assert (meta.camera_make, meta.camera_model) == ("Canon", "EOS 5D")
    assert meta.lens == "EF50mm f/1.8 STM"
    assert meta.taken_by == "Jane Doe"
    assert meta.taken_at == datetime(2019, 5, 4, 11, 14, 15, tzinfo=UTC)
    assert meta.aperture == Decimal("2.8")
    assert meta.exposure == "1/250"
    assert meta.iso_speed == 400
    assert meta.focal_length == Decimal("50.0")
    assert meta.flash is True
    assert meta.metering_mode == "Multi-segment"
    assert (meta.width, meta.height) == (40, 30)


@pytest.mark.parametrize(
    ("latitude_ref", "longitude_ref", "signs"),
    [(b"N", b"E", (1, 1)), (b"S", b"E", (-1, 1)), (b"S", b"W", (-1, -1)), (b"N", b"W", (1, -1))],
)
def test_south_and_west_are_negative(tmp_path, latitude_ref, longitude_ref, signs):
    path = make_jpeg(
        tmp_path / "gps.jpg",
        SMALL,
        raw_exif={
            "GPS": {
                piexif.GPSIFD.GPSLatitudeRef: latitude_ref,
                piexif.GPSIFD.GPSLatitude: gps(33, 52, 760),
                piexif.GPSIFD.GPSLongitudeRef: longitude_ref,
                piexif.GPSIFD.GPSLongitude: gps(151, 12, 3000),
            }
        },
    )
    meta = read_metadata(path)
    assert meta.latitude == pytest.approx(signs[0] * (33 + 52 / 60 + 7.6 / 3600))
    assert meta.longitude == pytest.approx(signs[1] * (151 + 12 / 60 + 30 / 3600))


@pytest.mark.parametrize(
    ("orientation", "rotation"),
    [(1, 0), (3, 180), (6, 90), (8, 270), (2, 0), (4, 0), (5, 0), (7, 0)],  # mirrored values map to 0
)
def test_orientation_to_rotation(tmp_path, orientation, rotation):
    path = make_jpeg(tmp_path / "rotated.jpg", SMALL, orientation=orientation)
    meta = read_metadata(path)
    assert meta.rotation == rotation
    assert (meta.width, meta.height) == (40, 30)  # the stored size, not rotated


@pytest.mark.parametrize(
    ("make", "model", "expected_model"),
    [
        ("Canon", "Canon EOS 5D", "EOS 5D"),
        ("NIKON CORPORATION", "NIKON D750", "NIKON D750"),
        ("Apple", "iPhone 12", "iPhone 12"),
        ("SONY", "Sony ILCE-7M3", "ILCE-7M3"),
    ],
)
def test_model_without_make(tmp_path, make, model, expected_model):
    path = make_jpeg(tmp_path / "camera.jpg", SMALL, make=make, model=model)
    meta = read_metadata(path)
    assert (meta.camera_make, meta.camera_model) == (make, expected_model)


def test_long_text_is_cut(tmp_path):
    path = make_jpeg(tmp_path / "long.jpg", SMALL, raw_exif={"0th": {piexif.ImageIFD.Artist: b"A" * 300}})
    assert read_metadata(path).taken_by == "A" * 128


def test_xmp_subjects_iptc_keywords_and_rating(tmp_path):
    path = make_jpeg(tmp_path / "tagged.jpg", SMALL)
    subprocess.run(
        [
            "exiftool", "-q", "-overwrite_original",
            "-XMP-dc:Subject=Iceland", "-XMP-dc:Subject= Reykjavik ", "-XMP-dc:Subject=  ", "-XMP-dc:Subject=Iceland",
            "-IPTC:Keywords=2018", "-IPTC:Keywords=Reykjavik", "-XMP:Rating=4",
            str(path),
        ],
        check=True,
    )  # fmt: skip
    meta = read_metadata(path)
    assert meta.subjects == ("Iceland", "Reykjavik", "2018")
    assert meta.star_rating == 4


def test_a_keyword_longer_than_a_tag_name_is_cut_to_128_characters(tmp_path):
    path = make_jpeg(tmp_path / "tagged.jpg", SMALL)
    subprocess.run(["exiftool", "-q", "-overwrite_original", f"-XMP-dc:Subject={'K' * 200}", str(path)], check=True)
    assert read_metadata(path).subjects == ("K" * 128,)


def test_rejected_rating_is_not_a_star_rating(tmp_path):
    path = make_jpeg(tmp_path / "rejected.jpg", SMALL)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP:Rating=-1", str(path)], check=True)
    assert read_metadata(path).star_rating is None


GPS_TIME = {piexif.GPSIFD.GPSDateStamp: b"2018:07:03", piexif.GPSIFD.GPSTimeStamp: ((9, 1), (29, 1), (14, 1))}


@pytest.mark.parametrize(
    ("exif", "expected"),
    [
        pytest.param(
            {
                "Exif": {
                    piexif.ExifIFD.DateTimeOriginal: b"2001:02:03 04:05:06",
                    piexif.ExifIFD.DateTimeDigitized: b"2009:09:09 09:09:09",
                }
            },
            datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC),
            id="DateTimeOriginal before CreateDate",
        ),
        pytest.param(
            {
                "Exif": {
                    piexif.ExifIFD.DateTimeOriginal: b"0000:00:00 00:00:00",
                    piexif.ExifIFD.DateTimeDigitized: b"2009:09:09 09:09:09",
                    piexif.ExifIFD.OffsetTimeDigitized: b"-05:00",
                }
            },
            datetime(2009, 9, 9, 14, 9, 9, tzinfo=UTC),
            id="garbage DateTimeOriginal skipped for CreateDate with its offset",
        ),
        pytest.param({"GPS": GPS_TIME}, datetime(2018, 7, 3, 9, 29, 14, tzinfo=UTC), id="GPS date, always UTC"),
        pytest.param(
            {"0th": {piexif.ImageIFD.DateTime: b"2020:01:01 00:00:00"}, "GPS": GPS_TIME},
            datetime(2018, 7, 3, 9, 29, 14, tzinfo=UTC),
            id="GPS date before the last-edit date",
        ),
        pytest.param(
            {"0th": {piexif.ImageIFD.DateTime: b"2020:01:01 10:00:00"}},
            datetime(2020, 1, 1, 10, tzinfo=UTC),
            id="last-edit date before the file mtime",
        ),
    ],
)
def test_taken_at_fallbacks(tmp_path, exif, expected):
    assert read_metadata(make_jpeg(tmp_path / "dated.jpg", SMALL, raw_exif=exif)).taken_at == expected


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("2018:02:28 07:16:25", None, datetime(2018, 2, 28, 7, 16, 25, tzinfo=UTC)),
        ("2018:02:28 07:16:25", "+02:00", datetime(2018, 2, 28, 5, 16, 25, tzinfo=UTC)),
        ("2018:02:28 07:16:25-0330", "+02:00", datetime(2018, 2, 28, 10, 46, 25, tzinfo=UTC)),
        ("2018-02-28T07:16:25.411+01:00", None, datetime(2018, 2, 28, 6, 16, 25, tzinfo=UTC)),
        ("2018:07:03 09:29:14Z", None, datetime(2018, 7, 3, 9, 29, 14, tzinfo=UTC)),
        ("2000/01/01 00:00:00", None, datetime(2000, 1, 1, tzinfo=UTC)),
        ("2018:02:28 07:16", None, datetime(2018, 2, 28, 7, 16, tzinfo=UTC)),
        ("2018:02:28 07:16:25", "   :  ", datetime(2018, 2, 28, 7, 16, 25, tzinfo=UTC)),
        ("2018:02:28 07:16:25", "+99:00", None),
        ("200X:0X:0X 0X:0X:0X", None, None),
        ("0000:00:00 00:00:00", None, None),
        ("2018:02:30 07:16:25", None, None),
        ("2018:07:03", None, None),
        ("", None, None),
    ],
)
def test_parse_datetime(text, offset, expected):
    assert parse_datetime(text, offset) == expected


def test_dng(tmp_path):
    meta = read_metadata(make_dng(tmp_path / "sensor.dng", (256, 256), make="Canon", model="Canon EOS 5D"))
    assert meta.mimetype == "image/x-adobe-dng"
    assert (meta.width, meta.height) == (256, 256)
    assert (meta.camera_make, meta.camera_model) == ("Canon", "EOS 5D")


def test_heic(tmp_path):
    # Sizes are multiples of 64: exiftool reports the coded size.
    taken_at = datetime(2021, 8, 9, 10, 11, 12, tzinfo=timezone(timedelta(hours=-5)))  # OffsetTimeOriginal -05:00
    path = make_heic(
        tmp_path / "phone.heic", (128, 64), taken_at=taken_at, orientation=8, make="Apple", model="iPhone 12"
    )
    meta = read_metadata(path)
    assert meta.mimetype == "image/heic"
    assert (meta.width, meta.height) == (128, 64)
    assert (meta.camera_make, meta.camera_model) == ("Apple", "iPhone 12")
    assert meta.rotation == 270
    assert meta.taken_at == datetime(2021, 8, 9, 15, 11, 12, tzinfo=UTC)


# Files exiftool cannot read


def test_empty_file_raises(tmp_path):
    path = tmp_path / "empty.jpg"
    path.touch()
    with pytest.raises(BadInputError, match="exiftool cannot read this file: File is empty"):
        read_metadata(path)


def test_text_file_named_jpg_returns_what_exiftool_found(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("not a photo\n")
    meta = read_metadata(path)
    assert meta.mimetype == "text/plain"
    assert (meta.width, meta.height, meta.camera_make) == (None, None, None)
    assert meta.taken_at == mtime(path)


def test_truncated_jpeg_returns_what_exiftool_found(tmp_path, fixture_photos):
    path = tmp_path / "truncated.jpg"
    path.write_bytes((fixture_photos / "snow.jpg").read_bytes()[:300])
    meta = read_metadata(path)
    assert meta.mimetype == "image/jpeg"
    assert (meta.width, meta.height) == (None, None)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_metadata(tmp_path / "gone.jpg")


def test_unreadable_file_raises(tmp_path, fixture_photos):
    """chmod 000. Root reads anything, so as root the check runs in a child without CAP_DAC_OVERRIDE."""
    error = error_from_unreadable_copy(read_metadata, fixture_photos / "snow.jpg", tmp_path)
    assert error == "BadInputError('exiftool cannot read this file: Error opening file')"


# The shared exiftool process


def test_concurrent_reads_from_threads(fixture_photos, tmp_path):
    paths = [
        fixture_photos / "snow.jpg",
        fixture_photos / "tree.jpg",
        fixture_photos / "invalid_utf8.jpg",
        make_jpeg(tmp_path / "rotated.jpg", SMALL, orientation=8),
    ]
    expected = [read_metadata(path) for path in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read_metadata, paths * 25))
    assert results == expected * 25


def test_exiftool_is_reused_and_restarted_after_dying(fixture_photos):
    read_metadata(fixture_photos / "snow.jpg")
    first = metadata._exiftool._process
    read_metadata(fixture_photos / "tree.jpg")
    assert metadata._exiftool._process is first

    first.kill()
    first.wait()
    with pytest.warns(UserWarning, match="died"):
        meta = read_metadata(fixture_photos / "snow.jpg")
    assert meta.camera_make == "Xiaomi"
    assert metadata._exiftool._process.pid != first.pid


def test_forked_child_starts_its_own_exiftool(fixture_photos):
    read_metadata(fixture_photos / "snow.jpg")
    parent_exiftool = metadata._exiftool._process.pid
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the child)
        try:
            meta = read_metadata(fixture_photos / "tree.jpg")
            os.write(write_end, f"{meta.camera_make} {metadata._exiftool._process.pid}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        output = pipe.read()
    os.waitpid(child, 0)
    make, child_exiftool = output.split()
    assert make == "Xiaomi"
    assert int(child_exiftool) != parent_exiftool
    assert read_metadata(fixture_photos / "snow.jpg").camera_make == "Xiaomi"  # the parent's still works
    assert metadata._exiftool._process.pid == parent_exiftool


# File names are never exiftool arguments (issue 7)


@pytest.mark.parametrize(
    "argument",
    [b"a\nb", b"a\rb", b"a\r", b"a\tb", b"a\x00b", b"a\x1bb", b"a\x7fb", b" /leading-space", b"#comment", b""],
)
def test_single_argument_refuses_what_exiftool_would_read_differently(argument):
    with pytest.raises(ValueError, match="Not a single exiftool argument"):
        single_argument(argument)


def test_single_argument_passes_ordinary_paths_through():
    for argument in (b"/photos/-if x.jpg", b"/photos/trailing space.jpg ", "/photos/café.jpg".encode()):
        assert single_argument(argument) == argument


def test_newline_name_is_refused_before_exiftool_sees_it(tmp_path, monkeypatch):
    """The two-file attack: ``a`` next to ``a<LF>-if<LF>system(...)||1<LF>x.jpg``. Reading the second is refused
    (the first is read as itself), and exiftool runs no Perl, in the directory it runs in or the photos'."""
    monkeypatch.chdir(tmp_path)
    plain = make_jpeg(tmp_path / "a", size=(16, 8))
    hostile = tmp_path / "a\n-if\nsystem(q{touch MARKER})||1\nx.jpg"
    hostile.write_bytes(plain.read_bytes())

    with pytest.raises(BadInputError, match="control character"):
        read_metadata(hostile)
    assert read_metadata(plain).width == 16
    read_metadata(make_jpeg(tmp_path / "-if system(q{touch MARKER})||1 -execute.jpg", size=(4, 4)))
    assert not (tmp_path / "MARKER").exists()


# Every tag, for people to read (the API's /photos/{id}/metadata)


def test_all_metadata_has_every_group_without_binary_data(tmp_path):
    path = make_jpeg(tmp_path / "full.jpg", SMALL, taken_at="2019:05:04 03:02:01", gps=(64.15, -21.93), make="Canon")
    tags = metadata.read_all_metadata(path)
    assert tags["EXIF:Make"] == "Canon" and tags["EXIF:DateTimeOriginal"] == "2019:05:04 03:02:01"
    assert tags["File:MIMEType"] == "image/jpeg" and tags["File:ImageWidth"] == SMALL[0]
    assert tags["EXIF:GPSLatitudeRef"] == "North" and tags["Composite:GPSPosition"].startswith("64 deg 9'")
    assert "SourceFile" not in tags


def test_all_metadata_leaves_out_embedded_images_and_survives_bad_text(fixture_photos):
    with_thumbnail = metadata.read_all_metadata(fixture_photos / "tree.jpg")
    assert with_thumbnail["EXIF:ThumbnailLength"] == 4613
    assert not [
        name for name in with_thumbnail if "Thumbnail" in name and "Length" not in name and "Offset" not in name
    ]
    assert metadata.read_all_metadata(fixture_photos / "invalid_utf8.jpg")["EXIF:Artist"] == ""
    assert "base64:" not in str(with_thumbnail)


def test_all_metadata_of_a_missing_or_empty_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        metadata.read_all_metadata(tmp_path / "missing.jpg")
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert metadata.read_all_metadata(tmp_path / "empty.jpg")["ExifTool:Error"] == "File is empty"


def test_all_metadata_and_the_chosen_tags_share_one_exiftool(fixture_photos):
    read_metadata(fixture_photos / "tree.jpg")
    process = metadata._exiftool
    metadata.read_all_metadata(fixture_photos / "tree.jpg")
    assert metadata._exiftool is process and read_metadata(fixture_photos / "tree.jpg").camera_make == "Xiaomi"


def test_all_metadata_of_a_newline_name_is_refused_before_exiftool_sees_it(tmp_path):
    hostile = make_jpeg(tmp_path / "a\n-if\nsystem(q{touch MARKER})||1\nx.jpg", size=(4, 4))
    with pytest.raises(BadInputError, match="control character"):
        metadata.read_all_metadata(hostile)
    assert not (tmp_path / "MARKER").exists()


def test_taken_at_keeps_the_offset_the_file_gives(tmp_path):
    """The date reads as the camera wrote it, in its own offset (the local day counts for holidays)."""
    with_offset = {
        "Exif": {piexif.ExifIFD.DateTimeOriginal: b"2019:12:24 22:00:00", piexif.ExifIFD.OffsetTimeOriginal: b"-05:00"}
    }
    taken = read_metadata(make_jpeg(tmp_path / "offset.jpg", SMALL, raw_exif=with_offset)).taken_at
    assert (taken.isoformat(), metadata.utc_offset_minutes(taken)) == ("2019-12-24T22:00:00-05:00", -300)
    without = {"Exif": {piexif.ExifIFD.DateTimeOriginal: b"2019:12:24 22:00:00"}}
    taken = read_metadata(make_jpeg(tmp_path / "none.jpg", SMALL, raw_exif=without)).taken_at
    assert (taken.isoformat(), metadata.utc_offset_minutes(taken)) == ("2019-12-24T22:00:00+00:00", 0)
