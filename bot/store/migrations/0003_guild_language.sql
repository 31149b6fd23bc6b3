-- The language of a guild's public posts (daily question, summaries, quizzes, leaderboards), as a
-- Discord locale such as 'zh-CN'. NULL: follow the guild's preferred locale.
ALTER TABLE guilds ADD COLUMN language TEXT CHECK (language IS NULL OR language <> '');
