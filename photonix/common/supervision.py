"""Keeping every process of the Procfile running under ``make start``, with supervisord.

The Procfile stays the single list of processes (docker compose runs the same commands, one
service each). ``make start`` turns it into a supervisord configuration: supervisord restarts a
process that exits or crashes (a process that dies within ``START_SECONDS`` of starting is
retried after 1, 2, 3 ... seconds, up to ``START_RETRIES`` times in a row), leaves the others
running, and stops every process with its children (pool processes, gunicorn workers) on
Ctrl-C or SIGTERM. Output of every process goes to supervisord's standard output.
"""

from pathlib import Path

START_SECONDS = 5
START_RETRIES = 1000
STOP_WAIT_SECONDS = 30  # a celery worker finishes its current tasks (warm shutdown) before SIGKILL


def read_procfile(path):
    """``{name: command}`` of a Procfile (``name: command`` lines; blank lines and ``#`` comments skipped)."""
    processes = {}
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = command.strip()
    return processes


def supervisord_config(processes, directory, data_dir):
    """The text of a supervisord configuration that runs ``processes`` in the foreground."""
    sections = [
        _section(
            "supervisord",
            nodaemon="true",
            logfile="/dev/null",  # in the foreground supervisord also logs to its standard output
            logfile_maxbytes=0,
            pidfile=Path(data_dir) / "supervisord.pid",
        )
    ]
    for name, command in processes.items():
        sections.append(
            _section(
                f"program:{name}",
                command=command.replace("%", "%%"),  # supervisord expands %(...)s; celery's %h must stay as is
                directory=directory,
                autorestart="true",
                startsecs=START_SECONDS,
                startretries=START_RETRIES,
                stopasgroup="true",
                killasgroup="true",
                stopwaitsecs=STOP_WAIT_SECONDS,
                redirect_stderr="true",
                stdout_logfile="/dev/stdout",
                stdout_logfile_maxbytes=0,
            )
        )
    return "\n".join(sections)


def _section(title, **options):
    lines = [f"[{title}]", *(f"{key}={value}" for key, value in options.items())]
    return "\n".join(lines) + "\n"
