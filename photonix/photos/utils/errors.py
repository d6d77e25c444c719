"""Errors shared by the import and processing code."""


class BadInputError(Exception):
    """A file that can never be processed (not an image, truncated, a decompression bomb...).

    The message is a human-readable reason shown to the user. Tasks record it on the
    step and never retry it: only transient errors are retried.
    """


class StaleInputError(Exception):
    """The photo's file changed while a step worked on it: the result is dropped and the step runs again."""
