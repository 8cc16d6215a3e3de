"""Appointment notes: the note record, the page of a list, its body and query."""

from __future__ import annotations

from msgspec import UNSET, UnsetType

from ..api._facts import MAX_NOTES_LIMIT
from ._base import Body, Query, Response, check_limit
from .common import check_min

__all__ = ["MAX_NOTES_LIMIT", "Note", "NoteAuthor", "NoteBody", "NotesPage", "NotesQuery"]


class NoteAuthor(Response):
    """Who wrote a note."""

    id: str | None = None
    name: str | None = None


class Note(Response):
    """A note on an appointment (spec `GetNoteSchema`)."""

    id: str | None = None
    body: str | None = None
    user_id: str | None = None
    date_added: str | None = None
    contact_id: str | None = None
    created_by: NoteAuthor | None = None


class NotesPage(Response):
    """One page of `notes.list`; ask for the next with `offset += limit` while `has_more`."""

    notes: list[Note] | None = None
    has_more: bool | None = None


class NoteBody(Body):
    """Body of `notes.create` and `notes.update` (spec `NotesDTO`)."""

    body: str
    user_id: str | UnsetType = UNSET


class NotesQuery(Query):
    """Query of `notes.list`: `limit` 1..20 (default 20, the API's most); `offset` from 0."""

    limit: int = MAX_NOTES_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        check_limit("limit", self.limit, MAX_NOTES_LIMIT)
        check_min("offset", self.offset, 0)
