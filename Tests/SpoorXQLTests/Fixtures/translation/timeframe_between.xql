config timeframe between "2025-01-01 00:00:00 +0200" and "2025-01-31 12:30:00" | dataset = xdr_data | fields _time
