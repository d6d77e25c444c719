"""Field types shared by the API schemas of every app."""

from typing import Annotated

from pydantic import StringConstraints


def Text(max_length, min_length=1):  # noqa: N802 - used like a type: ``name: Text(128)``
    """A string of at most ``max_length`` characters without NUL (which PostgreSQL and file
    paths refuse): bad input is a 422, never a 500."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length, pattern=r"^[^\x00]*$")]
