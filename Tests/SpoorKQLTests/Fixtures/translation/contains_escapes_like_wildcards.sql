SELECT "FolderPath" FROM "public"."DeviceProcessEvents" WHERE "FolderPath" ILIKE $1::text AND "ProcessCommandLine" ILIKE $2::text
-- $1 text = '%50\%\_off\\%'
-- $2 text = '% \\\\%'
