-- note[XQL-N001]: view is ignored: it changes how Cortex shows results, not which rows there are
SELECT "event_id", coalesce("action_remote_ip", $1::text) AS "ip" FROM "public"."xdr_data"
-- $1 text = 'N/A'
