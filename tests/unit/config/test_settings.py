"""Configuration: one settings object from TOML + environment, secrets from the environment only."""

from pathlib import Path

import pytest

from config.settings import DEFAULT_CONFIG, DEMO_CONFIG, ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.toml"
    p.write_text(text)
    return p


def test_shipped_production_config_loads_with_real_feeds() -> None:
    s = load_settings(DEFAULT_CONFIG)
    assert len(s.feeds) >= 5
    assert all(f.url.startswith("https://") for f in s.feeds)
    assert s.http.allow_private_addresses is False


def test_demo_config_fills_the_server_placeholder() -> None:
    s = load_settings(DEMO_CONFIG, placeholders={"demo": "http://127.0.0.1:9999"})
    assert s.feeds and all(f.url.startswith("http://127.0.0.1:9999/") for f in s.feeds)
    assert s.http.allow_private_addresses is True


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write(tmp_path, "[http]\nper_host = 4\n")
    monkeypatch.setenv("NEWSBOT_HTTP__PER_HOST", "7")
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", "postgresql+asyncpg://u@127.0.0.1/db")
    s = load_settings(p)
    assert s.http.per_host == 7
    assert s.database_url.startswith("postgresql+asyncpg://")


def test_flat_platform_endpoint_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_SLACK_API_URL", "http://127.0.0.1:1/api/")
    monkeypatch.setenv("NEWSBOT_DISCORD_API_URL", "http://127.0.0.1:2/api/v10")
    s = load_settings(write(tmp_path, ""))
    assert s.slack.api_url == "http://127.0.0.1:1/api/"
    assert s.discord.api_url == "http://127.0.0.1:2/api/v10"


def test_secrets_come_from_environment_and_never_print(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value-123")
    monkeypatch.setenv("DISCORD_TOKEN", "discord-secret-value")
    s = load_settings(write(tmp_path, ""))
    assert s.slack_bot_token is not None and s.slack_bot_token.get_secret_value() == "xoxb-secret-value-123"
    assert "xoxb-secret-value-123" not in repr(s) and "discord-secret-value" not in str(s.model_dump())


@pytest.mark.parametrize("key", ["slack_bot_token", "DISCORD_TOKEN", "SLACK_SIGNING_SECRET"])
def test_secret_in_file_is_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, f'{key} = "abc"\n'))
    assert key in str(e.value) and "environment" in str(e.value)


def test_unknown_key_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, "[poll]\nintervall = 60\n"))
    assert "poll.intervall" in str(e.value) and "unknown key" in str(e.value)


def test_bad_value_names_key_and_env(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, "[http]\nmax_body_bytes = 10\n"))
    msg = str(e.value)
    assert "http.max_body_bytes" in msg and "NEWSBOT_HTTP__MAX_BODY_BYTES" in msg


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ('database_url = "postgresql://u@h/db"', "postgresql+asyncpg"),
        ('database_url = "sqlite:///x.db"', "sqlite+aiosqlite"),
        ('[[feeds]]\nurl = "ftp://x/feed"', "http"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_invalid_values_explain_the_fix(tmp_path: Path, toml: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, toml))
    assert fragment in str(e.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_web_processes_follow_heroku_web_concurrency_unless_set_for_newsbot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "")
    assert load_settings(path).web_processes == 1
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert load_settings(path).web_processes == 3
    monkeypatch.setenv("NEWSBOT_WEB_PROCESSES", "2")
    assert load_settings(path).web_processes == 2
    monkeypatch.setenv("NEWSBOT_WEB_PROCESSES", "0")
    with pytest.raises(ConfigError, match="web_processes|WEB_PROCESSES"):
        load_settings(path)


BAD_TOPIC = '[zones]\ntitle = 2.0\n'  # valid TOML, but a topic needs [terms]


