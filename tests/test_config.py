from pathlib import Path

import yaml

from migrate.config import default_config, default_files, load_config

EXAMPLE = Path(__file__).parent.parent / "examples" / "config.yaml"


def test_example_config_holds_every_default_with_its_comments():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == default_config()
    for f in default_files():
        assert f.read_text(encoding="utf-8") in text, f"{f.name} is not copied verbatim into examples/config.yaml"


def test_example_config_is_a_valid_override(tmp_path):
    assert load_config(EXAMPLE) == default_config()
