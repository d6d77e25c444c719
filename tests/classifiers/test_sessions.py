"""Models made once per process, however many threads ask for them at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from photonix.classifiers.sessions import once_per_process


def test_a_model_is_made_once_and_shared_by_every_thread():
    calls = []

    @once_per_process
    def model():
        calls.append(threading.get_ident())
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return object()

    with ThreadPoolExecutor(4) as pool:
        models = list(pool.map(lambda _: model(), range(8)))
    assert len(calls) == 1 and all(m is models[0] for m in models)
    assert model.__name__ == "model"