@pytest.mark.parametrize(
    ("toml", "key", "fix"),
    [
        ('[digest]\nsince = "yesterday"', "digest.since", "24h"),
        ('[digest]\nsince = "0h"', "digest.since", "longer than zero"),
        ('[digest]\nschedule = "dayly 08:00"', "digest.schedule", "every 6h"),
        ('[digest]\nschedule = "daily 08:00 America/Nowhere"', "digest.schedule", "IANA name"),
        ('[digest]\nschedule = "daily 08:00 America"', "digest.schedule", "IANA name"),
        ('[digest]\nschedule = "0 0 31 2 *"', "digest.schedule", "never comes round"),
        ("port = 70000", "port", "65535"),
        ("port = 0", "port", "greater than or equal to 1"),
        ('[nlp]\nmodel = "en_core_web_nonexistent"', "nlp.model", "pip install"),
        ('[nlp]\nmodel = "os"', "nlp.model", "not installed"),  # importable, but not a spaCy pipeline
        ('[nlp]\ntopic = "astrology"', "nlp.topic", "not found"),
        ('[nlp]\ntopic = "/nonexistent/topic.toml"', "nlp.topic", "not found"),
        ('database_url = "mysql://u@127.0.0.1/db"', "database_url", "postgresql+asyncpg://"),
        ('database_url = "newsbot.db"', "database_url", "sqlite+aiosqlite:///"),
        ('database_url = "sqlite+aiosqlite://localhost/newsbot.db"', "database_url", "three slashes"),
        ('database_url = "postgresql+asyncpg://u@127.0.0.1:port/db"', "database_url", "postgresql+asyncpg://"),
        ('database_url = "postgresql+asyncpg://u@127.0.0.1/db?timeout=soon"', "database_url", "?timeout="),
    ],
)
def test_bad_values_are_refused_at_load_in_one_line_with_key_and_fix(
    tmp_path: Path, toml: str, key: str, fix: str
) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, toml))
    msg = str(e.value)
    assert len(msg.splitlines()) == 1, msg
    assert f"'{key}'" in msg and fix in msg, msg
    assert "Traceback" not in msg and "Value error," not in msg


def test_a_malformed_topic_file_is_refused_at_load(tmp_path: Path) -> None:
    topic = tmp_path / "mytopic.toml"
    topic.write_text(BAD_TOPIC)
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, f'[nlp]\ntopic = "{topic}"\n'))
    assert "'nlp.topic'" in str(e.value) and "[terms]" in str(e.value)


def test_good_values_load(tmp_path: Path) -> None:
    topic = tmp_path / "mytopic.toml"
    topic.write_text('[terms]\n"asylum" = 3.0\n')
    s = load_settings(write(tmp_path, f'port = 5000\n[digest]\nsince = "3d"\nschedule = "Off"\n'
                                      f'[nlp]\ntopic = "{topic}"\n'))
    assert (s.port, s.digest.since, s.digest.schedule, s.nlp.topic) == (5000, "3d", "off", str(topic))
    assert load_settings(write(tmp_path, 'database_url = "postgresql+asyncpg://u@127.0.0.1/db?timeout=2.5"\n'))


def test_a_bad_value_from_the_environment_names_its_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "99999")
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, ""))
    assert "'port'" in str(e.value) and "$PORT" in str(e.value)
    monkeypatch.delenv("PORT")
    monkeypatch.setenv("NEWSBOT_DIGEST__SCHEDULE", "hourly")
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, ""))
    assert "'digest.schedule'" in str(e.value) and "$NEWSBOT_DIGEST__SCHEDULE" in str(e.value)


def test_several_problems_are_one_line_each(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(write(tmp_path, 'port = 0\n[digest]\nsince = "soon"\nschedule = "never"\n'))
    lines = str(e.value).splitlines()
    assert len(lines) == 3 and all(line.startswith("configuration error: ") for line in lines)


@pytest.mark.parametrize(("content", "fragment"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not a text file"),
    (b"\xff\xfe[\x00p\x00o\x00l\x00l\x00]\x00", "not a text file"),  # UTF-16
])
def test_a_config_file_that_is_not_text_is_one_line(tmp_path: Path, content: bytes, fragment: str) -> None:
    p = tmp_path / "c.toml"
    p.write_bytes(content)
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert fragment in str(e.value) and str(p) in str(e.value) and len(str(e.value).splitlines()) == 1


def test_a_directory_as_config_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        load_settings(tmp_path)
