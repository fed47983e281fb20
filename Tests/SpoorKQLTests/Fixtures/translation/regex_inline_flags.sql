SELECT "FileName" FROM "public"."DeviceProcessEvents" WHERE "ProcessCommandLine" ~ $1::text OR "FileName" ~ $2::text
-- $1 text = '\\AppData\\[lL][oO][cC][aA][lL]\\[tT][eE][mM][pP]\\[a-fA-F0-9]+\.[eE][xX][eE]'
-- $2 text = '^(?:[pP][oO][wW][eE][rR][sS][hH][eE][lL][lL])\.exe$'
