dataset = xdr_data
| bin _time span = 1h
| comp count() as events by _time
| sort asc _time
