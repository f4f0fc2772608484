"""Signed page links: scoped to one path, expiring, refused when unsigned, tampered or late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.web_links import (
    EXPIRES,
    SIGNATURE,
    LinkCheck,
    LinkSigner,
    links_enabled,
    person_id_of,
    person_path,
    signer_from,
    slugify,
    story_path,
)
from config.settings import ConfigError, Settings, load_settings

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SIGNER = LinkSigner(b"a test secret", timedelta(days=30))


def signed(path: str) -> tuple[str, str]:
    q = SIGNER.query(path, NOW)
    return q[EXPIRES], q[SIGNATURE]


def test_a_signed_link_opens_its_page_until_it_expires() -> None:
    exp, sig = signed("/people/7-ada-quill")
    assert SIGNER.check("/people/7-ada-quill", exp, sig, NOW) is LinkCheck.OK
    assert SIGNER.check("/people/7-ada-quill", exp, sig, NOW + timedelta(days=29)) is LinkCheck.OK
    assert SIGNER.check("/people/7-ada-quill", exp, sig, NOW + timedelta(days=31)) is LinkCheck.EXPIRED


def test_a_link_is_scoped_to_its_page() -> None:
    exp, sig = signed("/people/7-ada-quill")
    assert SIGNER.check("/people/8-ada-quill", exp, sig, NOW) is LinkCheck.TAMPERED
    assert SIGNER.check("/stories/a7", exp, sig, NOW) is LinkCheck.TAMPERED


def test_a_moved_expiry_or_changed_signature_is_tampering() -> None:
    exp, sig = signed("/figures")
    assert SIGNER.check("/figures", str(int(exp) + 86400), sig, NOW) is LinkCheck.TAMPERED
    assert SIGNER.check("/figures", exp, sig[:-1] + ("A" if sig[-1] != "A" else "B"), NOW) is LinkCheck.TAMPERED
    assert SIGNER.check("/figures", "-5", sig, NOW) is LinkCheck.TAMPERED
    assert SIGNER.check("/figures", "9" * 40, sig, NOW) is LinkCheck.TAMPERED


def test_another_secret_does_not_open_the_page() -> None:
    exp, sig = signed("/figures")
    other = LinkSigner(b"another secret")
    assert other.check("/figures", exp, sig, NOW) is LinkCheck.TAMPERED


def test_unsigned_requests_are_refused_unless_the_operator_allows_them() -> None:
    assert SIGNER.check("/figures", None, None, NOW) is LinkCheck.UNSIGNED
    open_signer = LinkSigner(b"s", allow_unsigned=True)
    assert open_signer.check("/figures", None, None, NOW) is LinkCheck.OK
    assert LinkSigner(None).check("/figures", None, None, NOW) is LinkCheck.NOT_CONFIGURED


def test_url_carries_params_and_signs_the_decoded_path() -> None:
    url = SIGNER.url("https://news.example/", story_path("a 12/x"), NOW, {"q": "shelters"})
    parts = urlsplit(url)
    assert parts.path == "/stories/a%2012%2Fx"
    q = parse_qs(parts.query)
    assert q["q"] == ["shelters"]
    assert SIGNER.check("/stories/a 12/x", q[EXPIRES][0], q[SIGNATURE][0], NOW) is LinkCheck.OK


def test_person_paths_read_well_and_lead_back_to_the_id() -> None:
    assert slugify("José Núñez-Ortega") == "jose-nunez-ortega"
    path = person_path(42, "Ada Quill")
    assert path == "/people/42-ada-quill"
    assert person_id_of(path.removeprefix("/people/")) == 42
    assert person_id_of("42") == 42
    assert person_id_of("ada-quill") is None
    assert person_path(5, "李") == "/people/5"


def test_settings_default_to_thirty_days_signed_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_WEB_SECRET", "from the environment")
    s = Settings()
    signer = signer_from(s)
    assert signer.lifetime == timedelta(days=30) and signer.allow_unsigned is False
    assert signer.secret == b"from the environment"
    assert "from the environment" not in repr(s)  # a SecretStr: never printed
    assert not links_enabled(s)  # no base URL: answers carry no links
    assert links_enabled(Settings(web={"base_url": "https://news.example/"}))
    assert Settings(web={"base_url": "https://news.example/"}).web.base_url == "https://news.example"


def test_the_secret_is_refused_in_the_config_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "newsbot.toml"
    cfg.write_text('web_secret = "oops"\n')
    with pytest.raises(ConfigError, match="secret"):
        load_settings(cfg)


def test_bad_web_settings_are_explained() -> None:
    with pytest.raises(ValueError, match="http"):
        Settings(web={"base_url": "news.example"})
    with pytest.raises(ValueError, match="per period"):
        Settings(web={"rate_limit": "lots"})


def test_link_signatures_are_masked_in_logs() -> None:
    from bot.infra.log import redact

    url = SIGNER.url("http://news.example", "/figures", NOW, {"q": "visa"})
    line = redact(f'"GET {url.removeprefix("http://news.example")} HTTP/1.1" 200')
    assert SIGNER.query("/figures", NOW)[SIGNATURE] not in line and "sig=[redacted]" in line and "q=visa" in line
