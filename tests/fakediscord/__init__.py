"""A local fake Discord (REST v10 + Gateway) for end-to-end tests of the real discord.py bot."""

from .faults import Fault
from .interactions import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    LOADING,
    MODAL,
    UPDATE_MESSAGE,
    Callback,
    InteractionHandle,
)
from .recording import RecordedRequest
from .server import FAKE_TOKEN, FakeDiscord
from .state import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, World

__all__ = [
    "AUTOCOMPLETE_RESULT",
    "CHANNEL_MESSAGE",
    "DEFERRED_CHANNEL_MESSAGE",
    "DEFERRED_UPDATE_MESSAGE",
    "EPHEMERAL",
    "FAKE_TOKEN",
    "LOADING",
    "MODAL",
    "UPDATE_MESSAGE",
    "Callback",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "Fault",
    "InteractionHandle",
    "RecordedRequest",
    "World",
]
