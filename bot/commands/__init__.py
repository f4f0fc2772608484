"""The shared command layer: text → typed request (``parse``) → plain result (``service``).

Slack, Discord and the terminal all go through here, so a command is parsed once and answered once;
each platform handler only renders the result.
"""

from bot.commands.parse import COMMANDS, UsageError, parse_command
from bot.commands.requests import Request

__all__ = ["COMMANDS", "Request", "UsageError", "parse_command"]
