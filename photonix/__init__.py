"""Photonix: a self-hosted photo manager (Django + Celery on Redis)."""

from photonix.celery import app as celery_app

__all__ = ("celery_app",)
