-- The portal links that were opened: a link opens the portal once, on any console instance sharing this database.
-- A row is kept until its link expires, after which the link is refused for its expiry anyway.
CREATE TABLE portal_link_uses (
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (nonce)
);
CREATE INDEX portal_link_uses_expires ON portal_link_uses (expires_at);
