"""Request and response bodies of the account, token and setup routes."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field, field_validator

from photonix.common.schemas import Text


class LoginIn(Schema):
    username: Text(150)
    password: Text(4096)


class MeOut(Schema):
    id: UUID
    username: str
    email: str
    is_superuser: bool


class PasswordIn(Schema):
    old_password: Text(4096, min_length=0)
    new_password: Text(4096)


class TokenIn(Schema):
    name: Text(128)
    read_only: bool = False
    library_id: UUID | None = None
    expires_at: datetime | None = None  # without a zone: UTC

    @field_validator("expires_at")
    @classmethod
    def in_utc(cls, value):
        """The expiry in UTC: databases store no odd offsets (PostgreSQL refuses +21:37, say)."""
        if value is None:
            return None
        try:
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        except OverflowError as error:
            raise ValueError("expires_at is out of range") from error


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str
    read_only: bool
    library_id: UUID | None
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret: shown this once, send it as `Authorization: Bearer <token>`.")


class SetupNeeded(Schema):
    needed: bool
    classifiers: list[str] = Field(description="The classifiers that setup can switch on and off, in pipeline order.")


class SetupIn(Schema):
    username: Text(150)
    password: Text(4096)
    library_name: Text(128)
    path: Text(512)
    watch: bool = True
    classifiers: dict[str, bool] = Field(default_factory=dict)


class Detail(Schema):
    detail: str


class FieldProblem(Schema):
    """Refused input: ``detail`` says why and ``field`` names the field it is wrong in (so a form can
    show the message there). A body that does not validate at all gets django-ninja's list of
    problems instead (``detail: [{loc, msg, ...}]``, no ``field``)."""

    detail: str | list[dict[str, Any]]
    field: str | None = None
