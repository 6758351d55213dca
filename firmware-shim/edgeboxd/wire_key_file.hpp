#pragma once
// The key files of the authenticated channel (wire_keys.hpp) on a real box: 64 hex digits (a
// trailing newline allowed), in a regular file owned by the daemon's user and readable by
// nobody else (mode 0600 or 0400). Anything else is refused with the reason, never read: a key
// others can read is a key the LAN may know, and a symbolic link may point anywhere.
#include <string>

#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::edgeboxd {

fw::Result<fw::WireKey, std::string> read_wire_key_file(const std::string& path);

}  // namespace edgetwin::edgeboxd
