// Linux test builds only. Debian trixie's Swift 6.0.3 ships a libswiftObservation.so that
// needs swift::threading::fatal(const char *, ...), which no shipped library exports, so
// any @Observable type fails to link. This defines it: print the message, then abort.
// (Apple's toolchains export the symbol; this file is never part of the iOS build.)
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void _ZN5swift9threading5fatalEPKcz(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  abort();
}
