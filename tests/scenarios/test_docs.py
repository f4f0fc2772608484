"""The README documents every configuration key the code reads, and every CLI command."""

from pydantic import BaseModel

from config.settings import Settings
from handlers.cli import cli
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out += keys(ann, f"{prefix}{name}.")
        elif isinstance(field.validation_alias, str):  # secrets: documented under their env name
            out.append(field.validation_alias)
        else:
            out.append(prefix + name)
    return out


def test_every_setting_is_documented() -> None:
    missing = [k for k in keys(Settings) if f"`{k}`" not in README]
    assert not missing, f"README lacks configuration keys: {missing}"


def test_every_cli_command_is_documented() -> None:
    missing = [name for name in cli.commands if f"newsbot {name}" not in README]
    assert not missing, f"README lacks commands: {missing}"


def test_the_two_setup_commands_are_there() -> None:
    assert "make demo" in README and "make test" in README
