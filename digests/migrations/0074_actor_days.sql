-- 0074: /actors ranks actors by mentions in the 30 days up to the newest article. Summing every
-- mention row of that window took 0.3-0.9 s at 100,000 articles whenever the cache was cold (after
-- each write); actor_days holds, per UTC day and actor, the mentions and articles of published
-- articles, so the window is ~30 days x the actors of a day (bench/store.py: about 10 ms).
--
-- actor_mentions.live is 1 while the mention's article is published. Triggers keep actor_days equal
-- to "SELECT substr(published, 1, 10), actor_id, sum(mentions), count(*) FROM actor_mentions WHERE
-- live GROUP BY 1, 2" through every insert, upsert, delete (including cascades from articles and
-- actors) and status or date change, inside the writing transaction.
ALTER TABLE actor_mentions ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
UPDATE actor_mentions SET live = 1 WHERE article_id IN (SELECT id FROM articles WHERE status = 'published');

CREATE TABLE actor_days (
    day      TEXT NOT NULL,               -- substr(article date, 1, 10): YYYY-MM-DD (UTC)
    actor_id INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (day, actor_id)
) WITHOUT ROWID;
INSERT INTO actor_days (day, actor_id, mentions, articles)
SELECT substr(published, 1, 10), actor_id, sum(mentions), count(*) FROM actor_mentions
WHERE live AND published IS NOT NULL GROUP BY 1, 2;

CREATE TRIGGER actor_days_add AFTER INSERT ON actor_mentions WHEN NEW.live AND NEW.published IS NOT NULL
BEGIN
    INSERT INTO actor_days (day, actor_id, mentions, articles)
    VALUES (substr(NEW.published, 1, 10), NEW.actor_id, NEW.mentions, 1)
    ON CONFLICT (day, actor_id) DO UPDATE SET mentions = mentions + excluded.mentions, articles = articles + 1;
END;

CREATE TRIGGER actor_days_remove AFTER DELETE ON actor_mentions WHEN OLD.live AND OLD.published IS NOT NULL
BEGIN
    UPDATE actor_days SET mentions = mentions - OLD.mentions, articles = articles - 1
    WHERE day = substr(OLD.published, 1, 10) AND actor_id = OLD.actor_id;
    DELETE FROM actor_days WHERE day = substr(OLD.published, 1, 10) AND actor_id = OLD.actor_id AND articles <= 0;
END;

CREATE TRIGGER actor_days_change AFTER UPDATE OF mentions, published, live, actor_id ON actor_mentions
BEGIN
    UPDATE actor_days SET mentions = mentions - OLD.mentions, articles = articles - 1
    WHERE OLD.live AND day = substr(OLD.published, 1, 10) AND actor_id = OLD.actor_id;
    DELETE FROM actor_days WHERE OLD.live AND day = substr(OLD.published, 1, 10) AND actor_id = OLD.actor_id
    AND articles <= 0;
    INSERT INTO actor_days (day, actor_id, mentions, articles)
    SELECT substr(NEW.published, 1, 10), NEW.actor_id, NEW.mentions, 1 WHERE NEW.live AND NEW.published IS NOT NULL
    ON CONFLICT (day, actor_id) DO UPDATE SET mentions = mentions + excluded.mentions, articles = articles + 1;
END;

CREATE TRIGGER actor_mentions_follow_article_status AFTER UPDATE OF status ON articles
WHEN (NEW.status = 'published') IS NOT (OLD.status = 'published')
BEGIN
    UPDATE actor_mentions SET live = (NEW.status = 'published') WHERE article_id = NEW.id;
END;
