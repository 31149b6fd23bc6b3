from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time

import pytest
from service_helpers import START, Factory, FakeClock, make_library

from bot.bank.holder import BankHolder
from bot.bank.model import Library
from bot.model import GuildSetup
from bot.rules.settings import RuleSettings
from bot.service import StudyService
from bot.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def make_service(db_url: str, clock: FakeClock) -> AsyncIterator[Factory]:
    stores: list[Store] = []

    async def build(
        library: Library | None = None, rules: RuleSettings | None = None, **options: int
    ) -> StudyService:
        store = await Store.open(db_url)
        stores.append(store)
        holder = BankHolder.of(library if library is not None else make_library())
        return StudyService(holder, store, clock, rules, **options)

    yield build
    for store in stores:
        await store.close()


@pytest.fixture
async def service(make_service: Factory) -> StudyService:
    svc = await make_service()
    await svc.setup_guild(GuildSetup(guild_id=1, channel_id=10, post_time=time(9, 0), timezone="UTC"))
    return svc
