SELECT "ProcessCommandLine" FROM "public"."DeviceProcessEvents" WHERE "ProcessCommandLine" ~* $1::text AND ("ProcessCommandLine" ~* $2::text AND "ProcessCommandLine" ~* $3::text)
-- $1 text = '(?:(^|[^[:alnum:]])mimikatz([^[:alnum:]]|$))|(?:(^|[^[:alnum:]])sekurlsa([^[:alnum:]]|$))'
-- $2 text = '(^|[^[:alnum:]])privilege([^[:alnum:]]|$)'
-- $3 text = '(^|[^[:alnum:]])debug([^[:alnum:]]|$)'
