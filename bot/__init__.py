"""studybot: a study assistant for Discord study groups."""
