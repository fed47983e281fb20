SELECT "FolderPath", "FileName" AS "Name" FROM "public"."DeviceProcessEvents"
