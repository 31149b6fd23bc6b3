-- Running per-user totals, so leaderboards and /score read a few index entries instead of summing
-- every result of the guild (300+ ms at 600,000 results).
--
-- period: ''               all time
--         'W' || Monday    local week, e.g. 'W2026-03-30' (weeks run Monday to Sunday)
--         'M' || YYYY-MM   local month, e.g. 'M2026-03'
-- `day` in results is already the guild's local date, so these keys equal 'W' || week_start(day)
-- and 'M' || month_start(day) of bot.rules.schedule (tests/store/test_store_totals.py checks
-- every weekday). 'weekday 0' moves forward to the next Sunday (a Sunday stays), and six days
-- back from there is the Monday that starts the week.

CREATE TABLE score_totals (
    guild_id INTEGER NOT NULL,
    period   TEXT    NOT NULL,
    user_id  INTEGER NOT NULL,
    points   INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    correct  INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0),
    PRIMARY KEY (guild_id, period, user_id)
) STRICT, WITHOUT ROWID;

-- The leaderboard's order; only users with points are ranked. `answered` rides along so a deep
-- page (OFFSET 97,000) is read from the index alone.
CREATE INDEX score_totals_rank
    ON score_totals (guild_id, period, points DESC, correct DESC, user_id, answered)
    WHERE points > 0;

-- Triggers keep the totals exact inside the same transaction as the write to results, whatever
-- the write path (record_attempt, mark_revealed, a later migration).
CREATE TRIGGER results_totals_insert AFTER INSERT ON results BEGIN
    INSERT INTO score_totals (guild_id, period, user_id, points, answered, correct)
    SELECT NEW.guild_id, p.key, NEW.user_id, NEW.best_points, NEW.attempts > 0,
           NEW.best_verdict IS 'correct' AND NEW.forfeited = 0
    FROM (SELECT '' AS key
          UNION ALL SELECT 'W' || date(NEW.day, 'weekday 0', '-6 days')
          UNION ALL SELECT 'M' || substr(NEW.day, 1, 7)) AS p
    WHERE true  -- needed before ON CONFLICT in an INSERT ... SELECT
    ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
        points = points + excluded.points,
        answered = answered + excluded.answered,
        correct = correct + excluded.correct;
END;

-- The usual update (attempts and best attempt of one result): adjust the three rows in place.
CREATE TRIGGER results_totals_update AFTER UPDATE ON results
WHEN OLD.guild_id = NEW.guild_id AND OLD.user_id = NEW.user_id AND OLD.day = NEW.day BEGIN
    UPDATE score_totals SET
        points = points + NEW.best_points - OLD.best_points,
        answered = answered + (NEW.attempts > 0) - (OLD.attempts > 0),
        correct = correct + (NEW.best_verdict IS 'correct' AND NEW.forfeited = 0)
                          - (OLD.best_verdict IS 'correct' AND OLD.forfeited = 0)
    WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id
      AND period IN ('', 'W' || date(NEW.day, 'weekday 0', '-6 days'), 'M' || substr(NEW.day, 1, 7));
END;

-- A result moved to another guild, user or day (no code does this; kept exact all the same):
-- take it out of the old periods and add it to the new ones.
CREATE TRIGGER results_totals_move AFTER UPDATE ON results
WHEN OLD.guild_id <> NEW.guild_id OR OLD.user_id <> NEW.user_id OR OLD.day <> NEW.day BEGIN
    UPDATE score_totals SET
        points = points - OLD.best_points,
        answered = answered - (OLD.attempts > 0),
        correct = correct - (OLD.best_verdict IS 'correct' AND OLD.forfeited = 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND period IN ('', 'W' || date(OLD.day, 'weekday 0', '-6 days'), 'M' || substr(OLD.day, 1, 7));
    INSERT INTO score_totals (guild_id, period, user_id, points, answered, correct)
    SELECT NEW.guild_id, p.key, NEW.user_id, NEW.best_points, NEW.attempts > 0,
           NEW.best_verdict IS 'correct' AND NEW.forfeited = 0
    FROM (SELECT '' AS key
          UNION ALL SELECT 'W' || date(NEW.day, 'weekday 0', '-6 days')
          UNION ALL SELECT 'M' || substr(NEW.day, 1, 7)) AS p
    WHERE true
    ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
        points = points + excluded.points,
        answered = answered + excluded.answered,
        correct = correct + excluded.correct;
END;

CREATE TRIGGER results_totals_delete AFTER DELETE ON results BEGIN
    UPDATE score_totals SET
        points = points - OLD.best_points,
        answered = answered - (OLD.attempts > 0),
        correct = correct - (OLD.best_verdict IS 'correct' AND OLD.forfeited = 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND period IN ('', 'W' || date(OLD.day, 'weekday 0', '-6 days'), 'M' || substr(OLD.day, 1, 7));
END;

-- Backfill from the results already stored.
INSERT INTO score_totals (guild_id, period, user_id, points, answered, correct)
SELECT guild_id, key, user_id, SUM(best_points), SUM(attempts > 0),
       SUM(best_verdict IS 'correct' AND forfeited = 0)
FROM (SELECT guild_id, user_id, best_points, attempts, best_verdict, forfeited, '' AS key FROM results
      UNION ALL
      SELECT guild_id, user_id, best_points, attempts, best_verdict, forfeited,
             'W' || date(day, 'weekday 0', '-6 days') FROM results
      UNION ALL
      SELECT guild_id, user_id, best_points, attempts, best_verdict, forfeited,
             'M' || substr(day, 1, 7) FROM results)
GROUP BY guild_id, key, user_id;
