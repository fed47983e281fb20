SELECT jsonb_build_object(coalesce($1::text, ''), to_jsonb(coalesce("FileName", '')), coalesce($2::text, ''), to_jsonb("ProcessId"), coalesce($3::text, ''), to_jsonb(coalesce("AccountName", ''))) AS "Details" FROM "public"."DeviceProcessEvents"
-- $1 text = 'FileName'
-- $2 text = 'ProcessId'
-- $3 text = 'AccountName'
