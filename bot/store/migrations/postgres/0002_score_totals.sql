-- Running per-user totals, PostgreSQL dialect of ../0002_score_totals.sql (read that file for why).
-- period: '' all time, 'W' || Monday of the local week, 'M' || YYYY-MM of the local month.

CREATE TABLE score_totals (
    guild_id BIGINT  NOT NULL,
    period   TEXT    NOT NULL,
    user_id  BIGINT  NOT NULL,
    points   INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    correct  INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0),
    PRIMARY KEY (guild_id, period, user_id)
);

CREATE INDEX score_totals_rank
    ON score_totals (guild_id, period, points DESC, correct DESC, user_id, answered)
    WHERE points > 0;

-- The three period keys of a local day; date_trunc('week') gives the ISO week's Monday.
CREATE FUNCTION studybot_periods(day TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['', 'W' || to_char(date_trunc('week', day::date), 'YYYY-MM-DD'), 'M' || substr(day, 1, 7)]
$$;

-- A result's share of the totals: points, answered 0/1, correct 0/1.
CREATE FUNCTION studybot_share(r results, OUT points INTEGER, OUT answered INTEGER, OUT correct INTEGER)
LANGUAGE sql IMMUTABLE AS $$
    SELECT r.best_points, (r.attempts > 0)::int,
           (r.best_verdict IS NOT DISTINCT FROM 'correct' AND r.forfeited = 0)::int
$$;

-- Add a result to its three period rows (creating them), or change the rows by a difference.
CREATE FUNCTION studybot_totals_add(g BIGINT, u BIGINT, day TEXT, p INTEGER, a INTEGER, c INTEGER)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO score_totals AS t (guild_id, period, user_id, points, answered, correct)
    SELECT g, key, u, p, a, c FROM unnest(studybot_periods(day)) AS key
    ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
        points = t.points + excluded.points,
        answered = t.answered + excluded.answered,
        correct = t.correct + excluded.correct
$$;

CREATE FUNCTION studybot_totals_change(g BIGINT, u BIGINT, day TEXT, p INTEGER, a INTEGER, c INTEGER)
RETURNS void LANGUAGE sql AS $$
    UPDATE score_totals SET points = points + p, answered = answered + a, correct = correct + c
    WHERE guild_id = g AND user_id = u AND period = ANY (studybot_periods(day))
$$;

-- Kept inside the writing transaction, whatever the write path, as the SQLite triggers do.
CREATE FUNCTION studybot_results_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o RECORD;
    n RECORD;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := studybot_share(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := studybot_share(NEW);
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM studybot_totals_add(NEW.guild_id, NEW.user_id, NEW.day, n.points, n.answered, n.correct);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM studybot_totals_change(OLD.guild_id, OLD.user_id, OLD.day,
                                       -o.points, -o.answered, -o.correct);
    ELSIF OLD.guild_id = NEW.guild_id AND OLD.user_id = NEW.user_id AND OLD.day = NEW.day THEN
        PERFORM studybot_totals_change(NEW.guild_id, NEW.user_id, NEW.day, n.points - o.points,
                                       n.answered - o.answered, n.correct - o.correct);
    ELSE  -- moved to another guild, user or day (no code does this; kept exact all the same)
        PERFORM studybot_totals_change(OLD.guild_id, OLD.user_id, OLD.day,
                                       -o.points, -o.answered, -o.correct);
        PERFORM studybot_totals_add(NEW.guild_id, NEW.user_id, NEW.day, n.points, n.answered, n.correct);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER results_totals AFTER INSERT OR UPDATE OR DELETE ON results
    FOR EACH ROW EXECUTE FUNCTION studybot_results_totals();

-- Backfill from the results already stored.
INSERT INTO score_totals (guild_id, period, user_id, points, answered, correct)
SELECT guild_id, p, user_id, SUM(best_points), SUM((attempts > 0)::int),
       SUM((best_verdict IS NOT DISTINCT FROM 'correct' AND forfeited = 0)::int)
FROM results, unnest(studybot_periods(day)) AS p
GROUP BY guild_id, p, user_id;
