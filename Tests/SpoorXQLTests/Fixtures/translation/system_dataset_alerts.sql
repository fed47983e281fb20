SELECT "alert_id", "name", "mitre_technique_id_and_name", "starred" FROM "public"."alerts" WHERE lower("severity") = $1::text AND lower("host_name") = $2::text
-- $1 text = 'high'
-- $2 text = 'ws1'
