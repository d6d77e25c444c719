"""onnxruntime sessions as the ml workers run them: one thread each, CPU only."""

# One thread per worker process: the ml pool runs a process per core (photonix/common/concurrency.py);
# onnxruntime ignores OMP_NUM_THREADS and would start a thread per core in each process.
SESSION_THREADS = 1


def new_session(model):
    """An onnxruntime session for ``model`` (a path, or the model's bytes), single-threaded."""
    import onnxruntime  # heavy: imported only when a worker first needs it

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = SESSION_THREADS
    options.inter_op_num_threads = SESSION_THREADS
    return onnxruntime.InferenceSession(
        model if isinstance(model, bytes) else str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
