-- 0075: /actor Putin finds «فلاديمير بوتين» and /actor ماكرون finds "Emmanuel Macron". People's names
-- are written by sound in the other script; their consonant skeletons (digests/translit.py) meet.
-- One row per person and skeleton (the whole name's and the surname's), filled at save time;
-- existing people are filled here through the SQL function the store registers on its connection.
CREATE TABLE actor_skeletons (
    skeleton TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    PRIMARY KEY (skeleton, actor_id)
) WITHOUT ROWID;
CREATE INDEX actor_skeletons_actor ON actor_skeletons(actor_id);
INSERT OR IGNORE INTO actor_skeletons (skeleton, actor_id)
    SELECT j.value, a.id FROM actors a, json_each(newsbot_name_skeletons(a.name)) j WHERE a.kind = 'person';
INSERT OR IGNORE INTO actor_skeletons (skeleton, actor_id)
    SELECT j.value, a.id FROM actors a, json_each(newsbot_name_skeletons(a.name_en)) j
    WHERE a.kind = 'person' AND a.name_en IS NOT NULL;
