SELECT "DeviceName", "RemoteUrl", "RemotePort" FROM "public"."DeviceNetworkEvents" WHERE ("DeviceName" ~* $1::text OR "RemoteUrl" ~* $2::text OR coalesce("RemotePort"::text, '') ~* $3::text) AND NOT ("DeviceName" ILIKE $4::text OR "RemoteUrl" ILIKE $5::text OR coalesce("RemotePort"::text, '') ILIKE $6::text)
-- $1 text = '(^|[^[:alnum:]])contoso([^[:alnum:]]|$)'
-- $2 text = '(^|[^[:alnum:]])contoso([^[:alnum:]]|$)'
-- $3 text = '(^|[^[:alnum:]])contoso([^[:alnum:]]|$)'
-- $4 text = '%beta%'
-- $5 text = '%beta%'
-- $6 text = '%beta%'
