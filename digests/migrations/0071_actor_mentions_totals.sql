-- 0071: actor lookups sum each actor's mentions (/actor NAME, its suggestions, /actors): a covering
-- index answers those sums from the index alone instead of reading every mention row
-- (bench/store.py at 20,000 articles: the all-aliases query went from 440 ms to under 100 ms).
CREATE INDEX IF NOT EXISTS actor_mentions_totals ON actor_mentions(actor_id, mentions);
