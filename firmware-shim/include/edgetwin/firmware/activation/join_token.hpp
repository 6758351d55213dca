#pragma once
// Generic nodes (a customer's own host rather than an EdgeBox) join a cluster by running the
// start script the cloud console shows for the node ("节点脚本", an O&M permission). The script
// carries a one-time join token with the rules of a bind code (bind_code_book.hpp): bound to
// the node, single-use, expiring, stored hashed, lockout after wrong tokens. Only its length
// differs: nobody types it, so it is 32 hex characters (128 bits).
#include <string>

#include "edgetwin/firmware/activation/bind_code_book.hpp"

namespace edgetwin::fw {

inline CodeBookConfig join_token_book_config() {
  CodeBookConfig c;
  c.code_hex_chars = 32;
  return c;
}

class JoinTokens {
 public:
  JoinTokens(Platform& platform, CodeBookConfig config = join_token_book_config())
      : book_(platform, config) {}

  // The start script of `node`, with a fresh token (replacing the previous script's).
  Result<std::string, IssueError> start_script(const std::string& node,
                                               const std::string& cloud_endpoint);
  OneTimeCodeBook& book() { return book_; }

 private:
  OneTimeCodeBook book_;
};

// The token inside a start script, or "" when the text is not one of our scripts.
std::string join_token_of(std::string_view script);

}  // namespace edgetwin::fw
