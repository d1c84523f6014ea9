// The command-line front end: parses arguments, runs one command, maps errors to exit codes.
#pragma once

#include <iosfwd>

namespace backtriage::cli {

/// Runs the program as if from main(); never throws, returns the process exit code.
int run(int argc, char** argv);

/// The same with explicit streams, for tests.
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace backtriage::cli
