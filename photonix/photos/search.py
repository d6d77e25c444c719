"""The search language: a query string becomes one typed filter that every photo list applies.

Parse once per request with :func:`parse` (a :class:`SearchSyntaxError` is the client's fault: answer 422 with
its message), then narrow a queryset, already restricted to one library and to ``deleted=False``, with
:func:`filter_photos`. ``str(query)`` gives the query back in canonical syntax, and ``query.chips()`` the
parsed terms for the UI's chips. The same query gives the same photos in the list, facets, timeline and map.

Syntax (terms are separated by spaces and all must hold; names are case-insensitive):

| term | photos |
|---|---|
| `tree` | with a tag whose name contains "tree" (any tag type: place, person, object, colour, album...) |
| `"Boris Becker"` | with a tag named exactly "Boris Becker" |
| `2018`, `mar 2018`, `18 mar 2018`, `march 18th` | taken in that year / month / on that day (see *date words*) |
| `tag:<uuid>`, `tag:NAME` | with that tag (a name is exact) |
| `person:NAME`, `place:NAME`, `album:NAME` | with that person (face), place or album, by exact name or uuid |
| `camera:NAME`, `lens:NAME` | taken with a camera ("make model") or lens whose name contains NAME, or by uuid |
| `aperture:2.8-5.6`, `focalLength:24-70`, `isoSpeed:100-800` | with the value in that range (inclusive) |
| `rating:4-5`, `rating:>=4` | rated so (unrated counts as 0); ranges also take `4`, `=4`, `>4`, `>=4`, `<4`, `<=4` |
| `exposure:1/250-1/125-1/60` | with one of these exposure times |
| `flash:on`, `flash:off` | taken with or without flash |
| `meteringMode:X`, `driveMode:X`, `shootingMode:X` | with that mode (`meeteringMode:` also works) |
| `from:2018-07-01`, `to:2018-07-31` | taken on or after / on or before; also `2018`, `2018-07` or `2018-07-03T12:30` |
| `has:gps` | with a GPS position |
| `type:raw`, `type:jpeg`, `type:heic`, `type:png`... | with a file of that type (RAW: a camera raw file) |
| `id:<uuid>` | that photo |
| `-tree`, `-"Boris Becker"`, `-tag:X`, `-has:gps`... | a leading `-` excludes what the term matches |

- Values with spaces are quoted: `person:"Boris Becker"`; a value may contain `:` (`from:2018-07-03T12:30`).
  A quoted value cannot contain `"`.
- *Date words* are unquoted words: a day (1-31, also `1st`, `2nd`...), a year (1900-2100) and a month (a month
  name or its prefix of at least 3 letters: `mar`, `sept`). The first of each kind counts (a later one is an
  ordinary word). A month without a year means its latest occurrence (this year if it is not after the
  current month, else last year). A day counts only with a month.
- The words `in, near, during, taken, on, of` are ignored (`tree in mar 2018`). Date words and these words
  are only recognised unquoted and without `-` (`-2018` excludes photos with a tag containing "2018").
- Dates are those the timeline shows: the photo's `sort_at` (when it was taken, else its file's time), so
  a date search finds exactly the photos of that month in the timeline, through the photo-page index.
- An unknown `name:` token is an error, as is a malformed value; so are queries longer than 1,000 characters
  or with more than 40 terms.
"""

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from photonix.photos.models import Camera, Lens, PhotoFile, PhotoTag, Tag
from photonix.photos.utils.paths import DIRECT_MIMETYPES

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 40
MAX_LIST_VALUES = 50
STOP_WORDS = frozenset({"in", "near", "during", "taken", "on", "of"})
MONTHS = "january february march april may june july august september october november december".split()
DATE_WORD_YEARS = (1900, 2100)
BOUND_YEARS = (1800, 2200)

# type:NAME → the mimetypes of files of that type. RAW is every file that needs developing except HEIF/AVIF.
FILE_TYPES = {
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "tiff": ("image/tiff",),
    "webp": ("image/webp",),
    "gif": ("image/gif",),
    "bmp": ("image/bmp", "image/x-ms-bmp"),
    "heic": ("image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"),
    "avif": ("image/avif",),
}
FILE_TYPE_ALIASES = {"jpg": "jpeg", "tif": "tiff", "heif": "heic"}
RAW = "raw"
NOT_RAW_MIMETYPES = sorted(DIRECT_MIMETYPES.union(FILE_TYPES["heic"], FILE_TYPES["avif"]))


