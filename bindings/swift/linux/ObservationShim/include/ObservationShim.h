// Nothing to import: the target only adds one C symbol to Linux test builds
// (see threading_fatal.c). SwiftPM needs a public header folder for a C target.
#pragma once
