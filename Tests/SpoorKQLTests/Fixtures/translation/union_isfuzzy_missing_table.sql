-- warning[KQL-W001]: union isfuzzy=true leaves out 'NoSuchTable': no table or let of that name
SELECT "ReportId" FROM "public"."DeviceNetworkEvents"
