"""Request and response bodies of the library routes."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema

from photonix.common.schemas import Text


class LibraryOut(Schema):
    id: UUID
    name: str
    role: Literal["owner", "member"]
    classifiers: dict[str, bool]
    created_at: datetime


class LibraryPatch(Schema):
    name: Text(128) | None = None
    classifiers: dict[str, bool] | None = None


class PathOut(Schema):
    id: UUID
    path: str
    watch: bool
    created_at: datetime


class PathIn(Schema):
    path: Text(512)
    watch: bool = True


class MemberOut(Schema):
    user_id: UUID
    username: str
    owner: bool


class MemberIn(Schema):
    username: Text(150)
    owner: bool = False


class Accepted(Schema):
    detail: str
