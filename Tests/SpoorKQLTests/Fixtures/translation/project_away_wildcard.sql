SELECT "DeviceId", "FileName", "ReportId", "AppGuardContainerId" FROM "public"."DeviceImageLoadEvents"
