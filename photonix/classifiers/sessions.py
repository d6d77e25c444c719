"""onnxruntime sessions as the ml workers run them (one thread each, CPU only), made once per process."""

import functools
import threading

# One thread per worker process: the ml pool runs a process per core (photonix/common/concurrency.py);
# onnxruntime ignores OMP_NUM_THREADS and would start a thread per core in each process.
SESSION_THREADS = 1


def new_session(model, input_sizes_vary=False):
    """An onnxruntime session for ``model`` (a path, or the model's bytes), single-threaded.

    ``input_sizes_vary``: the model is run on inputs of many sizes (a detector on photos of any
    shape, a batch of any number of faces). onnxruntime's memory patterns, planned for one input
    size, would then be planned again and kept for each size: YuNet on 1920, 640 and 320 px copies
    held 65 MiB more, for no gain in time (measured 2026-12-03).
    """
    import onnxruntime  # heavy: imported only when a worker first needs it

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = SESSION_THREADS
    options.inter_op_num_threads = SESSION_THREADS
    options.enable_mem_pattern = not input_sizes_vary
    return onnxruntime.InferenceSession(
        model if isinstance(model, bytes) else str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )


def once_per_process(make):
    """``make`` as a function that calls it the first time only (one thread at a time) and then returns its result.

    For the models a worker loads lazily: made when a worker first needs them, never at import.
    """
    lock = threading.Lock()
    made = []

    @functools.wraps(make)
    def get():
        with lock:
            if not made:
                made.append(make())
            return made[0]

    return get
