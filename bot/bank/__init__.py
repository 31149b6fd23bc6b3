"""Question banks: the value types, loading and checking YAML bank files, importing markdown."""

from bot.bank.holder import BankHolder
from bot.bank.loader import check_paths, load_bank, load_library, read_library
from bot.bank.model import Bank, BankError, Difficulty, KeyPoint, Library, Problem, Question

__all__ = [
    "Bank",
    "BankError",
    "BankHolder",
    "Difficulty",
    "KeyPoint",
    "Library",
    "Problem",
    "Question",
    "check_paths",
    "load_bank",
    "load_library",
    "read_library",
]
