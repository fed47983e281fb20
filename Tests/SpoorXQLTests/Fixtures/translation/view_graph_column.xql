dataset = xdr_data
| comp count() as events by agent_hostname
| view graph type = column subtype = grouped header = "Events per host" xaxis = agent_hostname yaxis = events
