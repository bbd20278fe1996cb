-- An event keeps every attribute of its envelope (CloudEvents extensions, correlation and causation ids, depth...)
-- except its data, which stays in its own column where the retention clears it: the event's page shows the whole
-- envelope, and a search's `where` is evaluated on it exactly as a subscription's is. Events stored before this
-- column existed keep NULL in it; their envelope is rebuilt from the other columns.
ALTER TABLE events ADD COLUMN attributes jsonb;
