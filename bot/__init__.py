"""newsbot's platform-neutral core: feeds, storage, NLP, digests and command answers.

Nothing under ``bot/`` imports Slack or Discord code; the platform handlers live in ``handlers/``.
"""

__version__ = "0.1.0"
