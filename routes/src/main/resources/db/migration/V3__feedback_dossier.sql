-- lienthong schema v3: citizen feedback (PAKN) and dossier (TTHC) results. Portable H2/PostgreSQL SQL.

-- A feedback item from a portal; its delivery to the handling agency is the bus message message_id.
CREATE TABLE feedback_item (
    id                VARCHAR(100)  NOT NULL PRIMARY KEY,
    portal            VARCHAR(35)   NOT NULL,
    handling_agency   VARCHAR(35)   NOT NULL,
    topic             VARCHAR(100),
    title             VARCHAR(1000) NOT NULL,
    submitted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline          TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id        VARCHAR(100)  NOT NULL,
    replied_at        TIMESTAMP WITH TIME ZONE,
    overdue_at        TIMESTAMP WITH TIME ZONE  -- when the bus recorded it as overdue
);
CREATE INDEX feedback_open ON feedback_item (replied_at, deadline);
CREATE INDEX feedback_agency ON feedback_item (handling_agency);

CREATE TABLE feedback_reply (
    feedback_id VARCHAR(100)  NOT NULL,
    message_id  VARCHAR(100)  NOT NULL,
    responder   VARCHAR(500),
    content     VARCHAR(20000) NOT NULL,
    attachments INT           NOT NULL,
    replied_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (feedback_id, message_id)
);

-- The latest known state of each reported dossier, for the monthly statistics.
CREATE TABLE dossier (
    reporter     VARCHAR(35)   NOT NULL,
    ma_ho_so     VARCHAR(100)  NOT NULL,
    ma_tthc      VARCHAR(100)  NOT NULL,
    ten_tthc     VARCHAR(1000),
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at       TIMESTAMP WITH TIME ZONE,
    resolved_at  TIMESTAMP WITH TIME ZONE,
    status       VARCHAR(20)   NOT NULL,   -- the portal's status code
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (reporter, ma_ho_so)
);
CREATE INDEX dossier_received ON dossier (received_at);
