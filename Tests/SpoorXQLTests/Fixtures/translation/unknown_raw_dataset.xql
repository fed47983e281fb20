dataset = okta_sso_raw
| filter outcome_result = "FAILURE"
| fields actor_alternate_id
