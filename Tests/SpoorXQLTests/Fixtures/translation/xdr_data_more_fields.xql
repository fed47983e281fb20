dataset = xdr_data
| filter event_type = ENUM.LOGIN_EVENT and auth_outcome = "FAILURE"
| fields _time, agent_hostname, auth_identity, action_evtlog_level
