"""A PostgreSQL URL whose password holds @, / or # unencoded is refused without showing it."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings
from bot.store import StoreError
from bot.store.target import parse_target


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://studybot:Qx7@Kv9/Wm2@db/studybot",
        "postgresql://studybot:Qx7#Kv9@db:5432/studybot",
    ],
)
def test_a_password_with_reserved_characters_is_refused_unshown(url: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env={"STUDYBOT_DB": url}, dotenv_path=None)
    text = str(err.value)
    assert "percent-encoded (@ as %40, / as %2F, ? as %3F, # as %23)" in text
    password = url.split("://")[1].split(":", 1)[1].rpartition("@")[0]
    assert not any(piece in text for piece in password.replace("#", "@").replace("/", "@").split("@"))


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://studybot:p%40ss%2Fword@db/studybot",
        "postgresql://bot@db:5432/studybot?user=me@tenant",
        "postgresql://db/studybot",
    ],
)
def test_encoded_passwords_and_query_values_are_still_accepted(url: str) -> None:
    assert parse_target(url).url == url


def test_a_password_given_as_a_query_parameter_is_masked_too() -> None:
    url = "postgresql://studybot@db/studybot?sslmode=require&password=Qx7Kv9Wm2zz&application_name=bot"
    assert parse_target(url).label == (
        "postgresql://studybot@db/studybot?sslmode=require&password=***&application_name=bot"
    )
    settings = load_settings(env={"STUDYBOT_DB": url}, dotenv_path=None)
    assert "Qx7Kv9Wm2zz" in settings.secrets()  # what the log filter masks


@pytest.mark.parametrize(
    ("url", "password"),
    [
        ("postgresql://studybot:Qx7@Kv9?Wm2@db/studybot", "Qx7@Kv9?Wm2"),
        ("postgresql://studybot:Qx7?Kv9@db/studybot", "Qx7?Kv9"),
    ],
)
def test_a_question_mark_in_the_password_shows_no_piece_of_it(url: str, password: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env={"STUDYBOT_DB": url}, dotenv_path=None)
    text = str(err.value)
    assert not any(piece in text for piece in password.replace("?", "@").split("@")), text


def test_a_question_mark_in_the_password_is_said_as_such_not_as_a_bad_port() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env={"STUDYBOT_DB": "postgresql://studybot:Qx7?Kv9@db/studybot"}, dotenv_path=None)
    assert err.value.problems == [
        "STUDYBOT_DB: The PostgreSQL URL postgresql://***@db/studybot has @, /, ? or # in its user name "
        "or password: write them percent-encoded (@ as %40, / as %2F, ? as %3F, # as %23)."
    ]
    assert (
        parse_target("postgresql://studybot:Qx7%3FKv9@db/studybot").label
        == "postgresql://studybot:***@db/studybot"
    )
    with pytest.raises(StoreError, match="The port in postgresql://bot@db:x/studybot is not a number"):
        parse_target("postgresql://bot@db:x/studybot")
