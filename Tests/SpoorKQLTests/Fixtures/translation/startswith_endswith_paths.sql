SELECT "FolderPath" FROM "public"."DeviceProcessEvents" WHERE "FolderPath" ILIKE $1::text OR "FolderPath" ILIKE $2::text OR NOT "FolderPath" ILIKE $3::text
-- $1 text = 'C:\\Program Files\\%'
-- $2 text = '%\\cmd.exe'
-- $3 text = 'C:\\Windows\\%'
