-- 0050: digest deliveries remember their article window and retry time; subscriptions their language.

ALTER TABLE deliveries ADD COLUMN since TEXT;          -- articles stored after this time ...
ALTER TABLE deliveries ADD COLUMN cutoff TEXT;         -- ... and up to this time
ALTER TABLE deliveries ADD COLUMN next_attempt TEXT;   -- when a failed delivery is tried again
ALTER TABLE deliveries ADD COLUMN sent_at TEXT;
ALTER TABLE deliveries ADD COLUMN article_id INTEGER;  -- set for /publish deliveries
CREATE INDEX deliveries_status ON deliveries(status, next_attempt);
CREATE INDEX subscriptions_slot ON subscriptions(active, time, timezone);
