#ifndef SPOOR_CLIBPQ_SHIM_H
#define SPOOR_CLIBPQ_SHIM_H

#include <libpq-fe.h>

/* Swift does not import character-literal macros, so the PG_DIAG_* field codes
   that PQresultErrorField takes are re-exported here as constants. */
static const int CLibPQDiagSeverity = 'S';
static const int CLibPQDiagSeverityNonLocalized = 'V';
static const int CLibPQDiagSQLState = 'C';
static const int CLibPQDiagMessagePrimary = 'M';
static const int CLibPQDiagMessageDetail = 'D';
static const int CLibPQDiagMessageHint = 'H';
static const int CLibPQDiagStatementPosition = 'P';
static const int CLibPQDiagInternalPosition = 'p';
static const int CLibPQDiagInternalQuery = 'q';
static const int CLibPQDiagContext = 'W';
static const int CLibPQDiagSchemaName = 's';
static const int CLibPQDiagTableName = 't';
static const int CLibPQDiagColumnName = 'c';
static const int CLibPQDiagDataTypeName = 'd';
static const int CLibPQDiagConstraintName = 'n';
static const int CLibPQDiagSourceFile = 'F';
static const int CLibPQDiagSourceLine = 'L';
static const int CLibPQDiagSourceFunction = 'R';

#endif
