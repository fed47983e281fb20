SELECT "ProcessCommandLine" FROM "public"."DeviceProcessEvents" WHERE "ProcessCommandLine" ~* $1::text AND NOT "ProcessCommandLine" ~* $2::text AND "ProcessCommandLine" ~ $3::text AND "ProcessCommandLine" ~* $4::text AND "ProcessCommandLine" ~* $5::text
-- $1 text = '\-enc([^[:alnum:]]|$)'
-- $2 text = '(^|[^[:alnum:]])cmd\.exe([^[:alnum:]]|$)'
-- $3 text = '(^|[^[:alnum:]])IEX([^[:alnum:]]|$)'
-- $4 text = '(^|[^[:alnum:]])power'
-- $5 text = 'shell([^[:alnum:]]|$)'
