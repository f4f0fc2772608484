"""The database side of the people registry: load people as the registry sees them, find a mention's
person, create or update it. Who is who is the registry's decision (``bot.people.registry``); this module
only looks people up and writes what it decided.

People are resolved in memory over one write transaction (``PeopleBook``): the people of the surnames a
batch of articles names are read in one query, created and updated in memory (a new person gets a
provisional id, above every stored one, so ids still sort in creation order), and written at the end of
the batch, one INSERT for the new and one UPDATE per set of changed columns (``PeopleBook.write``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.infra.clock import utcnow
from bot.people.registry import (
    ArticlePeople,
    KnownPerson,
    Mention,
    clean_name,
    merge_names,
    parse_name,
    resolve,
    surname_key,
)
from bot.storage.search import search_names
from bot.storage.tables import Person

MAX_CONTEXT = 30  # titles and co-mentioned names kept per person
# The columns a KnownPerson is made of: select these, not whole rows, where a query only matches names.
KNOWN_COLUMNS = (Person.id, Person.canonical_name, Person.title, Person.aliases, Person.context)
_PEOPLE_LOCK = 0x6E657773  # pg_advisory_xact_lock key serialising person creation across workers
PROVISIONAL = 1 << 62  # a new person's id until written: above every stored id, so creation order sorts last
_LOOKUP_CHUNK = 500  # surname keys per IN (…) list
# What a person's record is made of, and what an update may change.
_COLUMNS = ("canonical_name", "surname_key", "title", "title_updated_at", "aliases", "context", "search_names")
_LOADED = (Person.id, *(getattr(Person, c) for c in _COLUMNS))


def to_known(p: Any) -> KnownPerson:
    """A person as the registry sees them, from a Person or a row of KNOWN_COLUMNS (same attribute names)."""
    ctx = p.context or {}
    return KnownPerson(
        id=p.id,
        name=p.canonical_name,
        title=p.title,
        aliases=tuple(p.aliases or ()),
        titles=tuple(ctx.get("titles", ())),
        co_mentions=tuple(ctx.get("co", ())),
    )


async def load_known(session: AsyncSession, stmt: Select[Any]) -> list[KnownPerson]:
    """The people a select of KNOWN_COLUMNS finds, as the registry sees them."""
    return [to_known(row) for row in await session.execute(stmt)]


async def lock_people(conn: AsyncSession | AsyncConnection, dialect: str) -> None:
    """On PostgreSQL, take the transaction's lock on creating people, so two workers cannot create the same
    person (SQLite has one writer already)."""
    if dialect != "sqlite":
        await conn.execute(sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PEOPLE_LOCK})


def _surnames(names: Iterable[str]) -> set[str]:
    return {parts.surname for n in names if (parts := parse_name(n))}


def _append(existing: list[str], new: Iterable[str]) -> list[str]:
    out = list(existing)
    for n in new:
        if n and n not in out:
            out.append(n)
    return out[-MAX_CONTEXT:]


@dataclass(slots=True, eq=False)
class BookPerson:
    """A person as stored (``_COLUMNS``), changed in memory; ``stored`` holds the values last written."""

    id: int
    canonical_name: str
    surname_key: str
    title: str | None = None
    title_updated_at: datetime | None = None
    aliases: list[str] | None = field(default_factory=list)
    context: dict[str, Any] | None = field(default_factory=dict)
    search_names: str | None = None
    stored: dict[str, Any] | None = None  # None: not written yet (a new person)

    def values(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in _COLUMNS}

    def changed(self) -> dict[str, Any]:
        """The columns that differ from what is stored (every column of a new person)."""
        now = self.values()
        if self.stored is None:
            return now
        return {c: v for c, v in now.items() if v != self.stored[c]}


def _absorb(person: BookPerson, mention: Mention, when: datetime) -> None:
    """Fold one mention into a person: names, the latest title, and context for telling namesakes apart."""
    canonical, aliases = merge_names(person.canonical_name, person.aliases or [], (mention.name, *mention.aliases))
    if canonical != person.canonical_name:
        person.canonical_name = canonical
        person.surname_key = surname_key(canonical)
    if aliases != (person.aliases or []):
        person.aliases = aliases
    if mention.title and (person.title_updated_at is None or when >= person.title_updated_at):
        person.title, person.title_updated_at = mention.title, when
    ctx = dict(person.context or {})
    titles = _append(ctx.get("titles", []), [mention.title] if mention.title else [])
    co = _append(ctx.get("co", []), (clean_name(n) for n in mention.co_mentions))
    if titles != ctx.get("titles", []) or co != ctx.get("co", []):
        person.context = {**ctx, "titles": titles, "co": co}
    if (indexed := search_names(person.canonical_name, person.aliases or (), person.title)) != person.search_names:
        person.search_names = indexed


class PeopleBook:
    """The people of one write transaction, read by surname key as mentions need them (``preload`` reads a
    batch's at once), resolved, created and updated in memory, and written by ``write``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._people: dict[int, BookPerson] = {}
        self._by_key: dict[str, dict[int, BookPerson]] = {}  # in step with each person's surname key
        self._loaded: set[str] = set()  # surname keys read from the database
        self._new: list[BookPerson] = []  # created, not written yet, in creation order
        self._next = PROVISIONAL

    async def preload(self, names: Iterable[str]) -> None:
        """Read, in one query per few hundred, the stored people of ``names``' surnames."""
        missing = sorted(_surnames(names) - self._loaded)
        for start in range(0, len(missing), _LOOKUP_CHUNK):
            keys = missing[start : start + _LOOKUP_CHUNK]
            self._loaded.update(keys)
            for row in await self.conn.execute(select(*_LOADED).where(Person.surname_key.in_(keys))):
                if row.id not in self._people:  # one read already, maybe changed since: memory is newer
                    stored = {c: getattr(row, c) for c in _COLUMNS}
                    self._index(BookPerson(row.id, **stored, stored=stored))

    def _index(self, person: BookPerson, old_key: str | None = None) -> None:
        self._people[person.id] = person
        if old_key is not None and old_key != person.surname_key:
            self._by_key.get(old_key, {}).pop(person.id, None)
        self._by_key.setdefault(person.surname_key, {})[person.id] = person

    async def namesakes(self, names: Iterable[str]) -> list[BookPerson]:
        """The people whose surname key is one of ``names``' surnames, in the order they were created."""
        keys = _surnames(names)
        if not keys:
            return []
        await self.preload(names)
        return sorted((p for key in keys for p in self._by_key.get(key, {}).values()), key=lambda p: p.id)

    async def resolve_person(self, mention: Mention, *, when: datetime, create: bool = True) -> BookPerson | None:
        """The person ``mention`` names, updated with it; a new person when nobody fits and ``create``;
        None when several people fit equally well (a bare surname shared by namesakes)."""
        namesakes = await self.namesakes((mention.name, *mention.aliases))
        found = resolve(mention, [to_known(p) for p in namesakes])
        if found.person_id is not None:
            person = next(p for p in namesakes if p.id == found.person_id)
            old_key = person.surname_key
            _absorb(person, mention, when)
            self._index(person, old_key)
            return person
        if found.is_ambiguous or not create:
            return None
        name = clean_name(mention.name)
        person = BookPerson(self._next, name, surname_key(name))
        self._next += 1
        _absorb(person, mention, when)
        self._new.append(person)
        self._index(person)
        return person

    def directory(self, when: datetime) -> BookDirectory:
        return BookDirectory(self, when)

    async def write(self) -> dict[int, int]:
        """Write the people created and changed since the last write: the new ones in one INSERT (in creation
        order, so their ids are too), the changed ones in one UPDATE per set of changed columns. Returns each
        new person's stored id by provisional id; the book goes on under the stored ids."""
        ids = await self._insert_new()
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for person in self._people.values():
            if person.stored is not None and (changed := person.changed()):
                shapes.setdefault(tuple(sorted(changed)), []).append(
                    {"b_id": person.id, **{f"b_{c}": v for c, v in changed.items()}}
                )
                person.stored = person.values()
        for columns, rows in shapes.items():
            stmt = (
                update(Person).where(Person.id == bindparam("b_id")).values({c: bindparam(f"b_{c}") for c in columns})
            )
            await self.conn.execute(stmt, rows)
        return ids

    async def _insert_new(self) -> dict[int, int]:
        if not self._new:
            return {}
        now = utcnow()
        rows = [{**p.values(), "created_at": now} for p in self._new]
        if self.conn.dialect.name == "sqlite":
            # SQLite gives each new row the largest id + 1, row after row: the ids ascending are the rows in
            # order (SQLAlchemy would insert row by row to sort RETURNING by parameter order on SQLite)
            stored_ids = sorted(pid for (pid,) in await self.conn.execute(insert(Person).returning(Person.id), rows))
        else:
            stmt = insert(Person).returning(Person.id, sort_by_parameter_order=True)
            stored_ids = [pid for (pid,) in await self.conn.execute(stmt, rows)]
        ids: dict[int, int] = {}
        for person, stored_id in zip(self._new, stored_ids, strict=True):
            ids[person.id] = stored_id
            self._people.pop(person.id)
            self._by_key[person.surname_key].pop(person.id)
            person.id, person.stored = stored_id, person.values()
            self._index(person)
        self._new = []
        return ids


def stored_people(people: ArticlePeople, ids: Mapping[int, int]) -> ArticlePeople:
    """``people`` with the provisional ids of people written since replaced by their stored ids."""
    if not ids:
        return people
    named = {ids.get(pid, pid): v for pid, v in people.named.items()}
    return ArticlePeople(named, [ids.get(pid, pid) if pid is not None else None for pid in people.speakers])


class BookDirectory:
    """The registry's PersonDirectory over a ``PeopleBook``: mentions seen at ``when`` (the article's date)
    update the people they name."""

    def __init__(self, book: PeopleBook, when: datetime) -> None:
        self.book, self.when = book, when

    async def person_for(self, mention: Mention) -> KnownPerson | None:
        person = await self.book.resolve_person(mention, when=self.when)
        return to_known(person) if person is not None else None
