SELECT "UserPrincipalName", "IPAddress", count(*) AS "Failures" FROM "public"."AADNonInteractiveUserSignInLogs" WHERE "TimeGenerated" > $1::timestamptz - $2::interval AND "ResultType" = $3::text GROUP BY "UserPrincipalName", "IPAddress"
-- $1 timestamptz = 1767225600000000us
-- $2 interval = 86400000000us
-- $3 text = '50126'
