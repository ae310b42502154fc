-- lienthong schema v6: one index fewer on the busiest table.
-- delivery_recipient_status was only used to list one agency's dead letters, which the (status, updated_at) index
-- serves as well (dead deliveries are few). Every delivery inserted and every state change had to maintain it:
-- three index entries of the twenty-odd the trail writes per message.
DROP INDEX delivery_recipient_status;
