SELECT "DeviceName", coalesce((regexp_match("AdditionalFields", $2::text))[$3::integer], '') AS "PipeName", CASE WHEN coalesce((regexp_match("AdditionalFields", $4::text))[$5::integer], '') ~ '^\s*[-+]?[0-9]{1,18}\s*$' THEN coalesce((regexp_match("AdditionalFields", $4::text))[$5::integer], '')::bigint END AS "Remote Port" FROM "public"."DeviceEvents" WHERE "ActionType" = $1::text
-- $1 text = 'NamedPipeEvent'
-- $2 text = '((?:^|;)[ \t\n\r\v\f]*PipeName[ \t\n\r\v\f]*=[ \t\n\r\v\f]*([^;]*[^; \t\n\r\v\f])?)'
-- $3 bigint = 2
-- $4 text = '((?:^|;)[ \t\n\r\v\f]*Remote Port[ \t\n\r\v\f]*=[ \t\n\r\v\f]*([^;]*[^; \t\n\r\v\f])?)'
-- $5 bigint = 2
