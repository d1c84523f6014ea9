// A command line the parser refused, said in our words: which command, which word or option, what
// would have been allowed and the likely intended spelling, instead of the parser's own phrases
// ("A subcommand is required", "At Most 1 required but received 2").
#pragma once

#include <span>
#include <string>

#include <CLI/CLI.hpp>

namespace backtriage::cli {

/// The message for error (without "backtriage: "), from the command definitions under root and
/// the words of the command line (without the program's name).
std::string usage_error_message(const CLI::App& root, const CLI::ParseError& error, std::span<const std::string> words);

}  // namespace backtriage::cli
