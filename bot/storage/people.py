"""The database side of the people registry: load people as the registry sees them, find a mention's
person, create or update it. Who is who is the registry's decision (``bot.people.registry``); this module
only looks people up and writes what it decided."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.registry import KnownPerson, Mention, clean_name, merge_names, parse_name, resolve, surname_key
from bot.storage.search import search_names
from bot.storage.tables import Person

MAX_CONTEXT = 30  # titles and co-mentioned names kept per person
# The columns a KnownPerson is made of: select these, not whole rows, where a query only matches names.
KNOWN_COLUMNS = (Person.id, Person.canonical_name, Person.title, Person.aliases, Person.context)
_PEOPLE_LOCK = 0x6E657773  # pg_advisory_xact_lock key serialising person creation across workers


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


async def lock_people(session: AsyncSession, dialect: str) -> None:
    """On PostgreSQL, take the transaction's lock on creating people, so two workers cannot create the same
    person (SQLite has one writer already)."""
    if dialect != "sqlite":
        await session.execute(sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PEOPLE_LOCK})


def _surnames(names: Iterable[str]) -> set[str]:
    return {parts.surname for n in names if (parts := parse_name(n))}


def _by_surname(session: AsyncSession) -> dict[str, list[Person]]:
    """The people of each surname key read in this transaction, kept in step as people are created or
    renamed here (only ``resolve_person`` writes people): a chunk of a bulk import names the same people
    article after article, and each look-up was a query."""
    cache: dict[str, list[Person]] = session.info.setdefault("people_by_surname", {})
    return cache


async def _namesakes(session: AsyncSession, names: Iterable[str]) -> list[Person]:
    """The people whose surname key is one of ``names``' surnames, in the order they were created."""
    keys = _surnames(names)
    if not keys:
        return []
    cache = _by_surname(session)
    if missing := keys - cache.keys():
        for key in missing:
            cache[key] = []
        for person in await session.scalars(select(Person).where(Person.surname_key.in_(missing))):
            cache[person.surname_key].append(person)
    return sorted({p.id: p for key in keys for p in cache[key]}.values(), key=lambda p: p.id)


def _keep_in_step(session: AsyncSession, person: Person, old_key: str | None) -> None:
    """After ``person`` was created or its canonical name changed: under its surname key, not its old one."""
    cache = _by_surname(session)
    if old_key is not None and old_key != person.surname_key and person in cache.get(old_key, ()):
        cache[old_key].remove(person)
    if person.surname_key in cache and person not in cache[person.surname_key]:
        cache[person.surname_key].append(person)


def _append(existing: list[str], new: Iterable[str]) -> list[str]:
    out = list(existing)
    for n in new:
        if n and n not in out:
            out.append(n)
    return out[-MAX_CONTEXT:]


def _absorb(person: Person, mention: Mention, when: datetime) -> None:
    """Fold one mention into a person: names, the latest title, and context for telling namesakes apart."""
    canonical, aliases = merge_names(person.canonical_name, person.aliases or [], (mention.name, *mention.aliases))
    if canonical != person.canonical_name:
        person.canonical_name = canonical
        person.surname_key = surname_key(canonical)
    if aliases != (person.aliases or []):
        person.aliases = aliases  # reassign: the ORM does not see in-place changes to JSON
    if mention.title and (person.title_updated_at is None or when >= person.title_updated_at):
        person.title, person.title_updated_at = mention.title, when
    ctx = dict(person.context or {})
    titles = _append(ctx.get("titles", []), [mention.title] if mention.title else [])
    co = _append(ctx.get("co", []), (clean_name(n) for n in mention.co_mentions))
    if titles != ctx.get("titles", []) or co != ctx.get("co", []):
        person.context = {**ctx, "titles": titles, "co": co}
    if (indexed := search_names(person.canonical_name, person.aliases or (), person.title)) != person.search_names:
        person.search_names = indexed


async def resolve_person(
    session: AsyncSession, mention: Mention, *, when: datetime, create: bool = True
) -> Person | None:
    """The stored person ``mention`` names, updated with it; a new person when nobody fits and
    ``create``; None when several people fit equally well (a bare surname shared by namesakes)."""
    namesakes = await _namesakes(session, (mention.name, *mention.aliases))
    found = resolve(mention, [to_known(p) for p in namesakes])
    if found.person_id is not None:
        person = next(p for p in namesakes if p.id == found.person_id)
        old_key = person.surname_key
        _absorb(person, mention, when)
        _keep_in_step(session, person, old_key)
        return person
    if found.is_ambiguous or not create:
        return None
    name = clean_name(mention.name)
    person = Person(canonical_name=name, surname_key=surname_key(name), aliases=[], context={})
    _absorb(person, mention, when)
    session.add(person)
    await session.flush()
    _keep_in_step(session, person, None)
    return person


class SessionDirectory:
    """The registry's PersonDirectory over one write transaction: mentions seen at ``when`` (the article's
    date) update the people they name."""

    def __init__(self, session: AsyncSession, when: datetime) -> None:
        self.session, self.when = session, when

    async def person_for(self, mention: Mention) -> KnownPerson | None:
        person = await resolve_person(self.session, mention, when=self.when)
        return to_known(person) if person is not None else None