class SearchSyntaxError(ValueError):
    """The query cannot be parsed. ``token`` is the offending term as written ("" for the whole query)."""

    def __init__(self, token: str, message: str):
        super().__init__(message)
        self.token = token
        self.message = message


# ---------------------------------------------------------------------------------------------------------
# Typed values


@dataclass(frozen=True)
class Range:
    """Numbers between ``low`` and ``high`` (None: unbounded); ``strict`` bounds exclude their value."""

    low: int | Decimal | None
    high: int | Decimal | None
    strict_low: bool = False
    strict_high: bool = False

    def __str__(self):
        if self.low is not None and self.high is not None:
            return f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        if self.low is not None:
            return f"{'>' if self.strict_low else '>='}{self.low}"
        return f"{'<' if self.strict_high else '<='}{self.high}"


@dataclass(frozen=True)
class Ref:
    """A row named by its uuid or by its name (exactly one of the two)."""

    id: uuid.UUID | None = None
    name: str | None = None

    def __str__(self):
        return str(self.id) if self.id else self.name


@dataclass(frozen=True)
class Values:
    """A list of exact values, written ``a-b-c``."""

    values: tuple[str, ...]

    def __str__(self):
        return "-".join(self.values)


@dataclass(frozen=True)
class Period:
    """The local-time span ``[start, end)``, written as ``text`` (``2018``, ``2018-07``, ``2018-07-03T12:30``)."""

    start: datetime
    end: datetime
    text: str

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class DateWords:
    """The date words of a query; ``year`` is already resolved when only a month was given."""

    day: int | None = None
    month: int | None = None
    year: int | None = None

    def __str__(self):
        parts = (self.day, MONTHS[self.month - 1][:3] if self.month else None, self.year)
        return " ".join(str(part) for part in parts if part is not None)

    def period(self) -> Period | None:
        """The span these words select: a day (with a month), a month or a year; None for a lone day."""
        if self.year is None:
            return None
        if self.month is None:
            start, end = date(self.year, 1, 1), date(self.year + 1, 1, 1)
        elif self.day is None:
            start = date(self.year, self.month, 1)
            end = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        else:
            start = date(self.year, self.month, self.day)
            end = start + timedelta(days=1)
        midnight = datetime.min.time()
        return Period(datetime.combine(start, midnight), datetime.combine(end, midnight), str(self))


# The typed value of a term, by token: a tag word (str), a range, a uuid or name, an exposure list, a span of
# time, the date words, a choice (str: "on", "gps", "raw"...) or a photo id.
TermValue = str | Range | Ref | Values | Period | DateWords | uuid.UUID

# ---------------------------------------------------------------------------------------------------------
# Terms and the query


@dataclass(frozen=True)
class Chip:
    """One parsed term as the UI shows it: ``kind`` is the token name ("word", "date", "camera"...),
    ``text`` the value, ``token`` the term in canonical syntax (remove it from ``str(query)`` to drop it)."""

    kind: str
    text: str
    negated: bool
    token: str


@dataclass(frozen=True)
class Term:
    """One condition: a token name (``HANDLERS`` key), its typed value, and whether it excludes."""

    key: str
    value: TermValue
    negated: bool = False

    def __str__(self):
        return ("-" if self.negated else "") + HANDLERS[self.key].format(self.value)

    def chip(self) -> Chip:
        return Chip(self.key, str(self.value), self.negated, str(self))


@dataclass(frozen=True)
class PhotoQuery:
    """A parsed search: terms that must all hold. ``str()`` is its canonical syntax."""

    terms: tuple[Term, ...] = ()

    def __str__(self):
        return " ".join(str(term) for term in self.terms)

    def chips(self) -> list[Chip]:
        return [term.chip() for term in self.terms]


# ---------------------------------------------------------------------------------------------------------
# The tokenizer

_TOKEN = re.compile(r'(?P<neg>-)?(?:(?P<key>[A-Za-z][A-Za-z_]*):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S*))')
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Token:
    """One space-separated piece of a query as written: ``-key:"value"``."""

    text: str
    value: str
    key: str | None = None
    negated: bool = False
    quoted: bool = False


def tokenize(text: str) -> list[Token]:
    """Split a query on whitespace, keeping quoted values (an unclosed quote runs to the end) together."""
    tokens, pos = [], 0
    while True:
        space = _SPACE.match(text, pos)
        pos = space.end() if space else pos
        if pos >= len(text):
            return tokens
        match = _TOKEN.match(text, pos)
        quoted = match["quoted"] is not None
        tokens.append(
            Token(
                text=match[0],
                value=match["quoted"] if quoted else match["bare"],
                key=match["key"],
                negated=bool(match["neg"]),
                quoted=quoted,
            )
        )
        pos = match.end()


