dataset = xdr_data
| fields event_id, action_remote_ip
| iploc action_remote_ip loc_country as country, loc_latlon suffix = _remote
| filter country_remote != null
