"""One discord.py extension per feature."""
