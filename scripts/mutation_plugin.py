"""pytest plugin for ``make mutation`` (``scripts/mutation.py``): run only the tests that stay in this process.

mutmut switches a mutant on inside the pytest process it forks. A test that hands the work to a
real Celery worker or Flower (the ``live_worker`` and ``flower`` fixtures, and every fixture built
on them, such as the watcher's) would be testing processes started from elsewhere, each taking
seconds to start: those tests are left to ``make test``.
"""

OTHER_PROCESS_FIXTURES = {"live_worker", "flower"}


def pytest_collection_modifyitems(config, items):
    in_process = [item for item in items if not OTHER_PROCESS_FIXTURES & set(item.fixturenames)]
    if len(in_process) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in in_process])
        items[:] = in_process
