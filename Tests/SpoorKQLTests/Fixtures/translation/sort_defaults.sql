SELECT "Timestamp", "FileName" FROM "public"."DeviceProcessEvents" ORDER BY "Timestamp" DESC NULLS LAST, "FileName" ASC NULLS FIRST, "FileSize" DESC NULLS FIRST, "ProcessId" ASC NULLS LAST
