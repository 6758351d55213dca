#include "edgetwin/firmware/activation/join_token.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kTokenFlag = "--join-token ";

}  // namespace

Result<std::string, IssueError> JoinTokens::start_script(const std::string& node,
                                                         const std::string& cloud_endpoint) {
  auto token = book_.issue(node);
  if (!token) return Result<std::string, IssueError>::failure(token.error());
  return "curl -fsSL https://" + cloud_endpoint + "/edge/join.sh | sudo sh -s -- --node " + node +
         " " + std::string(kTokenFlag) + token.value() + "\n";
}

std::string join_token_of(std::string_view script) {
  const auto at = script.find(kTokenFlag);
  if (at == std::string_view::npos) return "";
  const auto start = at + kTokenFlag.size();
  const auto end = script.find_first_of(" \n", start);
  return std::string(script.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace edgetwin::fw