def _clean(q: str) -> str:
    """The query without control characters (NUL cannot go into a PostgreSQL string) or lone surrogates."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in q)


def _quote(value: str) -> str:
    return f'"{value}"' if not value or _SPACE.search(value) or value.startswith('"') else value


# ---------------------------------------------------------------------------------------------------------
# Token handlers: each reads its value (raising ValueError with what was expected) and builds a condition.


@dataclass(frozen=True)
class Handler:
    """How one kind of term is read, written back and applied."""

    name: str  # canonical token name, as written before the colon
    read: Callable[[str], TermValue] | None  # value text → typed value; ValueError(detail) when malformed
    condition: Callable[[TermValue], Q | None]  # typed value → condition on Photo (None: no condition)
    write: Callable[[TermValue], str] | None = None  # typed value → term text, when not ``name:value``

    def format(self, value: TermValue) -> str:
        """The canonical text of a term with this value."""
        return self.write(value) if self.write else f"{self.name}:{_quote(str(value))}"


_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
_INT = r"\d+"
_DECIMAL = r"\d+(?:\.\d+)?"
_EXPOSURE = re.compile(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)?")


def _read_uuid(text: str) -> uuid.UUID:
    if not _UUID.fullmatch(text):
        raise ValueError(f"expected a uuid, got {text!r}")
    return uuid.UUID(text)


def _read_ref(text: str) -> Ref:
    return Ref(id=uuid.UUID(text)) if _UUID.fullmatch(text) else Ref(name=text)


@dataclass(frozen=True)
class RangeField:
    """A numeric field searched by range: ``a-b``, ``a``, ``=a``, ``>a``, ``>=a``, ``<a``, ``<=a``, up to ``maximum``.

    Methods rather than closures made at import: ``make mutation`` can only change code that runs after the import.
    """

    model_field: str  # of Photo
    number: str  # the regular expression of one number
    convert: Callable[[str], int | Decimal]
    maximum: int | Decimal
    example: str
    unknown_is_zero: bool = False  # whether a photo without a value counts as 0 (ratings)

    def read(self, text: str) -> Range:
        match = re.fullmatch(rf"(?P<op>>=|<=|>|<|=)?(?P<a>{self.number})(?:-(?P<b>{self.number}))?", text)
        if not match or (match["op"] and match["b"]):
            raise ValueError(f"expected a number range like {self.example}, got {text!r}")
        a, b = self.convert(match["a"]), self.convert(match["b"] or match["a"])
        for value in (a, b):
            if value > self.maximum:
                raise ValueError(f"{value} is out of range (at most {self.maximum})")
        op = match["op"] or ""
        if op.startswith(">"):
            return Range(a, None, strict_low=op == ">")
        if op.startswith("<"):
            return Range(None, a, strict_high=op == "<")
        return Range(min(a, b), max(a, b))

    def condition(self, value: Range) -> Q:
        q = Q()
        if value.low is not None:
            q &= Q(**{f"{self.model_field}__{'gt' if value.strict_low else 'gte'}": value.low})
        if value.high is not None:
            q &= Q(**{f"{self.model_field}__{'lt' if value.strict_high else 'lte'}": value.high})
        if self.unknown_is_zero and _contains_zero(value):
            q |= Q(**{f"{self.model_field}__isnull": True})
        return q


def _contains_zero(value: Range) -> bool:
    above_low = value.low is None or 0 > value.low or (0 == value.low and not value.strict_low)
    below_high = value.high is None or 0 < value.high or (0 == value.high and not value.strict_high)
    return above_low and below_high


def _read_exposures(text: str) -> Values:
    values = tuple(text.split("-"))
    if len(values) > MAX_LIST_VALUES or not all(_EXPOSURE.fullmatch(value) for value in values):
        raise ValueError(f"expected up to {MAX_LIST_VALUES} exposure times like 1/250-1/125-0.5, got {text!r}")
    return Values(values)


@dataclass(frozen=True)
class Choice:
    """A term with one of a few values (``flash:on``), case-insensitive, with aliases (``type:jpg``)."""

    choices: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def read(self, text: str) -> str:
        value = text.lower()
        value = self.aliases.get(value, value)
        if value not in self.choices:
            raise ValueError(f"expected one of {', '.join(self.choices)}, got {text!r}")
        return value


_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?)?)?")


def _read_period(text: str) -> Period:
    """``2018``, ``2018-07``, ``2018-07-03``, ``2018-07-03T12:30`` or ``...T12:30:15``: the span it names."""
    match = _BOUND.fullmatch(text)
    expected = f"expected a date like 2018-07-03 (or 2018, 2018-07, 2018-07-03T12:30), got {text!r}"
    if not match:
        raise ValueError(expected)
    parts = [int(part) for part in match.groups() if part is not None]
    if not BOUND_YEARS[0] <= parts[0] <= BOUND_YEARS[1]:
        raise ValueError(f"{text!r} is out of range (years {BOUND_YEARS[0]}-{BOUND_YEARS[1]})")
    try:
        start = datetime(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
    if len(parts) == 1:
        end = start.replace(year=start.year + 1)
    elif len(parts) == 2:
        end = (start + timedelta(days=31)).replace(day=1)
    else:
        end = start + {3: timedelta(days=1), 5: timedelta(minutes=1), 6: timedelta(seconds=1)}[len(parts)]
    return Period(start, end, text)


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment, timezone.get_current_timezone())


def _taken_in(period: Period | None) -> Q | None:
    if period is None:
        return None
    return Q(sort_at__gte=_aware(period.start), sort_at__lt=_aware(period.end))


def _tagged(ref: Ref | None = None, tag_type: str | None = None, **lookups) -> Q:
    """Photos with a (not soft-deleted) tag matching the lookups: a subquery, so never a duplicate row."""
    if ref is not None:
        lookups.update({"tag_id": ref.id} if ref.id else {"tag__name__iexact": ref.name})
    if tag_type is not None:
        lookups["tag__type"] = tag_type
    return Q(Exists(PhotoTag.objects.filter(photo=OuterRef("pk"), deleted=False, **lookups)))


def _camera(ref: Ref) -> Q:
    if ref.id:
        return Q(camera_id=ref.id)
    named = Camera.objects.annotate(full_name=Concat("make", Value(" "), "model")).filter(full_name__icontains=ref.name)
    return Q(camera__in=named.values("pk"))


def _lens(ref: Ref) -> Q:
    return Q(lens_id=ref.id) if ref.id else Q(lens__in=Lens.objects.filter(name__icontains=ref.name).values("pk"))


def _file_type(name: str) -> Q:
    files = PhotoFile.objects.filter(photo=OuterRef("pk"))
    if name == RAW:
        files = files.exclude(mimetype__in=NOT_RAW_MIMETYPES)
    else:
        files = files.filter(mimetype__in=FILE_TYPES[name])
    return Q(Exists(files))


def _write_tag(ref: Ref) -> str:
    """A tag by name is written as a quoted word (the same filter), unless its name holds a quote."""
    if ref.name is not None and '"' not in ref.name:
        return f'"{ref.name}"'
    return f"tag:{ref}"


RANGES = {
    "aperture": RangeField("aperture", _DECIMAL, Decimal, Decimal("999.9"), "2.8-5.6"),
    "focalLength": RangeField("focal_length", _DECIMAL, Decimal, Decimal("9999.9"), "24-70"),
    "isoSpeed": RangeField("iso_speed", _INT, int, 2**31 - 1, "100-800"),
    "rating": RangeField("star_rating", _INT, int, 5, "3-5 or >=4", unknown_is_zero=True),
}
HANDLERS: dict[str, Handler] = {
    handler.name: handler
    for handler in (
        Handler("word", None, lambda word: _tagged(tag__name__icontains=word), write=str),
        Handler("date", None, lambda words: _taken_in(words.period()), write=str),
        Handler("tag", _read_ref, _tagged, write=_write_tag),
        Handler("person", _read_ref, partial(_tagged, tag_type=Tag.Type.FACE)),
        Handler("place", _read_ref, partial(_tagged, tag_type=Tag.Type.LOCATION)),
        Handler("album", _read_ref, partial(_tagged, tag_type=Tag.Type.ALBUM)),
        Handler("camera", _read_ref, _camera),
        Handler("lens", _read_ref, _lens),
        *(Handler(name, values.read, values.condition) for name, values in RANGES.items()),
        Handler("exposure", _read_exposures, lambda exposures: Q(exposure__in=exposures.values)),
        Handler("flash", Choice(("on", "off")).read, lambda flash: Q(flash=flash == "on")),
        Handler("meteringMode", str, lambda mode: Q(metering_mode__iexact=mode)),
        Handler("driveMode", str, lambda mode: Q(drive_mode__iexact=mode)),
        Handler("shootingMode", str, lambda mode: Q(shooting_mode__iexact=mode)),
        Handler("from", _read_period, lambda period: Q(sort_at__gte=_aware(period.start))),
        Handler("to", _read_period, lambda period: Q(sort_at__lt=_aware(period.end))),
        Handler("has", Choice(("gps",)).read, lambda _: Q(latitude__isnull=False, longitude__isnull=False)),
        Handler("type", Choice((RAW, *FILE_TYPES), FILE_TYPE_ALIASES).read, _file_type),
        Handler("id", _read_uuid, lambda photo_id: Q(pk=photo_id)),
    )
}
# What may be written before a colon (lower case) → handler; "meeteringMode" is the original's spelling.
TOKEN_NAMES = {name.lower(): handler for name, handler in HANDLERS.items() if handler.read}
KNOWN_NAMES = ", ".join(f"{handler.name}:" for handler in TOKEN_NAMES.values())
TOKEN_NAMES["meeteringmode"] = HANDLERS["meteringMode"]


# ---------------------------------------------------------------------------------------------------------
# Date words

_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)


def _date_word(word: str) -> tuple[str, int] | None:
    """("day" | "month" | "year", number) when the word is a date word, else None."""
    lower = word.lower()
    if (match := _DAY.fullmatch(lower)) and 1 <= int(match[1]) <= 31:
        return "day", int(match[1])
    if re.fullmatch(r"\d{4}", lower) and DATE_WORD_YEARS[0] <= int(lower) <= DATE_WORD_YEARS[1]:
        return "year", int(lower)
    if len(lower) >= 3 and lower.isascii() and lower.isalpha():
        for number, month in enumerate(MONTHS, start=1):
            if month.startswith(lower):
                return "month", number
    return None


def _resolve_date(found: dict[str, int], today: date) -> DateWords:
    """The date words with the year filled in for a month without one; an impossible day is an error."""
    year = found.get("year")
    month = found.get("month")
    if month is not None and year is None:
        year = today.year if month <= today.month else today.year - 1
    words = DateWords(found.get("day"), month, year)
    try:
        words.period()
    except ValueError:
        raise SearchSyntaxError(str(words), f"{words} is not a date") from None
    return words


# ---------------------------------------------------------------------------------------------------------
# Parsing and applying


def _keyed_term(token: Token) -> Term:
    handler = TOKEN_NAMES.get(token.key.lower())
    if handler is None:
        raise SearchSyntaxError(token.text, f"{token.key}: unknown filter (known: {KNOWN_NAMES})")
    if not token.value:
        raise SearchSyntaxError(token.text, f"{handler.name}: expected a value")
    try:
        return Term(handler.name, handler.read(token.value), token.negated)
    except ValueError as exc:
        raise SearchSyntaxError(token.text, f"{handler.name}: {exc}") from None


def parse(q: str, today: date | None = None) -> PhotoQuery:
    """Parse a search string (see the module docstring). ``today`` anchors month words without a year.

    Raises :class:`SearchSyntaxError`, and nothing else, for any string.
    """
    text = _clean(q or "")
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchSyntaxError("", f"the search is too long (at most {MAX_QUERY_LENGTH} characters)")
    terms: list[Term | None] = []
    date_found: dict[str, int] = {}
    date_position = None
    for token in tokenize(text):
        if token.key is not None:
            terms.append(_keyed_term(token))
        elif not token.value:
            continue
        elif token.quoted:
            terms.append(Term("tag", Ref(name=token.value), token.negated))
        elif token.negated:
            terms.append(Term("word", token.value, negated=True))
        elif token.value.lower() in STOP_WORDS:
            continue
        elif (found := _date_word(token.value)) and found[0] not in date_found:
            date_found[found[0]] = found[1]
            if date_position is None:
                date_position = len(terms)
                terms.append(None)  # the date term goes where its first word was
        else:
            terms.append(Term("word", token.value))
        if len(terms) > MAX_TERMS:
            raise SearchSyntaxError(token.text, f"too many search terms (at most {MAX_TERMS})")
    if date_position is not None:
        terms[date_position] = Term("date", _resolve_date(date_found, today or timezone.localdate()))
    return PhotoQuery(tuple(terms))


def filter_photos(queryset: QuerySet, query: PhotoQuery) -> QuerySet:
    """The photos of ``queryset`` that match every term, without duplicates (tags are tested by subqueries)."""
    for term in query.terms:
        condition = HANDLERS[term.key].condition(term.value)
        if condition is not None:
            queryset = queryset.filter(~condition if term.negated else condition)
    return queryset
