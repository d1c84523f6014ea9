// `backtriage export`: the rule base in another system's language: FHIR for health systems,
// CLIPS and json-rules-engine for benchmarks and differential tests (bench/README.md).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "commands.hpp"
#include "interop/export_clips.hpp"
#include "interop/fhir.hpp"
#include "io/json_answers.hpp"

namespace backtriage::cli {

int cmd_export_clips(const RuleBase& rb, const std::string& cases, std::ostream& out, std::ostream& err) {
  out << export_clips(rb);
  if (cases.empty()) return 0;
  const int fd = ::open(cases.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", cases, std::strerror(errno)), ExitCode::usage);
  LineReader in(fd, kMaxBatchLine);
  std::string line;
  long line_no = 0, skipped = 0;
  for (LineReader::Status st; (st = in.read(line)) != LineReader::Status::eof && st != LineReader::Status::interrupted;) {
    ++line_no;
    if (st != LineReader::Status::line || trim(line).empty()) continue;
    const JsonAnswers answers = parse_json_answers(line, rb);
    // CLIPS gets complete cases only: an unknown answer has no closed-world equivalent there.
    if (!answers.ok || std::find(answers.values.begin(), answers.values.end(), kUnknown) != answers.values.end()) {
      ++skipped;
      continue;
    }
    out << clips_case(rb, line_no, answers.values);
  }
  ::close(fd);
  out << "(exit)\n";
  if (skipped) err << fmt::format("backtriage: {} lines were not complete answer sets and were left out\n", skipped);
  return 0;
}

int cmd_export_fhir(const RuleBase& rb, const std::string& url, std::ostream& out, std::ostream& err) {
  const FhirExport fhir = fhir_questionnaire(rb, url.empty() ? default_questionnaire_url(rb) : url);
  out << fhir.json;
  for (const auto& note : fhir.notes) err << "backtriage: note: " << note << "\n";
  return 0;
}

}  // namespace backtriage::cli
