"""Classifiers: pure code that looks at a photo and returns tag results.

``base.py`` defines the interface, ``registry.py`` the single list of classifiers that
the pipeline, the admin and the checks read. Nothing here touches Celery or the database.
"""
