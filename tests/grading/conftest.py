from __future__ import annotations

import pytest
from grading_bank import BANK

from bot.grading.grader import Grader


@pytest.fixture(scope="session")
def grader() -> Grader:
    return Grader(BANK)
