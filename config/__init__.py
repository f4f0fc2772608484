"""newsbot's configuration: the one settings object and the shipped TOML files beside it."""

from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
