from pathlib import Path

import settings

README = Path(__file__).parent.parent / "README.md"


def test_environment_overrides_defaults():
    values = settings.from_env({"INDEX_DIR": "/tmp/elsewhere", "PAGE_SIZE": "5"})
    assert values["INDEX_DIR"] == "/tmp/elsewhere" and values["PAGE_SIZE"] == 5
    assert settings.from_env({})["PORT"] == 5000


def test_readme_lists_every_setting():
    readme = README.read_text()
    for setting in settings.SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name
