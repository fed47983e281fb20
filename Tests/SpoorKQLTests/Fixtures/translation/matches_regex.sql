SELECT "FolderPath" FROM "public"."DeviceProcessEvents" WHERE "FolderPath" ~ $1::text OR "ProcessCommandLine" ~ $2::text
-- $1 text = '\\Windows\\System32\\[a-zA-Z0-9]{8}\.tmp$'
-- $2 text = '(?i)\ywhoami\y'
