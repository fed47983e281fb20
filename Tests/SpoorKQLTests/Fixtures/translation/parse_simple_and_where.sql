SELECT coalesce((regexp_match("ProcessCommandLine", $1::text))[$2::integer], '') AS "Encoded", coalesce((regexp_match("FolderPath", $4::text))[$5::integer], '') AS "Drive", coalesce((regexp_match("FolderPath", $6::text))[$7::integer], '') AS "Rest" FROM "public"."DeviceProcessEvents" WHERE "FolderPath" ~ $3::text
-- $1 text = '(^.*?-enc (.*?) )'
-- $2 bigint = 2
-- $3 text = '^(.*?):\\(.*?)$'
-- $4 text = '(^(.*?):\\(.*?)$)'
-- $5 bigint = 2
-- $6 text = '(^(.*?):\\(.*?)$)'
-- $7 bigint = 3
