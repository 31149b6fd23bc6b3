import logging
from pathlib import Path

import pytest

from bot.logs import MASK, RedactSecrets
from bot.settings import SettingsError, load_settings, read_dotenv

TOKEN = "MTIz.fake-token.abcdefghijklmnop"


def settings(env=None, **kwargs):
    return load_settings(env=env or {}, dotenv_path=None, **kwargs)


def test_defaults_are_usable():
    s = settings()
    assert s.token == ""
    assert s.default_timezone == "UTC"
    assert s.log_level == "INFO"
    assert s.db_path.name == "studybot.db"
    assert s.bank_paths and s.api_base_url is None and s.message_content is False


def test_environment_values_are_parsed():
    s = settings(
        {
            "DISCORD_TOKEN": TOKEN,
            "STUDYBOT_DB": "/tmp/x/s.db",
            "STUDYBOT_BANKS": "a.yaml:b",
            "STUDYBOT_TIMEZONE": "Asia/Shanghai",
            "STUDYBOT_LOG_LEVEL": "debug",
            "STUDYBOT_DEV_GUILD": "123456789012345678",
            "DISCORD_API_BASE_URL": "http://127.0.0.1:5000/api/v10/",
            "STUDYBOT_MESSAGE_CONTENT": "yes",
        }
    )
    assert s.token == TOKEN
    assert s.db_path == Path("/tmp/x/s.db")
    assert s.bank_paths == (Path("a.yaml"), Path("b"))
    assert s.default_timezone == "Asia/Shanghai"
    assert s.log_level == "DEBUG"
    assert s.dev_guild_id == 123456789012345678
    assert s.api_base_url == "http://127.0.0.1:5000/api/v10"
    assert s.message_content is True


def test_every_problem_is_reported_by_variable_name():
    with pytest.raises(SettingsError) as err:
        settings(
            {
                "STUDYBOT_TIMEZONE": "Mars/Olympus",
                "STUDYBOT_LOG_LEVEL": "LOUD",
                "STUDYBOT_DEV_GUILD": "my server",
                "DISCORD_API_BASE_URL": "discord.com",
                "STUDYBOT_MESSAGE_CONTENT": "maybe",
            }
        )
    text = str(err.value)
    assert len(err.value.problems) == 5
    for name in ("STUDYBOT_TIMEZONE", "STUDYBOT_LOG_LEVEL", "STUDYBOT_DEV_GUILD", "DISCORD_API_BASE_URL"):
        assert name in text
    assert "Mars/Olympus" in text


def test_config_file_then_dotenv_then_environment(tmp_path):
    config = tmp_path / "studybot.toml"
    config.write_text('[studybot]\ndefault_timezone = "Europe/Berlin"\nlog_level = "WARNING"\n')
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"# comment\nexport DISCORD_TOKEN='{TOKEN}'\nSTUDYBOT_LOG_LEVEL=ERROR\n")
    s = load_settings(env={"STUDYBOT_LOG_LEVEL": "DEBUG"}, config_path=config, dotenv_path=dotenv)
    assert s.default_timezone == "Europe/Berlin"
    assert s.token == TOKEN
    assert s.log_level == "DEBUG"


