import CLibPQ
import Testing

@testable import SpoorPostgres

@Suite("ResultStatus mapping")
struct ResultStatusTests {
  @Test(
    "libpq statuses map to their cases, and only completed statements count as success",
    arguments: [
      (PGRES_COMMAND_OK, ResultStatus.commandOK, true),
      (PGRES_TUPLES_OK, .tuplesOK, true),
      (PGRES_SINGLE_TUPLE, .singleTuple, true),
      (PGRES_EMPTY_QUERY, .emptyQuery, true),
      (PGRES_COPY_IN, .copyIn, false),
      (PGRES_COPY_OUT, .copyOut, false),
      (PGRES_COPY_BOTH, .copyBoth, false),
      (PGRES_FATAL_ERROR, .fatalError, false),
      (PGRES_NONFATAL_ERROR, .nonfatalError, false),
      (PGRES_BAD_RESPONSE, .badResponse, false),
      (PGRES_PIPELINE_SYNC, .other(PGRES_PIPELINE_SYNC.rawValue), false),
    ])
  func maps(status: ExecStatusType, expected: ResultStatus, success: Bool) {
    #expect(ResultStatus(status) == expected)
    #expect(ResultStatus(status).isSuccess == success)
  }
}
