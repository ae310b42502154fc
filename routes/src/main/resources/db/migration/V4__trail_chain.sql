-- lienthong schema v4: a tamper-evident trail. Each node chains the trail events it writes: every event carries
-- its place in the node's chain and the hash of the previous one; anchors record a chain's head from time to time.
ALTER TABLE trail_event ADD COLUMN node VARCHAR(64);
ALTER TABLE trail_event ADD COLUMN chain_seq BIGINT;
ALTER TABLE trail_event ADD COLUMN prev_hash CHAR(64);
ALTER TABLE trail_event ADD COLUMN hash CHAR(64);
CREATE UNIQUE INDEX trail_event_chain ON trail_event (node, chain_seq);

CREATE TABLE trail_anchor (
    node        VARCHAR(64) NOT NULL,
    chain_seq   BIGINT      NOT NULL,
    hash        CHAR(64)    NOT NULL,
    anchored_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (node, chain_seq)
);