def test_config_file_problems_are_clear(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[studybot]\ntimezone = 'UTC'\n")
    with pytest.raises(SettingsError, match="unknown key 'timezone'"):
        settings(config_path=bad)
    with pytest.raises(SettingsError, match="not found"):
        settings(config_path=tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[studybot\n")
    with pytest.raises(SettingsError, match=r"broken\.toml"):
        settings(config_path=broken)


def test_token_never_in_repr():
    s = settings({"DISCORD_TOKEN": TOKEN})
    assert TOKEN not in repr(s)


def test_dotenv_ignores_junk(tmp_path):
    f = tmp_path / ".env"
    f.write_text('no equals here\n\nA = 1\nB="two words"\n')
    assert read_dotenv(f) == {"A": "1", "B": "two words"}
    assert read_dotenv(tmp_path / "absent") == {}


def test_log_filter_masks_token_in_message_args_and_traceback(caplog):
    logger = logging.getLogger("studybot.test")
    handler = logging.Handler()
    records = []
    handler.emit = records.append
    handler.addFilter(RedactSecrets([TOKEN]))
    logger.addHandler(handler)
    try:
        logger.error("token is %s", TOKEN)
        try:
            raise RuntimeError(f"bad {TOKEN}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert records[0].getMessage() == f"token is {MASK}"
    assert TOKEN not in records[1].exc_text and MASK in records[1].exc_text


def test_grader_cache_has_a_default_and_is_checked():
    assert settings().grader_cache == 8
    assert settings({"STUDYBOT_GRADER_CACHE": "32"}).grader_cache == 32
    for bad in ("0", "-1", "many", "1001"):
        with pytest.raises(SettingsError, match="STUDYBOT_GRADER_CACHE"):
            settings({"STUDYBOT_GRADER_CACHE": bad})


def test_numbers_in_other_scripts_are_refused_with_the_settings_message():
    cases = {
        "STUDYBOT_DEV_GUILD": ("²", "is not a server id"),
        "STUDYBOT_SHARD_COUNT": ("²", "is not a number of shards"),
        "STUDYBOT_GRADER_CACHE": ("٣", "is not a number of servers"),
    }
    for name, (value, message) in cases.items():
        with pytest.raises(SettingsError, match=f"{name}: '{value}' {message}"):
            settings({name: value})
    with pytest.raises(SettingsError, match=r"STUDYBOT_SHARD_IDS: .* is not a list of shard numbers"):
        settings({"STUDYBOT_SHARD_COUNT": "2", "STUDYBOT_SHARD_IDS": "0,¹"})


def test_dotenv_with_a_byte_order_mark_keeps_its_first_key(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes(b"\xef\xbb\xbfSTUDYBOT_LOG_LEVEL=debug\r\n")
    assert load_settings(env={}, dotenv_path=env).log_level == "DEBUG"


def test_dotenv_that_is_not_utf8_names_the_line_and_not_the_value(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes(b"STUDYBOT_LOG_LEVEL=info\nDISCORD_TOKEN=MTIz.s\xe9cret\n")
    with pytest.raises(SettingsError) as err:
        load_settings(env={}, dotenv_path=env)
    assert err.value.problems == [f"{env}:2: not valid UTF-8; save the file as UTF-8"]


def test_unreadable_config_and_dotenv_files_are_configuration_problems(tmp_path, monkeypatch):
    with pytest.raises(SettingsError, match=r"config file .*: cannot read: Is a directory"):
        settings(config_path=tmp_path)
    env = tmp_path / ".env"
    env.write_text("STUDYBOT_LOG_LEVEL=debug\n")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # what a file owned by another user gives
    with pytest.raises(SettingsError, match=r"\.env: cannot read: Permission denied"):
        load_settings(env={}, dotenv_path=env)


def test_dotenv_comments_after_values_are_not_part_of_them(tmp_path):
    f = tmp_path / ".env"
    f.write_text(
        f'DISCORD_TOKEN="{TOKEN}"  # from the portal\n'
        "STUDYBOT_LOG_LEVEL=debug # verbose\n"
        "A='single # kept'\nB=x#y\n"
    )
    assert read_dotenv(f) == {
        "DISCORD_TOKEN": TOKEN,
        "STUDYBOT_LOG_LEVEL": "debug",
        "A": "single # kept",
        "B": "x#y",
    }
    s = load_settings(env={}, dotenv_path=f)
    assert (s.token, s.log_level) == (TOKEN, "DEBUG")


def test_a_bad_value_is_named_where_it_was_written(tmp_path):
    config = tmp_path / "studybot.toml"
    config.write_text("[studybot]\nshard_count = 0\nlog_level = 'loud'\n")
    with pytest.raises(SettingsError) as err:
        settings({"STUDYBOT_LOG_LEVEL": "louder"}, config_path=config)
    assert err.value.problems == [
        "STUDYBOT_LOG_LEVEL: 'louder' is not one of DEBUG, INFO, WARNING, ERROR",  # the environment wins
        f"shard_count in {config}: 0 is not a number of shards (1 or more)",
    ]
    with pytest.raises(SettingsError, match=r"^--shard-count: '0' is not a number of shards"):
        settings(overrides={"shard_count": "0"})
