// The result of an assessment as the document a user asked for (--format text, json or markdown),
// the same for `assess` and for the questionnaire's `ask --output/--format`.
#pragma once

#include <string>

#include "report/report.hpp"

namespace backtriage::cli {

struct DocumentOptions {
  std::string format = "text";  // text, json or markdown
  std::string explain;          // an id: its explanation instead of the report ("" for none)
  bool verbose = false;
  std::string details_hint;     // text and Markdown: where to find how to do each plan item
};

/// The whole document, ending with a newline. JSON is indented for people; text follows style.
std::string result_document(const Evaluator& ev, const Assessment& assessment, const DocumentOptions& options,
                            const Style& style);

}  // namespace backtriage::cli
