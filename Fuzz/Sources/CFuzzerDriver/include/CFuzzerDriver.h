// libFuzzer's driver, linked in by -sanitize=fuzzer: it parses libFuzzer's command line and calls `callback` with
// each input. The fuzz targets call it from their own `main`: SwiftPM gives every executable its own entry point,
// which is the one that runs, not libFuzzer's `main`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
