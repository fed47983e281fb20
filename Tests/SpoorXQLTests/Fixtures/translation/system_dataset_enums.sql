SELECT "incident_id", "status" FROM "public"."incidents" WHERE lower("status") = $1::text AND lower("severity") = ANY($2::text[])
-- $1 text = 'new'
-- $2 text[] = {'high', 'critical'}
