-- 0076: /timeline TERM asks an index of events for the term instead of matching every event of
-- every article that names it. Each event's match keys (digests/store/timeline.py `match_keys`: the
-- clitic variants and loose key of every word of its description, its text and its actors — exactly
-- what `timeline.mentions` accepts) are one row of event_keys, filled with the event and deleted with
-- it (events cascade from articles, keys from events); event_fts indexes them (external content, so a
-- delete removes exactly the keys that were indexed). Existing events are filled here through the SQL
-- function the store registers on its connection.
CREATE TABLE event_keys (
    event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    keys     TEXT NOT NULL
);
CREATE VIRTUAL TABLE event_fts USING fts5(
    keys, content = 'event_keys', content_rowid = 'event_id', detail = none, columnsize = 0,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '.,'"
);
INSERT INTO event_keys (event_id, keys) SELECT id, newsbot_event_keys(event, text, actors) FROM events;
INSERT INTO event_fts (event_fts) VALUES ('rebuild');
CREATE TRIGGER event_keys_add AFTER INSERT ON event_keys BEGIN
    INSERT INTO event_fts (rowid, keys) VALUES (NEW.event_id, NEW.keys);
END;
CREATE TRIGGER event_keys_remove AFTER DELETE ON event_keys BEGIN
    INSERT INTO event_fts (event_fts, rowid, keys) VALUES ('delete', OLD.event_id, OLD.keys);
END;
CREATE TRIGGER event_keys_change AFTER UPDATE ON event_keys BEGIN
    INSERT INTO event_fts (event_fts, rowid, keys) VALUES ('delete', OLD.event_id, OLD.keys);
    INSERT INTO event_fts (rowid, keys) VALUES (NEW.event_id, NEW.keys);
END;
