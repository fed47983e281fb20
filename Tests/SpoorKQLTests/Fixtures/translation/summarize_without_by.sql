SELECT count(*) AS "Events", count(DISTINCT "DeviceId") AS "Devices", coalesce(to_jsonb((array_agg(DISTINCT "FileName") FILTER (WHERE "FileName" IS NOT NULL AND "FileSize" > $1::bigint))[1:$2::integer]), '[]'::jsonb) AS "Files" FROM "public"."DeviceProcessEvents"
-- $1 bigint = 0
-- $2 bigint = 100
