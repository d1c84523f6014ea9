// Line editing and history at the questionnaire's prompt, from Debian's libedit: arrow keys move
// in the line and through earlier answers, Ctrl-A/E, Ctrl-W and the user's ~/.editrc work, instead
// of arrow keys printing ^[[D. Only on a terminal; history stays in memory (answers about one's
// health are not written to a history file).
#pragma once

#include <cstdio>
#include <iosfwd>
#include <memory>

#include "terminal.hpp"

namespace backtriage::cli {

/// A line editor reading the terminal on in_fd and drawing on screen_fd, where screen_stream
/// writes too (flushed before each prompt); or nullptr when it cannot start (not a terminal,
/// TERM=dumb): then plain lines are read instead.
std::unique_ptr<PromptReader> make_line_editor(int in_fd, int screen_fd, std::ostream& screen_stream, size_t max_length);

}  // namespace backtriage::cli
