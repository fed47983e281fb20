SELECT "TimeGenerated", "UserPrincipalName", "ResultType" FROM "public"."SigninLogs" WHERE "ResultType" = $1::text OR "ResultType" = ANY($2::text[]) OR "ConditionalAccessStatus" = $3::text
-- $1 text = '0'
-- $2 text[] = {'50126', '50053'}
-- $3 text = 'success'
