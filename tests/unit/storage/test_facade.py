"""``Store`` is the one face of storage: every public method of every area is on it, with the same signature."""

from __future__ import annotations

import inspect

import pytest

from bot.storage import Store
from bot.storage.areas.articles import Articles
from bot.storage.areas.channels import Channels
from bot.storage.areas.feeds import Feeds
from bot.storage.areas.leases import Leases
from bot.storage.areas.polls import Polls
from bot.storage.areas.posts import Posts
from bot.storage.areas.queries import Queries
from bot.storage.areas.stories import Stories
from bot.storage.areas.subscriptions import Subscriptions

AREAS = [Feeds, Articles, Polls, Queries, Channels, Stories, Posts, Leases, Subscriptions]


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(fn)
        for name, fn in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.__name__)
def test_store_offers_every_method_of_the_area_with_its_signature(area: type) -> None:
    offered = _public_methods(Store)
    for name, signature in _public_methods(area).items():
        assert name in offered, f"Store has no {name} of {area.__name__}"
        assert offered[name] == signature, f"Store.{name} differs from {area.__name__}.{name}"


def test_each_store_method_belongs_to_one_area() -> None:
    own = {"open", "close", "database_problem"}
    names = [n for area in AREAS for n in _public_methods(area)]
    assert len(names) == len(set(names))
    assert set(_public_methods(Store)) - own == set(names)
