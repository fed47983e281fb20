config case_sensitive = false | preset=xdr_registry | filter (event_type = ENUM.REGISTRY and event_sub_type = ENUM.REGISTRY_SET_VALUE) and action_registry_key_name contains "\CurrentVersion\Run"
| fields _time, agent_hostname
