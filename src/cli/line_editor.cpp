#include "line_editor.hpp"

#include <histedit.h>
#include <unistd.h>

#include <clocale>
#include <ostream>
#include <cstdlib>
#include <string>
#include <string_view>

namespace backtriage::cli {

namespace {

constexpr int kHistorySize = 100;

class LineEditor final : public PromptReader {
 public:
  LineEditor(FILE* in, FILE* screen, std::ostream& screen_stream, size_t max_length)
      : in_(in), screen_(screen), screen_stream_(screen_stream), max_(max_length) {}
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;
  ~LineEditor() override {
    if (el_ != nullptr) el_end(el_);
    if (history_ != nullptr) history_end(history_);
    if (in_ != nullptr) std::fclose(in_);
    if (screen_ != nullptr) std::fclose(screen_);
  }

  bool start() {
    if (in_ == nullptr || screen_ == nullptr) return false;
    el_ = el_init("backtriage", in_, screen_, screen_);
    history_ = history_init();
    if (el_ == nullptr || history_ == nullptr) return false;
    HistEvent event;
    history(history_, &event, H_SETSIZE, kHistorySize);
    history(history_, &event, H_SETUNIQUE, 1);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_PROMPT, &LineEditor::prompt_of);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_HIST, history, history_);
    el_source(el_, nullptr);  // the user's ~/.editrc, as every libedit program reads it
    return true;
  }

  LineReader::Status read(std::string& line, const std::string& prompt) override {
    // A Ctrl-C that came while the questionnaire was busy (between two reads) has only set the
    // flag: el_gets would wait for a key before anyone looked at it.
    if (interrupted()) return LineReader::Status::interrupted;
    prompt_ = prompt;
    screen_stream_.flush();  // what the questionnaire wrote comes before the editor's prompt
    int count = 0;
    const char* got = el_gets(el_, &count);
    // Ctrl-C: our SIGINT handler flags it and the read fails with EINTR (no SA_RESTART), so
    // el_gets returns nothing; Ctrl-D on an empty line is the end of input.
    if (interrupted()) return LineReader::Status::interrupted;
    if (got == nullptr && count < 0) {  // a read error, not the end
      error_ = errno;
      return LineReader::Status::error;
    }
    if (got == nullptr || count <= 0) return LineReader::Status::eof;
    line.assign(got, static_cast<size_t>(count));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.size() > max_) {
      line.clear();
      return LineReader::Status::too_long;
    }
    if (line.find_first_not_of(" \t") != std::string::npos) {
      HistEvent event;
      history(history_, &event, H_ENTER, line.c_str());
    }
    return LineReader::Status::line;
  }

  bool echoes() const override { return true; }
  int error_number() const override { return error_; }

 private:
  int error_ = 0;
  static char* prompt_of(EditLine* el) {
    void* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return static_cast<LineEditor*>(self)->prompt_.data();
  }

  FILE* in_;
  FILE* screen_;
  std::ostream& screen_stream_;
  size_t max_;
  EditLine* el_ = nullptr;
  History* history_ = nullptr;
  std::string prompt_;
};

}  // namespace

std::unique_ptr<PromptReader> make_line_editor(int in_fd, int screen_fd, std::ostream& screen_stream, size_t max_length) {
  if (!is_terminal(in_fd) || !is_terminal(screen_fd)) return nullptr;
  const char* term = std::getenv("TERM");
  if (term == nullptr || *term == '\0' || std::string_view(term) == "dumb") return nullptr;
  // UTF-8 typed in the line (é, ü) is edited as characters, not bytes.
  std::setlocale(LC_CTYPE, "");
  // Own descriptors for the editor's FILEs, so that closing them leaves the program's alone.
  const int in_copy = ::dup(in_fd);
  const int screen_copy = ::dup(screen_fd);
  FILE* in = in_copy >= 0 ? ::fdopen(in_copy, "r") : nullptr;
  FILE* screen = screen_copy >= 0 ? ::fdopen(screen_copy, "w") : nullptr;
  if (in == nullptr && in_copy >= 0) ::close(in_copy);
  if (screen == nullptr && screen_copy >= 0) ::close(screen_copy);
  auto editor = std::make_unique<LineEditor>(in, screen, screen_stream, max_length);
  if (!editor->start()) return nullptr;
  return editor;
}

}  // namespace backtriage::cli
