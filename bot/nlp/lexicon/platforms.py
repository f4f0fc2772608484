"""Platforms and media people speak on, which are never the speaker nor a person: "said on Twitter", "wrote
on X", "in a post on Truth Social". Lowercase; a name of several words is one entry ("truth social")."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

PLATFORM_NAMES: frozenset[str] = frozenset(
    """
    twitter x facebook instagram tiktok youtube threads bluesky mastodon reddit linkedin snapchat telegram
    whatsapp signal gab parler gettr rumble substack weibo wechat pinterest tumblr discord twitch medium
    """.split()
) | frozenset({"truth social", "x.com", "twitter.com", "facebook live", "instagram live", "youtube live"})
