-- lienthong schema v2: the e-Doc exchange (edXML packages and status packets). Portable H2/PostgreSQL SQL.

-- Every accepted edXML package or status packet, with what links it to other documents.
CREATE TABLE edoc_message (
    message_id          VARCHAR(100)  NOT NULL PRIMARY KEY,
    kind                VARCHAR(10)   NOT NULL,  -- DOCUMENT or STATUS
    sender              VARCHAR(35)   NOT NULL,
    document_id         VARCHAR(300)  NOT NULL,  -- DocumentId, or ResponseFor/DocumentId of a status packet
    business_type       INT,                     -- 0 new, 1 revoke, 2 update, 3 replace (documents)
    status_code         VARCHAR(2),              -- status packets
    original_message_id VARCHAR(100),            -- the document a revoke/update/replace/status refers to
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX edoc_message_document ON edoc_message (document_id, sender);
CREATE INDEX edoc_message_original ON edoc_message (original_message_id);

-- The latest business status each recipient reported for a document (01 arrived ... 06 completed, 13/15/16).
CREATE TABLE edoc_status (
    message_id        VARCHAR(100)  NOT NULL,   -- the document's bus message id
    recipient         VARCHAR(35)   NOT NULL,   -- the agency that reported it
    status_code       VARCHAR(2)    NOT NULL,
    description       VARCHAR(1000),
    status_message_id VARCHAR(100)  NOT NULL,   -- the status packet's bus message id
    reported_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, recipient)
);
