"""asyncpg's pool retrying to reconnect to a server that is away logs one line at debug level, not
a warning with a traceback per try; anything else it logs (a refused password, a bug) is left as
it was. The outage end to end: tests/e2e/test_database_outage.py."""

from __future__ import annotations

import logging

import asyncpg
import pytest

from bot.store.postgres import POOL_LOGGER, quiet_pool_retries

RETRY = "Failed to restore the pool connection floor; retrying"  # asyncpg's own words


def retry_failed(error: BaseException, message: str = RETRY) -> None:
    """Log as asyncpg's pool does when a background reconnect fails."""
    try:
        raise error
    except BaseException:
        logging.getLogger(POOL_LOGGER).warning(message, exc_info=True)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        asyncpg.CannotConnectNowError("the database system is shutting down"),
        TimeoutError(),
    ],
)
def test_a_reconnect_that_fails_while_the_server_is_away_is_one_debug_line(
    error: BaseException, caplog: pytest.LogCaptureFixture
) -> None:
    quiet_pool_retries()
    quiet_pool_retries()  # once per process, however many stores open
    with caplog.at_level(logging.INFO):
        retry_failed(error)
    assert caplog.records == []
    with caplog.at_level(logging.DEBUG, POOL_LOGGER):
        retry_failed(error)
    (record,) = caplog.records
    assert record.levelno == logging.DEBUG and record.exc_info is None
    assert record.getMessage().startswith("Failed to restore the pool connection floor (")
    assert f"({str(error) or type(error).__name__})" in record.getMessage()  # what went wrong, always
    assert caplog.text.count("\n") == 1 and "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (asyncpg.InvalidPasswordError("password authentication failed"), RETRY),
        (ValueError("a bug"), RETRY),
        (ConnectionRefusedError(111, "refused"), "Pool.close() is taking over 60 seconds to complete."),
    ],
)
def test_other_pool_warnings_keep_their_level_and_traceback(
    error: BaseException, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    quiet_pool_retries()
    with caplog.at_level(logging.INFO):
        retry_failed(error, message)
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is not None
    assert record.getMessage() == message
