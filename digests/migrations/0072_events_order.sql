-- 0072: events read in timeline order straight from an index, so /timeline streams and stops
-- after one page instead of sorting every stored event.
CREATE INDEX IF NOT EXISTS events_order ON events(start, end, article_id);
