-- warning[XQL-W001]: dataset 'okta_sso_raw' has no data yet: it reads as an empty raw dataset, so the query returns no rows
SELECT "_document" ->> $3::text AS "actor_alternate_id" FROM "spoor"."raw_dataset_template" WHERE lower("_document" ->> $1::text) = $2::text
-- $1 text = 'outcome_result'
-- $2 text = 'failure'
-- $3 text = 'actor_alternate_id'
