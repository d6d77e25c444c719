"""The model manager: finding, verifying and downloading model files (over HTTP on localhost)."""

import functools
import http.server
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from photonix.classifiers import models
from photonix.classifiers.base import ClassifierUnavailable

SHARED_MODELS = Path(__file__).resolve().parents[3] / "shared" / "models"
YOLOX = SHARED_MODELS / "yolox_nano.onnx"

needs_yolox = pytest.mark.skipif(not YOLOX.is_file(), reason="../shared/models/yolox_nano.onnx is not present")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A folder served over HTTP on localhost; the registry's YOLOX-nano URL points into it."""
    folder = tmp_path / "served"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/yolox_nano.onnx"
    monkeypatch.setitem(models.MODELS, "yolox_nano", replace(models.MODELS["yolox_nano"], url=url))
    yield folder
    server.shutdown()
    thread.join()


@pytest.fixture
def model_dir(tmp_path, settings):
    settings.MODEL_DIR = tmp_path / "models"
    return settings.MODEL_DIR


def corrupt_copy(destination: Path) -> Path:
    data = bytearray(YOLOX.read_bytes())
    data[len(data) // 2] ^= 0xFF
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)
    return destination


def test_missing_model_is_unavailable_with_instructions(model_dir):
    with pytest.raises(ClassifierUnavailable) as raised:
        models.model_path("yolox_nano")
    assert str(raised.value) == f"YOLOX-nano weights not found in {model_dir}: run `manage.py download_models`"


def test_unknown_model_name():
    with pytest.raises(KeyError, match="known models: yolox_nano"):
        models.model_path("nope")


@needs_yolox
def test_shared_copy_passes_the_hash_check(settings):
    settings.MODEL_DIR = SHARED_MODELS
    assert models.verified_path("yolox_nano") == YOLOX
    assert models.file_sha256(YOLOX) == models.MODELS["yolox_nano"].sha256


@needs_yolox
def test_corrupted_copy_is_detected(model_dir):
    corrupt_copy(model_dir / "yolox_nano.onnx")
    assert models.model_path("yolox_nano") == model_dir / "yolox_nano.onnx"  # present...
    with pytest.raises(models.ModelFileError, match="corrupt"):
        models.verified_path("yolox_nano")  # ...but not usable


@needs_yolox
def test_download_verifies_and_installs(model_dir, served):
    shutil.copy(YOLOX, served)
    path = models.download("yolox_nano")
    assert path == model_dir / "yolox_nano.onnx"
    assert models.file_sha256(path) == models.MODELS["yolox_nano"].sha256
    assert [p.name for p in model_dir.iterdir()] == ["yolox_nano.onnx"]  # no temporary file left


@needs_yolox
def test_download_with_wrong_hash_installs_nothing(model_dir, served):
    corrupt_copy(served / "yolox_nano.onnx")
    with pytest.raises(models.ModelFileError, match="has sha256 .*, expected"):
        models.download("yolox_nano")
    assert list(model_dir.iterdir()) == []


def test_download_failure_is_reported(model_dir, served):
    with pytest.raises(models.ModelFileError, match="could not download YOLOX-nano .*404"):
        models.download("yolox_nano")
    assert list(model_dir.iterdir()) == []


@needs_yolox
def test_command_downloads_a_missing_model(model_dir, served, capsys):
    shutil.copy(YOLOX, served)
    call_command("download_models")
    out = capsys.readouterr().out
    assert "yolox_nano: not present, downloading http://127.0.0.1" in out
    assert f"yolox_nano: downloaded to {model_dir / 'yolox_nano.onnx'}, sha256 verified" in out
    assert models.verified_path("yolox_nano")


@needs_yolox
def test_command_verifies_a_present_model(settings, capsys):
    settings.MODEL_DIR = SHARED_MODELS
    call_command("download_models", "yolox_nano")
    assert capsys.readouterr().out == f"yolox_nano: {YOLOX} is present, sha256 verified\n"


@needs_yolox
def test_command_replaces_a_corrupted_model(model_dir, served, capsys):
    shutil.copy(YOLOX, served)
    corrupt_copy(model_dir / "yolox_nano.onnx")
    call_command("download_models", "yolox_nano")
    out = capsys.readouterr().out
    assert "are corrupt" in out and "downloading it again" in out and "downloaded to" in out
    assert models.verified_path("yolox_nano")


def test_command_rejects_unknown_names(model_dir):
    with pytest.raises(CommandError, match="unknown model"):
        call_command("download_models", "nope")


def test_command_fails_clearly_when_download_fails(model_dir, served):
    with pytest.raises(CommandError, match="yolox_nano: could not download"):
        call_command("download_models")
