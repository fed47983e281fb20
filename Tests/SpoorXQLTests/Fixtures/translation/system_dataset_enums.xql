config case_sensitive = true
| dataset = incidents
| filter status = ENUM.NEW and severity in (ENUM.HIGH, ENUM.CRITICAL)
| fields incident_id, status
