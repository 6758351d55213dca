#include "edgetwin/model/diagnostic.hpp"

namespace edgetwin::model {

std::string Diagnostic::to_string() const {
  // Editors and CI annotators recognise "file:line:column: message"; the pointer follows in
  // parentheses so tools can find the value even when positions are unknown (line 0).
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  out += ": " + message;
  if (!pointer.empty()) {
    out += " (at " + pointer + ')';
  }
  return out;
}

}  // namespace edgetwin::model
