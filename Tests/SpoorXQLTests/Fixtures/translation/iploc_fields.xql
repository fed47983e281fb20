dataset = xdr_data
| iploc action_remote_ip
| filter loc_country != null
| fields event_id, loc_country, loc_city
| sort asc event_id
