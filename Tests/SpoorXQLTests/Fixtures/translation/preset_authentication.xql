preset = authentication_story | fields _time, agent_hostname, action_evtlog_event_id
