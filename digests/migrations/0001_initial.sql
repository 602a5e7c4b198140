-- 0001: the initial schema: feeds, articles and their analysis, chats, subscriptions, deliveries, audit log.

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    interval_min  INTEGER,
    etag          TEXT,
    last_modified TEXT,
    last_polled   TEXT,
    next_poll     TEXT,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    alerted       INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    added_by      TEXT,
    created       TEXT NOT NULL
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    source       TEXT NOT NULL DEFAULT '',
    url          TEXT,
    guid         TEXT,
    title        TEXT NOT NULL,
    language     TEXT NOT NULL,
    published    TEXT,
    fetched      TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    paragraphs   TEXT NOT NULL,          -- JSON list of body paragraphs (original text)
    dateline     TEXT,                   -- JSON {"place", "agency"} or NULL
    subheadings  TEXT NOT NULL DEFAULT '[]',
    flags        TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL DEFAULT 'published'  -- published | draft
);
CREATE UNIQUE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_fetched ON articles(fetched);

CREATE TABLE cards (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    topic      TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    emoji      TEXT NOT NULL,
    paragraphs TEXT NOT NULL,            -- JSON list of paragraph indices
    summary    TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE actors (
    id       INTEGER PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,       -- normalised canonical name
    name     TEXT NOT NULL,
    name_en  TEXT,
    kind     TEXT NOT NULL
);

CREATE TABLE actor_aliases (
    alias_key TEXT NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    PRIMARY KEY (alias_key, actor_id)
);
CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id);

CREATE TABLE actor_mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id   INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,            -- the name as this article gives it
    role       TEXT,
    aliases    TEXT NOT NULL DEFAULT '[]',
    mentions   INTEGER NOT NULL DEFAULT 0,
    paragraphs TEXT NOT NULL DEFAULT '[]',
    quotes     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, actor_id)
);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      TEXT,
    end        TEXT,
    precision  TEXT NOT NULL,
    text       TEXT NOT NULL,
    event      TEXT NOT NULL,
    paragraphs TEXT NOT NULL DEFAULT '[]',
    actors     TEXT NOT NULL DEFAULT '[]',
    relative   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_start ON events(start);

CREATE TABLE figures (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    value      REAL NOT NULL,
    what       TEXT NOT NULL,
    qualifier  TEXT,
    text       TEXT NOT NULL,
    paragraph  INTEGER NOT NULL
);
CREATE INDEX figures_article ON figures(article_id);

CREATE TABLE chats (
    platform TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    lang     TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (platform, chat_id)
);

CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    thread_id   TEXT,
    time        TEXT NOT NULL DEFAULT '08:00',
    timezone    TEXT NOT NULL,
    filters     TEXT NOT NULL DEFAULT '{}',
    active      INTEGER NOT NULL DEFAULT 1,
    last_digest TEXT,
    created_by  TEXT,
    created     TEXT NOT NULL,
    UNIQUE (platform, chat_id, thread_id)
);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    digest_date     TEXT NOT NULL,
    status          TEXT NOT NULL,       -- pending | sent | failed | abandoned
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    updated         TEXT NOT NULL,
    UNIQUE (subscription_id, digest_date)
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    platform TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT
);

-- Full-text index over normalised, clitic-expanded terms (see digests.textnorm.search_terms).
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, body, cards,
    tokenize = 'unicode61 remove_diacritics 2'
);
