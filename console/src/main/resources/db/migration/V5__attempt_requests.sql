-- Each attempt keeps the request it sent, as the webhook dispatcher records it: method, URL (query masked),
-- headers as sent (configured values and the signature masked), the body's size and SHA-256, and its text up to
-- 16 KiB. The body is a payload: the retention clears it with the other payloads, and keeps the rest.
ALTER TABLE attempts ADD COLUMN request jsonb;
