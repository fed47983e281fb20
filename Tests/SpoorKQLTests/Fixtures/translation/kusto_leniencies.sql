SELECT "ReportId", CASE jsonb_typeof(spoor.parse_json("AdditionalFields") -> $5::text) WHEN 'boolean' THEN ((spoor.parse_json("AdditionalFields") -> $5::text))::boolean WHEN 'number' THEN ((spoor.parse_json("AdditionalFields") -> $5::text))::numeric <> 0 WHEN 'string' THEN CASE lower(btrim((spoor.parse_json("AdditionalFields") -> $5::text) #>> '{}')) WHEN 'true' THEN true WHEN 'false' THEN false END END AS "Logon", spoor.parse_json("AdditionalFields") -> $6::text AS "Port" FROM "public"."DeviceProcessEvents" WHERE "ProcessId" = $1::bigint OR "ProcessId" IN ($2::bigint, $3::bigint) OR "IsProcessRemoteSession" = $4::boolean
-- $1 bigint = 4
-- $2 bigint = 8
-- $3 bigint = 12
-- $4 boolean = true
-- $5 text = 'IsLocalLogon'
-- $6 text = 'Port'
